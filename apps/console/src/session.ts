const KEY = 'fleetplane.token';
const VERIFIER = 'fleetplane.sso-verifier';
const HANDOFF = /^#sso=([A-Za-z0-9_-]{43,128})$/;

/** What a single sign-on redirect brought back, and the verifier this tab kept when it left. */
export interface Handoff {
  code: string;
  verifier: string | null;
}

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

/** The token lives in this tab's sessionStorage only: gone when the tab closes, never in a URL. */
export const session = {
  token: (): string | null => sessionStorage.getItem(KEY),
  signIn: (token: string) => sessionStorage.setItem(KEY, token),
  signOut: () => sessionStorage.removeItem(KEY),
  /**
   * Leaves for the identity provider (a top-level navigation) with the S256 challenge of a verifier this
   * tab keeps: the handoff code that comes back redeems only with it, so a code planted in a link by
   * someone else signs no one in here.
   */
  beginSingleSignOn: async (): Promise<void> => {
    const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
    sessionStorage.setItem(VERIFIER, verifier);
    const challenge = base64url(
      new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
    );
    location.assign(`/v1/auth/sso/login?challenge=${challenge}`);
  },
  /**
   * The single-use handoff code a single sign-on redirect put in the fragment (`/#sso=<code>`), taken out
   * of the address at once so it stays in neither the history nor a copied link, with the verifier.
   */
  takeHandoff: (): Handoff | null => {
    const code = HANDOFF.exec(location.hash)?.[1];
    if (!code) return null;
    history.replaceState(null, '', location.pathname + location.search);
    const verifier = sessionStorage.getItem(VERIFIER);
    sessionStorage.removeItem(VERIFIER);
    return { code, verifier };
  },
};
