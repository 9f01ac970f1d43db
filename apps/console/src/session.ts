const KEY = 'fleetplane.token';
const HANDOFF = /^#sso=([A-Za-z0-9_-]{43,128})$/;

/** The token lives in this tab's sessionStorage only: gone when the tab closes, never in a URL. */
export const session = {
  token: (): string | null => sessionStorage.getItem(KEY),
  signIn: (token: string) => sessionStorage.setItem(KEY, token),
  signOut: () => sessionStorage.removeItem(KEY),
  /**
   * The single-use handoff code a single sign-on redirect put in the fragment (`/#sso=<code>`), taken out
   * of the address at once so it stays in neither the history nor a copied link.
   */
  takeHandoffCode: (): string | null => {
    const code = HANDOFF.exec(location.hash)?.[1] ?? null;
    if (code) history.replaceState(null, '', location.pathname + location.search);
    return code;
  },
};
