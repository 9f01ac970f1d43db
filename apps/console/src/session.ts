const KEY = 'fleetplane.token';

/** The token lives in this tab's sessionStorage only: gone when the tab closes, never in a URL. */
export const session = {
  token: (): string | null => sessionStorage.getItem(KEY),
  signIn: (token: string) => sessionStorage.setItem(KEY, token),
  signOut: () => sessionStorage.removeItem(KEY),
};
