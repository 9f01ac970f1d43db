import { ApiError, badRequest, statusFailure } from '../api/api-error';
import { JsonObject } from '../api/types';
import { messageType, messageTypeOf } from '../schemas/kube-schemas';
import { PRESENT_FIELDS_ONLY, messageToJson } from './message-json';

export const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';

/** Every Kubernetes protobuf body starts with these four bytes ("k8s\0"), then a runtime.Unknown. */
const MAGIC = Buffer.from('k8s\0', 'latin1');

const UNKNOWN = 'k8s.io.apimachinery.pkg.runtime.Unknown';

/**
 * Decodes a protobuf request body into the JSON object the sandbox stores.
 * Rejects with 400 BadRequest when the envelope or message is malformed, and with 415 when the body's
 * kind has no vendored schema (custom resources and CustomResourceDefinitions are JSON-only, as upstream).
 */
export function decodeProtobufObject(body: Buffer): JsonObject {
  if (body.length < MAGIC.length || !body.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw badRequest('provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]');
  }
  const envelopeType = messageType(UNKNOWN);
  const envelope = envelopeType.toObject(decodeOrReject(() => envelopeType.decode(body.subarray(MAGIC.length))));
  const apiVersion = String(envelope.typeMeta?.apiVersion ?? '');
  const kind = String(envelope.typeMeta?.kind ?? '');
  if (envelope.contentEncoding) throw badRequest(`unsupported content encoding "${envelope.contentEncoding}"`);
  const type = messageTypeOf(apiVersion, kind);
  if (!type) {
    throw new ApiError(
      statusFailure(
        415,
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (no protobuf schema for ${kind || 'an object without kind'} in ${apiVersion || 'no apiVersion'})`,
      ),
    );
  }
  const raw: Uint8Array = envelope.raw instanceof Uint8Array ? envelope.raw : new Uint8Array();
  const plain = type.toObject(
    decodeOrReject(() => type.decode(raw)),
    PRESENT_FIELDS_ONLY,
  );
  return { apiVersion, kind, ...messageToJson(type, plain) };
}

function decodeOrReject<T>(decode: () => T): T {
  try {
    return decode();
  } catch (error) {
    throw badRequest(`the body of the request was in an unknown format: ${(error as Error).message}`);
  }
}
