import { createServer, IncomingMessage, ServerResponse } from 'node:http';

/**
 * A local Security Token Service for workload identity federation: google-auth-library's
 * `external_account` credentials (application default credentials from a configuration file)
 * exchange a subject token at the file's `token_url`. Request and answer follow
 * https://cloud.google.com/iam/docs/reference/sts/rest/v1/TopLevel/token (form-encoded
 * `grant_type=urn:ietf:params:oauth:grant-type:token-exchange`, `subject_token`, ...; answer
 * `{access_token, issued_token_type, token_type, expires_in}`); a refusal is OAuth 2.0's error
 * body (RFC 6749 section 5.2).
 */
export interface GoogleStsFake {
  tokenUrl: string;
  /** Subject tokens exchanged so far. */
  exchanges: string[];
  stop(): Promise<void>;
}

export async function startGoogleStsFake(issue: (subjectToken: string) => string | undefined): Promise<GoogleStsFake> {
  const exchanges: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      const subjectToken = form.get('subject_token') ?? '';
      exchanges.push(subjectToken);
      const accessToken =
        req.method === 'POST' && form.get('grant_type') === 'urn:ietf:params:oauth:grant-type:token-exchange'
          ? issue(subjectToken)
          : undefined;
      res.writeHead(accessToken ? 200 : 400, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          accessToken
            ? {
                access_token: accessToken,
                issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
                token_type: 'Bearer',
                expires_in: 3600,
              }
            : { error: 'invalid_grant', error_description: 'The subject token was refused.' },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    tokenUrl: `http://127.0.0.1:${port}/v1/token`,
    exchanges,
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
