import { protos as redisProtos } from '@google-cloud/redis';
import { protos as sqlProtos } from '@google-cloud/sql';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { readFixture } from './fixtures';

/**
 * A local stand-in for Cloud SQL Admin (sqladmin v1), Memorystore for Redis (redis v1), Cloud
 * Storage (storage v1 JSON) and Secret Manager (secretmanager v1) over REST, routed by the published
 * Discovery documents (the excerpts in `gcp-services/`): `get`/`access` requests must match their
 * `flatPath`, and every body the fake serves may use only fields of the published schema. The list
 * methods the excerpts lack follow the REST reference, cited at each route.
 */

interface DiscoveryMethod {
  id: string;
  httpMethod: string;
  flatPath?: string;
  path: string;
}
interface DiscoveryResource {
  methods?: Record<string, DiscoveryMethod>;
  resources?: Record<string, DiscoveryResource>;
}
interface DiscoveryDocument extends DiscoveryResource {
  schemas: Record<string, { properties: Record<string, unknown> }>;
}

const documents = {
  sqladmin: readFixture<DiscoveryDocument>('gcp-services/cloudsql/sqladmin-v1-discovery.excerpt.json'),
  redis: readFixture<DiscoveryDocument>('gcp-services/redis/redis-v1-discovery.excerpt.json'),
  storage: readFixture<DiscoveryDocument>('gcp-services/storage/storage-v1-discovery.excerpt.json'),
  secretmanager: readFixture<DiscoveryDocument>('gcp-services/secretmanager/secretmanager-v1-discovery.excerpt.json'),
};

type Json = Record<string, unknown>;
export type SqlInstanceJson = Json & { name: string; project: string };
export type RedisInstanceJson = Json & { name: string };
export type BucketJson = Json & { name: string };
export type SecretJson = Json & { name: string };

/** Refuses a body with a field its published schema lacks (nested objects are `$ref`s the excerpts omit). */
function assertPublished(schema: keyof typeof schemaOwners, body: Json): void {
  const known = documents[schemaOwners[schema]].schemas[schema].properties;
  const unknown = Object.keys(body).filter((key) => !(key in known));
  if (unknown.length > 0) throw new Error(`not in the published ${schema} schema: ${unknown.join(', ')}`);
}
const schemaOwners = {
  DatabaseInstance: 'sqladmin',
  IpMapping: 'sqladmin',
  Instance: 'redis',
  Bucket: 'storage',
  Secret: 'secretmanager',
} as const;

export interface GoogleErrorAnswer {
  httpStatus: number;
  /** The canonical status name of https://cloud.google.com/apis/design/errors#http_mapping. */
  status: string;
  message: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: string;
  authorization?: string;
}

export interface GcpServicesFake {
  /** `127.0.0.1:PORT`, the form the SDKs' `apiEndpoint` takes. */
  host: string;
  requests: RecordedRequest[];
  addSqlInstance(instance: SqlInstanceJson): void;
  addRedisInstance(instance: RedisInstanceJson): void;
  addBucket(project: string, bucket: BucketJson): void;
  /** A secret and its versions' payloads, oldest first; `latest` is the last. */
  addSecret(secret: SecretJson, versions: string[]): void;
  /** Locations the Memorystore list reports as `unreachable` (none unless set). */
  setUnreachableLocations(locations: string[]): void;
  /** Answers the next `count` requests with the error (replacing any still pending). */
  failNext(count: number, answer: GoogleErrorAnswer): void;
  stop(): Promise<void>;
}

interface Route {
  method: string;
  pattern: RegExp;
  answer: (params: string[], url: URL, numericEnums: boolean) => { status: number; body: unknown } | undefined;
}

function methodsOf(resource: DiscoveryResource): DiscoveryMethod[] {
  return [...Object.values(resource.methods ?? {}), ...Object.values(resource.resources ?? {}).flatMap(methodsOf)];
}

/** The published method's path as a pattern; Storage's paths are relative to its `/storage/v1/` base. */
function publishedPattern(document: keyof typeof documents, id: string): RegExp {
  const method = methodsOf(documents[document]).find((candidate) => candidate.id === id);
  if (!method) throw new Error(`${id} is not in the ${document} Discovery excerpt`);
  const path = document === 'storage' ? `storage/v1/${method.path}` : (method.flatPath ?? method.path);
  return new RegExp(`^/${path.replace(/\{[^}]+\}/g, '([^/]+)').replace(':', '\\:')}$`);
}

export async function startGcpServicesFake(acceptedToken: string): Promise<GcpServicesFake> {
  const sqlInstances: SqlInstanceJson[] = [];
  const redisInstances: RedisInstanceJson[] = [];
  const buckets: Array<{ project: string; bucket: BucketJson }> = [];
  const secrets: Array<{ secret: SecretJson; versions: string[] }> = [];
  const requests: RecordedRequest[] = [];
  const failures: GoogleErrorAnswer[] = [];
  let unreachable: string[] = [];
  const ok = (body: unknown) => ({ status: 200, body });

  const routes: Route[] = [
    {
      method: 'GET',
      pattern: publishedPattern('sqladmin', 'sql.instances.get'),
      answer: ([project, name], _url, numeric) => {
        const instance = sqlInstances.find((candidate) => candidate.project === project && candidate.name === name);
        return instance && ok(encodeSqlEnums(instance, numeric));
      },
    },
    {
      // sql.instances.list, GET v1/projects/{project}/instances -> InstancesListResponse {kind, warnings,
      // items, nextPageToken} (https://cloud.google.com/sql/docs/postgres/admin-api/rest/v1/instances/list).
      method: 'GET',
      pattern: /^\/v1\/projects\/([^/]+)\/instances$/,
      answer: ([project], _url, numeric) =>
        ok({
          kind: 'sql#instancesList',
          items: sqlInstances
            .filter((instance) => instance.project === project)
            .map((instance) => encodeSqlEnums(instance, numeric)),
        }),
    },
    {
      method: 'GET',
      pattern: publishedPattern('redis', 'redis.projects.locations.instances.get'),
      answer: ([project, location, name], _url, numeric) => {
        const instance = redisInstances.find(
          (candidate) => candidate.name === `projects/${project}/locations/${location}/instances/${name}`,
        );
        return instance && ok(encodeRedisEnums(instance, numeric));
      },
    },
    {
      // redis.projects.locations.instances.list, GET v1/{+parent}/instances with `-` for every location ->
      // {instances, nextPageToken, unreachable}
      // (https://cloud.google.com/memorystore/docs/redis/reference/rest/v1/projects.locations.instances/list).
      method: 'GET',
      pattern: /^\/v1\/projects\/([^/]+)\/locations\/([^/]+)\/instances$/,
      answer: ([project, location], _url, numeric) =>
        ok({
          instances: redisInstances
            .filter((instance) => {
              const [, owner, , at] = instance.name.split('/');
              return owner === project && (location === '-' || at === location);
            })
            .map((instance) => encodeRedisEnums(instance, numeric)),
          unreachable,
        }),
    },
    {
      method: 'GET',
      pattern: publishedPattern('storage', 'storage.buckets.get'),
      answer: ([name]) => {
        const found = buckets.find((candidate) => candidate.bucket.name === name);
        return found && ok(found.bucket);
      },
    },
    {
      // storage.buckets.list, GET b?project= -> {kind: "storage#buckets", nextPageToken, items}
      // (https://cloud.google.com/storage/docs/json_api/v1/buckets/list).
      method: 'GET',
      pattern: /^\/storage\/v1\/b$/,
      answer: (_params, url) =>
        ok({
          kind: 'storage#buckets',
          items: buckets
            .filter(({ project }) => project === url.searchParams.get('project'))
            .map(({ bucket }) => bucket),
        }),
    },
    {
      method: 'GET',
      pattern: publishedPattern('secretmanager', 'secretmanager.projects.secrets.get'),
      answer: ([project, name]) => {
        const found = secrets.find(({ secret }) => secret.name === `projects/${project}/secrets/${name}`);
        return found && ok(found.secret);
      },
    },
    {
      // secretmanager.projects.secrets.list, GET v1/{+parent}/secrets -> {secrets, nextPageToken, totalSize}
      // (https://cloud.google.com/secret-manager/docs/reference/rest/v1/projects.secrets/list).
      method: 'GET',
      pattern: /^\/v1\/projects\/([^/]+)\/secrets$/,
      answer: ([project]) => {
        const inProject = secrets.filter(({ secret }) => secret.name.startsWith(`projects/${project}/secrets/`));
        return ok({ secrets: inProject.map(({ secret }) => secret), totalSize: inProject.length });
      },
    },
    {
      method: 'GET',
      pattern: publishedPattern('secretmanager', 'secretmanager.projects.secrets.versions.access'),
      answer: ([project, name, version]) => {
        const found = secrets.find(({ secret }) => secret.name === `projects/${project}/secrets/${name}`);
        const number = version === 'latest' ? found?.versions.length : Number(version);
        const payload = number ? found?.versions[number - 1] : undefined;
        if (payload === undefined) return undefined;
        // AccessSecretVersionResponse {name, payload: SecretPayload {data (base64)}}: the name is the resolved version.
        return ok({
          name: `projects/${project}/secrets/${name}/versions/${number}`,
          payload: { data: Buffer.from(payload).toString('base64') },
        });
      },
    },
  ];

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    requests.push({
      method: req.method ?? '',
      path: url.pathname,
      query: url.search,
      authorization: req.headers.authorization,
    });
    req.resume();
    const failure = failures.shift();
    if (failure) return googleError(res, failure);
    if (req.headers.authorization !== `Bearer ${acceptedToken}`) {
      return googleError(res, {
        httpStatus: 401,
        status: 'UNAUTHENTICATED',
        message: 'Request had invalid authentication credentials.',
      });
    }
    const numericEnums = (url.searchParams.get('$alt') ?? '').includes('enum-encoding=int');
    for (const route of routes) {
      const match = route.method === req.method ? route.pattern.exec(url.pathname) : null;
      if (!match) continue;
      const answer = route.answer(match.slice(1).map(decodeURIComponent), url, numericEnums);
      if (answer) return json(res, answer.status, answer.body);
      return googleError(res, { httpStatus: 404, status: 'NOT_FOUND', message: `Not found: ${url.pathname}` });
    }
    googleError(res, { httpStatus: 404, status: 'NOT_FOUND', message: `no method for ${req.method} ${url.pathname}` });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    host: `127.0.0.1:${port}`,
    requests,
    addSqlInstance: (instance) => {
      assertPublished('DatabaseInstance', instance);
      ((instance.ipAddresses as Json[] | undefined) ?? []).forEach((mapping) => assertPublished('IpMapping', mapping));
      sqlInstances.push(instance);
    },
    addRedisInstance: (instance) => {
      assertPublished('Instance', instance);
      redisInstances.push(instance);
    },
    addBucket: (project, bucket) => {
      assertPublished('Bucket', bucket);
      buckets.push({ project, bucket });
    },
    addSecret: (secret, versions) => {
      assertPublished('Secret', secret);
      secrets.push({ secret, versions });
    },
    setUnreachableLocations: (locations) => (unreachable = locations),
    failNext: (count, answer) => failures.splice(0, failures.length, ...Array.from({ length: count }, () => answer)),
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * With `enum-encoding=int` the API answers enums as their proto numbers. The numbers are those of
 * the protos the client libraries ship (google/cloud/sql/v1, google/cloud/redis/v1).
 */
function encodeSqlEnums(instance: SqlInstanceJson, numeric: boolean): Json {
  if (!numeric) return instance;
  const v1 = sqlProtos.google.cloud.sql.v1;
  return {
    ...instance,
    ...enumNumber(instance, 'state', v1.DatabaseInstance.SqlInstanceState),
    ...enumNumber(instance, 'databaseVersion', v1.SqlDatabaseVersion),
    ...(instance.ipAddresses
      ? {
          ipAddresses: (instance.ipAddresses as Json[]).map((mapping) => ({
            ...mapping,
            ...enumNumber(mapping, 'type', v1.SqlIpAddressType),
          })),
        }
      : {}),
  };
}

function encodeRedisEnums(instance: RedisInstanceJson, numeric: boolean): Json {
  if (!numeric) return instance;
  const v1 = redisProtos.google.cloud.redis.v1;
  return {
    ...instance,
    ...enumNumber(instance, 'state', v1.Instance.State),
    ...enumNumber(instance, 'tier', v1.Instance.Tier),
  };
}

function enumNumber(body: Json, field: string, values: Record<string, number | string>): Json {
  const name = body[field];
  if (typeof name !== 'string') return {};
  const number = values[name];
  if (typeof number !== 'number') throw new Error(`${name} is not a value of the proto enum of ${field}`);
  return { [field]: number };
}

/** Google's JSON error body: `{"error": {"code", "message", "status"}}` (https://cloud.google.com/apis/design/errors#http_mapping). */
function googleError(res: ServerResponse, answer: GoogleErrorAnswer): void {
  json(res, answer.httpStatus, { error: { code: answer.httpStatus, message: answer.message, status: answer.status } });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
  res.end(JSON.stringify(body));
}
