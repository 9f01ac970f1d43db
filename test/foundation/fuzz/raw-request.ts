import { request as httpRequest } from 'node:http';

export interface RawRequest {
  method: string;
  /** Already percent-encoded path and query. */
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export interface RawResponse {
  status: number;
  contentType: string;
  body: string;
}

/**
 * One request exactly as given (no client normalising its path or body). An event stream is not read
 * past its headers: the status and content type are what the fuzzer judges.
 */
export function send(baseUrl: string, raw: RawRequest, timeoutMs = 15_000): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: raw.method,
        path: raw.path,
        headers: { ...raw.headers, ...(raw.body ? { 'content-length': String(raw.body.length) } : {}) },
        timeout: timeoutMs,
      },
      (response) => {
        const contentType = String(response.headers['content-type'] ?? '');
        const answer = { status: response.statusCode ?? 0, contentType };
        if (contentType.startsWith('text/event-stream')) {
          response.destroy();
          resolve({ ...answer, body: '' });
          return;
        }
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ ...answer, body: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    outgoing.on('error', reject);
    outgoing.end(raw.body);
  });
}

/** Percent-encodes every UTF-16 code unit, a lone surrogate as the bytes WTF-8 gives it (invalid UTF-8). */
export function percentEncode(text: string): string {
  let encoded = '';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const pair = unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
    if (pair >= 0xdc00 && pair <= 0xdfff) {
      encoded += encodeURIComponent(text[i] + text[i + 1]);
      i++;
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      encoded += [
        '%' + (0xe0 | (unit >> 12)).toString(16),
        (0x80 | ((unit >> 6) & 0x3f)).toString(16),
        (0x80 | (unit & 0x3f)).toString(16),
      ].join('%');
    } else {
      encoded += encodeURIComponent(text[i]);
    }
  }
  return encoded;
}
