import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { Provider } from 'oidc-provider';

/** A person the test identity provider knows, with the groups its `groups` claim lists. */
export interface TestUser {
  login: string;
  name: string;
  email: string;
  groups: string[];
}

export interface TestIdentityProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  stop(): Promise<void>;
}

/**
 * A real OpenID provider (`oidc-provider`, a certified implementation) on a loopback port, with one
 * confidential client that must use PKCE, and `users` signing in through its development login page.
 * The groups claim comes with the `groups` scope, from userinfo (the provider keeps the ID token to its
 * standard claims, as many do). Call `register` with the client's redirect URI once it is known.
 */
export async function startIdentityProvider(
  users: TestUser[],
): Promise<TestIdentityProvider & { register(redirectUri: string): void }> {
  let handler: (request: IncomingMessage, response: ServerResponse) => void = (_request, response) =>
    response.writeHead(503).end();
  const server: Server = createServer((request, response) => handler(request, response));
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'fleetplane';
  const clientSecret = `idp-secret-${randomBytes(16).toString('hex')}`;
  const byLogin = new Map(users.map((user) => [user.login, user]));
  return {
    issuer,
    clientId,
    clientSecret,
    register(redirectUri: string) {
      const provider = new Provider(issuer, {
        clients: [
          {
            client_id: clientId,
            client_secret: clientSecret,
            redirect_uris: [redirectUri],
            token_endpoint_auth_method: 'client_secret_post',
          },
        ],
        pkce: { required: () => true },
        findAccount: (_context, id) => {
          const user = byLogin.get(id);
          return (
            user && {
              accountId: id,
              claims: () => ({ sub: id, name: user.name, email: user.email, groups: user.groups }),
            }
          );
        },
        claims: { openid: ['sub'], profile: ['name'], email: ['email'], groups: ['groups'] },
        scopes: ['openid', 'profile', 'email', 'groups'],
        cookies: { keys: [randomBytes(16).toString('hex')] },
        features: { devInteractions: { enabled: true } },
        ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
      });
      handler = provider.callback();
    },
    stop: () => new Promise<void>((stopped) => server.close(() => stopped())),
  };
}

/** The control plane's answer at the end of a sign-in: its callback's status, redirect and body. */
export interface CallbackAnswer {
  /** The callback URL the provider sent the browser to (its code and state included). */
  url: string;
  status: number;
  location: string | null;
  body: string;
}

/**
 * Plays a person's browser from a sign-in URL of the control plane through the provider's login and
 * consent pages (its development interactions: any password), following redirects with a cookie jar,
 * and stops at the control plane's callback, whose answer it returns without following it.
 */
export async function signInThroughBrowser(startUrl: string, login: string): Promise<CallbackAnswer> {
  const cookies = new Map<string, string>();
  let request: { url: URL; form?: URLSearchParams } = { url: new URL(startUrl) };
  for (let hop = 0; hop < 20; hop += 1) {
    const response = await fetch(request.url, {
      method: request.form ? 'POST' : 'GET',
      body: request.form,
      redirect: 'manual',
      headers: { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const separator = pair.indexOf('=');
      cookies.set(pair.slice(0, separator), pair.slice(separator + 1));
    }
    const body = await response.text();
    const location = response.headers.get('location');
    if (request.url.pathname === '/v1/auth/sso/callback')
      return { url: request.url.toString(), status: response.status, location, body };
    if (location) request = { url: new URL(location, request.url) };
    else request = { url: new URL(formAction(body), request.url), form: formFields(body, login) };
  }
  throw new Error('the sign-in did not reach the control plane in 20 steps');
}

function formAction(html: string): string {
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`expected a login or consent form, got: ${html.slice(0, 500)}`);
  return action.replaceAll('&amp;', '&');
}

/** The page's fields: its hidden ones, and the login and any password on a login page. */
function formFields(html: string, login: string): URLSearchParams {
  const fields = new URLSearchParams();
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g))
    fields.set(name, value);
  if (/name="login"/.test(html)) fields.set('login', login);
  if (/name="password"/.test(html)) fields.set('password', 'any');
  return fields;
}
