import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { ApiClient } from './api-client';
import { UsageError } from './config-store';

/** The person has this long to finish at their identity provider. */
const SIGN_IN_TIMEOUT_MS = 5 * 60_000;

/** What the control plane answers for a redeemed handoff code. */
export interface RedeemedSession {
  token: string;
  session: { name: string | null; email: string | null; team: string; role: string };
}

/**
 * `fleetplane login --sso`: a loopback redirect (RFC 8252). The CLI listens on 127.0.0.1, asks the person
 * to open the control plane's sign-in URL, and receives the handoff code when the control plane sends
 * the browser back; it redeems the code with a verifier that never left this process (so a code seen by
 * anyone else is useless) and returns the session token. `announce` shows the URL to open.
 */
export async function signInWithSso(url: string, announce: (signInUrl: string) => void): Promise<RedeemedSession> {
  const api = new ApiClient({ url });
  const status = await api.get<{ enabled: boolean }>('v1/auth/sso');
  if (!status.enabled) throw new UsageError(`${url} does not offer single sign-on: log in with --token instead`);
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const listener = await listenForHandoff();
  try {
    const signIn = new URL('v1/auth/sso/login', url.endsWith('/') ? url : `${url}/`);
    signIn.search = new URLSearchParams({ challenge, cliPort: String(listener.port) }).toString();
    announce(signIn.toString());
    const code = await listener.code;
    return await api.post<RedeemedSession>('v1/auth/sso/session', { code, verifier });
  } finally {
    listener.close();
  }
}

/** A one-shot server on a free loopback port, resolving with the first `/callback?code=` it is sent. */
async function listenForHandoff(): Promise<{ port: number; code: Promise<string>; close(): void }> {
  let received: (code: string) => void = () => undefined;
  const code = new Promise<string>((resolve, reject) => {
    received = resolve;
    setTimeout(
      () => reject(new Error('no sign-in came back within 5 minutes; run the command again')),
      SIGN_IN_TIMEOUT_MS,
    ).unref();
  });
  const server = createServer((request, response) => {
    const handoff = new URL(request.url ?? '/', 'http://127.0.0.1').searchParams.get('code');
    if (!request.url?.startsWith('/callback') || !handoff) {
      response.writeHead(404).end();
      return;
    }
    response
      .writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' })
      .end('Signed in to Fleetplane. You can close this tab and return to the terminal.\n');
    received(handoff);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { port: (server.address() as AddressInfo).port, code, close: () => server.close() };
}
