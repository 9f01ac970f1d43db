import { ApiError, badRequest, statusFailure } from '../api/api-error';
import { JsonValue } from '../api/types';
import { PROTOBUF_MEDIA_TYPE, decodeProtobufObject } from '../protobuf/protobuf-body';
import { ApiRequest } from './exchange';
import { readBodyBytes } from './http-io';

const ACCEPTED_BODY_TYPES = `application/json, ${PROTOBUF_MEDIA_TYPE}`;

/** One entry of an Accept header: its media type and parameters, in the client's order of preference. */
export interface MediaRange {
  type: string;
  params: Record<string, string>;
}

export function parseAccept(header: string | undefined): MediaRange[] {
  if (!header) return [];
  return header.split(',').map((entry) => {
    const [type, ...params] = entry.split(';').map((part) => part.trim());
    return {
      type: type.toLowerCase(),
      params: Object.fromEntries(
        params.map((param) => {
          const equals = param.indexOf('=');
          return [param.slice(0, equals).trim(), param.slice(equals + 1).trim()];
        }),
      ),
    };
  });
}

/**
 * The sandbox answers in JSON only. A client that lists protobuf first but also accepts JSON (as kubectl's
 * typed clients do) is answered in JSON, which client-go decodes by the response's Content-Type; a client
 * that accepts no JSON at all gets the API server's 406.
 */
export function requireJsonAccepted(header: string | undefined): void {
  const ranges = parseAccept(header);
  const acceptsJson = ranges.some((range) => ['application/json', 'application/*', '*/*'].includes(range.type));
  if (ranges.length > 0 && !acceptsJson) {
    throw new ApiError(
      statusFailure(
        406,
        'NotAcceptable',
        `only the following media types are accepted: application/json, application/yaml, ${PROTOBUF_MEDIA_TYPE}`,
      ),
    );
  }
}

function contentTypeOf(request: ApiRequest): string {
  return (request.headers['content-type'] ?? 'application/json').split(';')[0].trim().toLowerCase();
}

/** The object a POST or PUT carries: its JSON value, and its text when it came as JSON rather than protobuf. */
export interface ObjectBody {
  value: JsonValue;
  text?: string;
}

export async function readObjectBody(request: ApiRequest): Promise<ObjectBody> {
  const contentType = contentTypeOf(request);
  if (contentType === PROTOBUF_MEDIA_TYPE) return { value: decodeProtobufObject(await readBodyBytes(request)) };
  if (contentType !== 'application/json' && contentType !== '*/*') {
    throw new ApiError(
      statusFailure(
        415,
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - accepted media types include: ${ACCEPTED_BODY_TYPES}`,
      ),
    );
  }
  const text = (await readBodyBytes(request)).toString('utf8');
  return { value: parseJsonBody(text), text };
}

/** An options body (DeleteOptions), which may be empty: JSON or Kubernetes protobuf, as for objects. */
export async function readOptionsBody(request: ApiRequest): Promise<JsonValue> {
  const bytes = await readBodyBytes(request);
  if (contentTypeOf(request) === PROTOBUF_MEDIA_TYPE && bytes.length > 0) return decodeProtobufObject(bytes);
  const text = bytes.toString('utf8');
  return text.trim() ? parseJsonBody(text) : {};
}

export function parseJsonBody(raw: string): JsonValue {
  try {
    return JSON.parse(raw) as JsonValue;
  } catch (error) {
    throw badRequest(`the body of the request was in an unknown format: ${(error as Error).message}`);
  }
}
