import type { v1 as pubsub } from '@google-cloud/pubsub';
import type { CloudRedisClient, protos as redisProtos } from '@google-cloud/redis';
import type { SecretManagerServiceClient } from '@google-cloud/secret-manager';
import type { SqlInstancesServiceClient } from '@google-cloud/sql';
// `import()` below is typed from the package's `import` condition (its ESM build; at run time the
// compiled `require` loads the CJS build of the same API): the static types must come from the same side.
import type { Storage } from '@google-cloud/storage' with { 'resolution-mode': 'import' };
import type { ChannelCredentials } from '@grpc/grpc-js';
import { Inject, Injectable } from '@nestjs/common';
import { callCloud, ErrorTranslator } from '../../cloud-call';
import { ClientCache } from '../../client-cache';
import { requireCredentialType } from '../../credential-guard';
import { CREDENTIAL_TYPES_OF_PROVIDER } from '../../credential-types';
import type { GcpCredential } from '../../credentials';
import { CloudUnavailable, InvalidRequest } from '../../errors';
import { fingerprint } from '../../fingerprint';
import { authenticateFirst, defaultGoogleAuth, serviceAccountKey } from '../../gke/gcp-auth';
import type { ProviderRuntime, ProvidersOptions } from '../../providers-options';
import { resolveRuntime } from '../../providers-options';
import { PROVIDERS_OPTIONS } from '../../tokens';
import type {
  ManagedServiceCallOptions,
  ManagedServiceFacts,
  ManagedServicesAdapter,
  SecretReading,
  ServiceDiscoveryScopes,
} from '../managed-services';
import { secretFields } from '../secret-fields';
import type { GcpServiceApi, GcpServicesOptions } from './gcp-services.options';
import { parseGcpNativeId, secretVersionName } from './gcp-native-ids';
import { storageErrorTranslator, translateGcpServiceError } from './gcp-services-errors';
import {
  cloudSqlClass,
  describeBucket,
  describeCloudSqlInstance,
  describeMemorystoreInstance,
  describeSecret,
  describeSubscription,
  describeTopic,
  type GcpEnumNames,
  gcpEnumNames,
} from './gcp-services-mapping';

/** Retries belong to the injected policy: the SDKs' own per-method retry settings are switched off. */
const NO_SDK_RETRY = { retry: { retryCodes: [] } };

/** The clients of one credential, with the SDK values their answers are read with. */
interface GcpClients {
  sql: SqlInstancesServiceClient;
  redis: CloudRedisClient;
  storage: Storage;
  publisher: pubsub.PublisherClient;
  subscriber: pubsub.SubscriberClient;
  secrets: SecretManagerServiceClient;
  enumNames: GcpEnumNames;
  translateStorageError: ErrorTranslator;
}

/**
 * Google's managed services through their Node.js clients: Cloud SQL (sqladmin v1), Memorystore for
 * Redis, Cloud Storage, Pub/Sub and Secret Manager. Read-only; every failure is a `ProviderError`
 * (`ResourceNotFound` for a name Google does not know). The SDKs are imported by the first call that
 * needs a client, not with the library: processes that never call them do not pay for loading them.
 */
@Injectable()
export class GcpManagedServices implements ManagedServicesAdapter<'gcp'> {
  readonly cloud = 'gcp';
  private readonly runtime: ProviderRuntime;
  private readonly settings: GcpServicesOptions;
  private readonly clients = new ClientCache<Promise<GcpClients>>();

  constructor(@Inject(PROVIDERS_OPTIONS) options: ProvidersOptions) {
    this.runtime = resolveRuntime(options);
    this.settings = options.services?.gcp ?? {};
  }

  async describe(
    nativeId: string,
    credential: GcpCredential,
    options?: ManagedServiceCallOptions,
  ): Promise<ManagedServiceFacts> {
    const id = parseGcpNativeId(nativeId);
    const clients = await this.client(credential, options);
    switch (id.product) {
      case 'cloudsql-instance': {
        const [instance] = await this.call(
          () => clients.sql.get({ project: id.project, instance: id.instance }, NO_SDK_RETRY),
          options,
        );
        const serviceClass = cloudSqlClass(instance, clients.enumNames);
        if (!serviceClass) {
          throw new InvalidRequest(`Cloud SQL instance ${nativeId} runs an engine no service class covers`, {
            provider: 'gcp',
          });
        }
        return describeCloudSqlInstance(id.project, instance, serviceClass, clients.enumNames);
      }
      case 'memorystore-redis': {
        const [instance] = await this.call(() => clients.redis.getInstance({ name: nativeId }, NO_SDK_RETRY), options);
        return describeMemorystoreInstance(instance, clients.enumNames);
      }
      case 'gcs-bucket': {
        const [metadata] = await this.call(
          () => clients.storage.bucket(id.bucket).getMetadata(),
          options,
          clients.translateStorageError,
        );
        return describeBucket(metadata);
      }
      case 'pubsub-topic': {
        const [topic] = await this.call(() => clients.publisher.getTopic({ topic: nativeId }, NO_SDK_RETRY), options);
        return describeTopic(topic);
      }
      case 'pubsub-subscription': {
        const [subscription] = await this.call(
          () => clients.subscriber.getSubscription({ subscription: nativeId }, NO_SDK_RETRY),
          options,
        );
        return describeSubscription(subscription);
      }
      case 'secret-manager-secret': {
        const [secret] = await this.call(() => clients.secrets.getSecret({ name: nativeId }, NO_SDK_RETRY), options);
        return describeSecret(secret);
      }
    }
  }

  /** Every Cloud SQL (PostgreSQL, MySQL) and Memorystore instance, bucket, topic, subscription and secret of the project. */
  async discover(
    scope: ServiceDiscoveryScopes['gcp'],
    credential: GcpCredential,
    options?: ManagedServiceCallOptions,
  ): Promise<ManagedServiceFacts[]> {
    const clients = await this.client(credential, options);
    const project = `projects/${scope.projectId}`;
    const found = await Promise.all([
      this.call(() => this.cloudSqlInstances(clients, scope.projectId), options),
      this.call(() => this.memorystoreInstances(clients, project), options),
      this.call(() => clients.storage.getBuckets({ project: scope.projectId }), options, clients.translateStorageError),
      this.call(() => collect(clients.publisher.listTopicsAsync({ project }, NO_SDK_RETRY)), options),
      this.call(() => collect(clients.subscriber.listSubscriptionsAsync({ project }, NO_SDK_RETRY)), options),
      this.call(() => collect(clients.secrets.listSecretsAsync({ parent: project }, NO_SDK_RETRY)), options),
    ]);
    const [sqlInstances, redisInstances, [buckets], topics, subscriptions, secrets] = found;
    return [
      ...sqlInstances.flatMap((instance) => {
        const serviceClass = cloudSqlClass(instance, clients.enumNames);
        return serviceClass
          ? [describeCloudSqlInstance(scope.projectId, instance, serviceClass, clients.enumNames)]
          : [];
      }),
      ...redisInstances.map((instance) => describeMemorystoreInstance(instance, clients.enumNames)),
      ...buckets.map((bucket) => describeBucket(bucket.metadata)),
      ...topics.map(describeTopic),
      ...subscriptions.map(describeSubscription),
      ...secrets.map(describeSecret),
    ];
  }

  /**
   * Secret Manager `versions/{v}:access` (`latest` for a bare secret name). The payload's JSON object
   * members are the fields; any other text is the one field `value`. The version is the number Google resolved.
   */
  async readSecret(
    reference: string,
    credential: GcpCredential,
    options?: ManagedServiceCallOptions,
  ): Promise<SecretReading> {
    const name = secretVersionName(reference);
    const { secrets } = await this.client(credential, options);
    const [response] = await this.call(() => secrets.accessSecretVersion({ name }, NO_SDK_RETRY), options);
    const data = response.payload?.data;
    const text = typeof data === 'string' ? data : Buffer.from(data ?? new Uint8Array()).toString('utf8');
    return { fields: secretFields(text), version: (response.name ?? name).split('/').pop() ?? '' };
  }

  /** sqladmin's `instances.list` pages with `nextPageToken` itself; the client does not iterate it. */
  private async cloudSqlInstances(clients: GcpClients, project: string) {
    const instances = [];
    let pageToken: string | undefined;
    do {
      const [page] = await clients.sql.list({ project, pageToken }, NO_SDK_RETRY);
      instances.push(...(page.items ?? []));
      pageToken = page.nextPageToken || undefined;
    } while (pageToken);
    return instances;
  }

  /**
   * Every location's instances (`-`). Locations Google could not reach come back in `unreachable`; a
   * partial listing must not pass for a complete one, or an import would miss instances silently.
   */
  private async memorystoreInstances(clients: GcpClients, project: string) {
    const instances = [];
    let request: redisProtos.google.cloud.redis.v1.IListInstancesRequest | null = {
      parent: `${project}/locations/-`,
    };
    while (request) {
      const [page, next, response]: [
        redisProtos.google.cloud.redis.v1.IInstance[],
        redisProtos.google.cloud.redis.v1.IListInstancesRequest | null,
        redisProtos.google.cloud.redis.v1.IListInstancesResponse,
      ] = await clients.redis.listInstances(request, {
        ...NO_SDK_RETRY,
        autoPaginate: false,
      });
      if (response?.unreachable?.length) {
        throw new CloudUnavailable(`Memorystore could not list every location: ${response.unreachable.join(', ')}`, {
          provider: 'gcp',
          cloudCode: 'UNREACHABLE_LOCATIONS',
          cloudMessage: response.unreachable.join(', '),
        });
      }
      instances.push(...page);
      request = next;
    }
    return instances;
  }

  private call<T>(
    call: () => PromiseLike<T>,
    options: ManagedServiceCallOptions | undefined,
    translate: ErrorTranslator = translateGcpServiceError,
  ): Promise<T> {
    return callCloud(this.runtime.retryPolicy, translate, call, options?.signal);
  }

  /**
   * The clients of a credential, created (and their SDKs imported) by the first call that needs them,
   * once the credential has yielded an authenticated client (see `authenticateFirst`).
   */
  private client(credential: GcpCredential, options: ManagedServiceCallOptions | undefined): Promise<GcpClients> {
    requireCredentialType('gke', credential, CREDENTIAL_TYPES_OF_PROVIDER.gke);
    return this.clients.load(fingerprint(credential), async () => {
      const [{ v1: pubsub }, redis, { SecretManagerServiceClient }, sql, storage, insecure] = await Promise.all([
        import('@google-cloud/pubsub'),
        import('@google-cloud/redis'),
        import('@google-cloud/secret-manager'),
        import('@google-cloud/sql'),
        import('@google-cloud/storage'),
        this.insecureGrpcCredentials(),
      ]);
      const auth = defaultGoogleAuth(credential, 'gcp');
      await this.call(() => authenticateFirst(auth), options);
      const gax = (api: GcpServiceApi) => ({ auth, ...this.transport(api, insecure) });
      return {
        sql: new sql.SqlInstancesServiceClient(gax('sqladmin')),
        redis: new redis.CloudRedisClient(gax('redis')),
        storage: this.storage(storage.Storage, credential),
        publisher: new pubsub.PublisherClient(gax('pubsub')),
        subscriber: new pubsub.SubscriberClient(gax('pubsub')),
        secrets: new SecretManagerServiceClient(gax('secretmanager')),
        enumNames: gcpEnumNames(sql.protos, redis.protos),
        translateStorageError: storageErrorTranslator(storage.ApiError),
      };
    });
  }

  /** Plaintext gRPC (the emulators) needs grpc-js's insecure credentials; TLS and REST need none. */
  private async insecureGrpcCredentials(): Promise<ChannelCredentials | undefined> {
    if (!this.settings.plaintext || this.settings.transport === 'rest') return undefined;
    const { credentials } = await import('@grpc/grpc-js');
    return credentials.createInsecure();
  }

  private transport(api: GcpServiceApi, insecure: ChannelCredentials | undefined) {
    const rest = this.settings.transport === 'rest';
    const [apiEndpoint, port] = splitHostPort(this.settings.endpoints?.[api]);
    return {
      apiEndpoint,
      port,
      fallback: rest ? ('rest' as const) : false,
      ...(this.settings.plaintext ? (rest ? { protocol: 'http' } : { sslCreds: insecure }) : {}),
    };
  }

  /**
   * Cloud Storage's client carries its own google-auth-library (9, not the 10 the others share), so it
   * gets the credential as plain data and builds its own auth; with an endpoint override it still
   * authenticates (`useAuthWithCustomEndpoint`), as Private Service Connect endpoints require.
   */
  private storage(storage: typeof Storage, credential: GcpCredential): Storage {
    const endpoint = this.settings.endpoints?.storage;
    return new storage({
      ...(credential.type === 'gcp-service-account-key' ? { credentials: serviceAccountKey(credential, 'gcp') } : {}),
      ...(endpoint
        ? {
            apiEndpoint: `${this.settings.plaintext ? 'http' : 'https'}://${endpoint}`,
            useAuthWithCustomEndpoint: true,
          }
        : {}),
      retryOptions: { autoRetry: false },
    });
  }
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

/** `host:port` -> the SDKs' `apiEndpoint` and `port`; absent -> the SDKs' defaults. */
function splitHostPort(endpoint: string | undefined): [string | undefined, number | undefined] {
  if (!endpoint) return [undefined, undefined];
  const match = /^(.*):(\d+)$/.exec(endpoint);
  return match ? [match[1], Number(match[2])] : [endpoint, undefined];
}
