import { InvalidRequest } from '../../errors';
import type { ServiceProductOf } from '../managed-services';

/** Holds each product named in the union below to the shared list. */
type OfSharedProducts<T extends { product: ServiceProductOf<'gcp'> }> = T;

/** A Google managed service named by its resource name, split into what the SDK calls take. */
export type GcpNativeId = OfSharedProducts<
  | { product: 'cloudsql-instance'; project: string; instance: string; name: string }
  | { product: 'memorystore-redis'; project: string; location: string; instance: string; name: string }
  | { product: 'gcs-bucket'; bucket: string; name: string }
  | { product: 'pubsub-topic'; project: string; topic: string; name: string }
  | { product: 'pubsub-subscription'; project: string; subscription: string; name: string }
  | { product: 'secret-manager-secret'; project: string; secret: string; name: string }
>;

export type GcpProduct = GcpNativeId['product'];

const SEGMENT = '([^/]+)';
const PATTERNS: Array<{ pattern: RegExp; read: (parts: string[]) => GcpNativeId }> = [
  {
    pattern: new RegExp(`^projects/${SEGMENT}/instances/${SEGMENT}$`),
    read: ([project, instance]) => ({ product: 'cloudsql-instance', project, instance, name: instance }),
  },
  {
    pattern: new RegExp(`^projects/${SEGMENT}/locations/${SEGMENT}/instances/${SEGMENT}$`),
    read: ([project, location, instance]) => ({
      product: 'memorystore-redis',
      project,
      location,
      instance,
      name: instance,
    }),
  },
  {
    pattern: new RegExp(`^projects/_/buckets/${SEGMENT}$`),
    read: ([bucket]) => ({ product: 'gcs-bucket', bucket, name: bucket }),
  },
  {
    // The full resource name form (https://cloud.google.com/apis/design/resource_names#full_resource_name).
    pattern: new RegExp(`^//storage\\.googleapis\\.com/${SEGMENT}$`),
    read: ([bucket]) => ({ product: 'gcs-bucket', bucket, name: bucket }),
  },
  {
    pattern: new RegExp(`^projects/${SEGMENT}/topics/${SEGMENT}$`),
    read: ([project, topic]) => ({ product: 'pubsub-topic', project, topic, name: topic }),
  },
  {
    pattern: new RegExp(`^projects/${SEGMENT}/subscriptions/${SEGMENT}$`),
    read: ([project, subscription]) => ({ product: 'pubsub-subscription', project, subscription, name: subscription }),
  },
  {
    pattern: new RegExp(`^projects/${SEGMENT}/secrets/${SEGMENT}$`),
    read: ([project, secret]) => ({ product: 'secret-manager-secret', project, secret, name: secret }),
  },
];

/**
 * Reads a Google resource name: `projects/P/instances/I` (Cloud SQL), `projects/P/locations/L/instances/I`
 * (Memorystore), `projects/_/buckets/B` or `//storage.googleapis.com/B` (Cloud Storage),
 * `projects/P/topics/T`, `projects/P/subscriptions/S` (Pub/Sub), `projects/P/secrets/S` (Secret Manager).
 */
export function parseGcpNativeId(nativeId: string): GcpNativeId {
  for (const { pattern, read } of PATTERNS) {
    const match = pattern.exec(nativeId);
    if (match) return read(match.slice(1));
  }
  throw new InvalidRequest(`not a Google managed-service resource name: ${nativeId}`, { provider: 'gcp' });
}

/** The canonical native id of a bucket: the form `describe` and `discover` report. */
export function bucketNativeId(bucket: string): string {
  return `projects/_/buckets/${bucket}`;
}

/** A Secret Manager version name; a bare secret name means its `latest` version. */
export function secretVersionName(reference: string): string {
  if (/^projects\/[^/]+\/secrets\/[^/]+\/versions\/[^/]+$/.test(reference)) return reference;
  if (/^projects\/[^/]+\/secrets\/[^/]+$/.test(reference)) return `${reference}/versions/latest`;
  throw new InvalidRequest(`not a Secret Manager secret or version name: ${reference}`, { provider: 'gcp' });
}
