import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { readFixture } from './fixtures';

/**
 * A local stand-in for `container.googleapis.com` v1 over REST, routed by the published
 * Discovery document (the excerpt in `gke/container-v1-discovery.excerpt.json`): every request
 * must match one of its `clusters.get` / `clusters.list` `flatPath` templates.
 */

interface DiscoveryMethod {
  id: string;
  httpMethod: string;
  flatPath: string;
}
interface DiscoveryDocument {
  resources: {
    projects: { resources: { locations: { resources: { clusters: { methods: Record<string, DiscoveryMethod> } } } } };
  };
  schemas: Record<string, { properties: Record<string, unknown> }>;
}

export const discovery = readFixture<DiscoveryDocument>('gke/container-v1-discovery.excerpt.json');
const clusterMethods = discovery.resources.projects.resources.locations.resources.clusters.methods;

/** `Cluster.Status` numbers, google/container/v1/cluster_service.proto (listed in the fixtures' SOURCES.md). */
const CLUSTER_STATUS_NUMBERS: Record<string, number> = {
  STATUS_UNSPECIFIED: 0,
  PROVISIONING: 1,
  RUNNING: 2,
  RECONCILING: 3,
  STOPPING: 4,
  ERROR: 5,
  DEGRADED: 6,
};
/**
 * `NodePool.Status` numbers, google/container/v1/cluster_service.proto `message NodePool { enum Status
 * { STATUS_UNSPECIFIED = 0; PROVISIONING = 1; RUNNING = 2; RUNNING_WITH_ERROR = 3; RECONCILING = 4;
 * STOPPING = 5; ERROR = 6; } }`, as the REST reference lists them in that order:
 * https://cloud.google.com/kubernetes-engine/docs/reference/rest/v1/projects.locations.clusters.nodePools#status
 */
const NODE_POOL_STATUS_NUMBERS: Record<string, number> = {
  STATUS_UNSPECIFIED: 0,
  PROVISIONING: 1,
  RUNNING: 2,
  RUNNING_WITH_ERROR: 3,
  RECONCILING: 4,
  STOPPING: 5,
  ERROR: 6,
};

/** google.rpc.Code numbers (google/rpc/code.proto) for the codes the tests put in conditions. */
const RPC_CODE_NUMBERS: Record<string, number> = { OK: 0, FAILED_PRECONDITION: 9, INTERNAL: 13, UNAVAILABLE: 14 };

export type ClusterJson = Record<string, unknown> & { name: string; location: string; status: string };

export interface RecordedRequest {
  method: string;
  path: string;
  query: string;
  authorization?: string;
}

export interface GoogleErrorAnswer {
  httpStatus: number;
  /** The canonical status name of https://cloud.google.com/apis/design/errors#http_mapping. */
  status: string;
  message: string;
}

export interface GkeRestFake {
  /** `127.0.0.1:PORT`, the form the SDK's `apiEndpoint` takes. */
  host: string;
  requests: RecordedRequest[];
  setClusters(projectId: string, clusters: ClusterJson[]): void;
  /** Answers the next `count` requests with the error (replacing any still pending). */
  failNext(count: number, answer: GoogleErrorAnswer): void;
  stop(): Promise<void>;
}

/** Checks a Cluster built for a test uses only fields the published `Cluster` schema has. */
export function assertClusterFieldsPublished(cluster: Record<string, unknown>): void {
  const known = discovery.schemas.Cluster.properties;
  const unknown = Object.keys(cluster).filter((key) => !(key in known));
  if (unknown.length > 0) throw new Error(`not in the published Cluster schema: ${unknown.join(', ')}`);
}

export async function startGkeRestFake(acceptedToken: string): Promise<GkeRestFake> {
  const projects = new Map<string, ClusterJson[]>();
  const requests: RecordedRequest[] = [];
  const failures: GoogleErrorAnswer[] = [];
  const routes = Object.values(clusterMethods).map((method) => ({
    id: method.id,
    httpMethod: method.httpMethod,
    pattern: new RegExp(`^/${method.flatPath.replace(/\{[^}]+\}/g, '([^/]+)')}$`),
  }));

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    requests.push({
      method: req.method ?? '',
      path: url.pathname,
      query: url.search,
      authorization: req.headers.authorization,
    });
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
      const match = route.httpMethod === req.method ? route.pattern.exec(url.pathname) : null;
      if (!match) continue;
      const [, projectId, location, clusterName] = match.map(decodeURIComponent);
      const inProject = projects.get(projectId) ?? [];
      if (route.id === 'container.projects.locations.clusters.list') {
        const clusters = inProject.filter((cluster) => location === '-' || cluster.location === location);
        return json(res, 200, {
          clusters: clusters.map((cluster) => encodeEnums(cluster, numericEnums)),
          missingZones: [],
        });
      }
      const cluster = inProject.find((candidate) => candidate.location === location && candidate.name === clusterName);
      if (!cluster) {
        return googleError(res, {
          httpStatus: 404,
          status: 'NOT_FOUND',
          message: `Not found: projects/${projectId}/locations/${location}/clusters/${clusterName}.`,
        });
      }
      return json(res, 200, encodeEnums(cluster, numericEnums));
    }
    googleError(res, { httpStatus: 404, status: 'NOT_FOUND', message: `no method for ${req.method} ${url.pathname}` });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    host: `127.0.0.1:${port}`,
    requests,
    setClusters: (projectId, clusters) => {
      clusters.forEach(assertClusterFieldsPublished);
      projects.set(projectId, clusters);
    },
    failNext: (count, answer) => failures.splice(0, failures.length, ...Array.from({ length: count }, () => answer)),
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function encodeEnums(cluster: ClusterJson, numeric: boolean): Record<string, unknown> {
  if (!numeric) return cluster;
  const pools = (cluster.nodePools as Array<Record<string, unknown>> | undefined) ?? [];
  const conditions = (cluster.conditions as Array<Record<string, unknown>> | undefined) ?? [];
  return {
    ...cluster,
    status: CLUSTER_STATUS_NUMBERS[cluster.status],
    nodePools: pools.map((pool) => ({ ...pool, status: NODE_POOL_STATUS_NUMBERS[pool.status as string] })),
    conditions: conditions.map((condition) => ({
      ...condition,
      canonicalCode: RPC_CODE_NUMBERS[condition.canonicalCode as string],
    })),
  };
}

/** Google's JSON error body: `{"error": {"code", "message", "status"}}` (https://cloud.google.com/apis/design/errors#http_mapping). */
function googleError(res: ServerResponse, answer: GoogleErrorAnswer): void {
  json(res, answer.httpStatus, { error: { code: answer.httpStatus, message: answer.message, status: answer.status } });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
  res.end(JSON.stringify(body));
}
