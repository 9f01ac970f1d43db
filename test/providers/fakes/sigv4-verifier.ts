import { createHash, createHmac } from 'node:crypto';

/**
 * Recomputes the signature of a SigV4 presigned GET URL from first principles (AWS "Signature
 * Version 4 signing process": canonical request, string to sign, derived key), independently of
 * the `@smithy/signature-v4` code under test. `signedHeaders` are the header values sent with the URL.
 */
export function presignedSignature(url: URL, signedHeaders: Record<string, string>, secretAccessKey: string): string {
  const query = [...url.searchParams.entries()]
    .filter(([key]) => key !== 'X-Amz-Signature')
    .map(([key, value]) => [rfc3986(key), rfc3986(value)])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
  const names = Object.keys(signedHeaders)
    .map((name) => name.toLowerCase())
    .sort();
  const lowered = Object.fromEntries(Object.entries(signedHeaders).map(([k, v]) => [k.toLowerCase(), v.trim()]));
  const canonicalRequest = [
    'GET',
    url.pathname,
    query,
    names.map((name) => `${name}:${lowered[name]}\n`).join(''),
    names.join(';'),
    sha256Hex(''),
  ].join('\n');
  const amzDate = url.searchParams.get('X-Amz-Date') ?? '';
  const [, date, region, service, terminator] = (url.searchParams.get('X-Amz-Credential') ?? '').split('/');
  const scope = [date, region, service, terminator].join('/');
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  let key: Buffer = hmac(`AWS4${secretAccessKey}`, date);
  for (const part of [region, service, terminator]) key = hmac(key, part);
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

function sha256Hex(data: string): string {
  return createHash('sha256').update(data).digest('hex');
}

function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
