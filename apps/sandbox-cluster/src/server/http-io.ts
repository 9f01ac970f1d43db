import { ApiRequest, ApiResponse } from './exchange';
import { StatusObject } from '../api/types';

const MAX_BODY_BYTES = 3 * 1024 * 1024;

export async function readBody(request: ApiRequest): Promise<string> {
  return (await readBodyBytes(request)).toString('utf8');
}

export function readBodyBytes(request: ApiRequest): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

export function sendJson(
  response: ApiResponse,
  statusCode: number,
  body: unknown,
  headers: Record<string, string | string[]> = {},
): void {
  const payload = JSON.stringify(body);
  response.writeHead(statusCode, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(payload),
    'Cache-Control': 'no-cache, private',
    ...headers,
  });
  response.end(payload);
}

export function sendStatus(
  response: ApiResponse,
  status: StatusObject,
  headers: Record<string, string | string[]> = {},
): void {
  sendJson(response, status.code, status, headers);
}
