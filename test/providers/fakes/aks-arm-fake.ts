import { createServer, Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFixture } from './fixtures';
import type { TestPki } from './test-ca';

/**
 * A local Azure Resource Manager for Microsoft.ContainerService, over HTTPS (Azure's bearer
 * policy refuses plain HTTP). Bodies are the published `x-ms-examples` of azure-rest-api-specs in
 * `aks/`, served as `responses["200"].body`.
 */

interface Example<T = Record<string, unknown>> {
  responses: { '200': { body: T } };
}
type Resource = Record<string, unknown> & { id: string; name: string };

export interface ArmErrorAnswer {
  status: number;
  /** ARM's `error.code`. */
  code: string;
  message: string;
}

export interface RecordedArmRequest {
  method: string;
  path: string;
  apiVersion: string | null;
  authorization?: string;
}

export interface AksArmFake {
  endpoint: string;
  requests: RecordedArmRequest[];
  /** What `listClusterUserCredential` returns as the kubeconfig; the example's own value when unset. */
  setUserKubeconfig(text: string | undefined): void;
  /** Answers the next `count` requests with the error (replacing any still pending). */
  failNext(count: number, answer: ArmErrorAnswer): void;
  stop(): Promise<void>;
}

const PROVIDER = '/providers/microsoft.containerservice/managedclusters';

export async function startAksArmFake(pki: TestPki, acceptedToken: string): Promise<AksArmFake> {
  const list = readFixture<Example<{ value: Resource[] }>>('aks/ManagedClustersList.json').responses['200'].body;
  const get = readFixture<Example<Resource>>('aks/ManagedClustersGet.json').responses['200'].body;
  const agentPool = readFixture<Example<Resource>>('aks/AgentPoolsGet.json').responses['200'].body;
  const userCredentials = readFixture<Example<{ kubeconfigs: Array<{ name: string; value: string }> }>>(
    'aks/ManagedClustersListClusterUserCredentials.json',
  ).responses['200'].body;
  const subscription = `/subscriptions/${readFixture<{ parameters: { subscriptionId: string } }>('aks/ManagedClustersGet.json').parameters.subscriptionId}`;
  const clusterPath = `${subscription}/resourcegroups/rg1${PROVIDER}/clustername1`;

  const requests: RecordedArmRequest[] = [];
  const failures: ArmErrorAnswer[] = [];
  let userKubeconfig: string | undefined;

  const route = (method: string, path: string): { status: number; body: unknown } | undefined => {
    // ARM paths are case-insensitive; the SDK writes `resourceGroups`, the examples `resourcegroups`.
    const p = path.toLowerCase();
    if (method === 'GET' && p === `${subscription}${PROVIDER}`) return { status: 200, body: list };
    if (method === 'GET' && p === `${subscription}/resourcegroups/rg1${PROVIDER}`) return { status: 200, body: list };
    if (method === 'GET' && p === clusterPath) return { status: 200, body: get };
    // The list of agent pools is ARM's list envelope `{ value: AgentPool[] }` (AgentPoolListResult,
    // https://learn.microsoft.com/rest/api/aks/agent-pools/list) around the AgentPoolsGet example.
    if (method === 'GET' && p === `${clusterPath}/agentpools`) return { status: 200, body: { value: [agentPool] } };
    if (method === 'POST' && p === `${clusterPath}/listclusterusercredential`) {
      const kubeconfigs = userCredentials.kubeconfigs.map((entry) => ({
        ...entry,
        value: userKubeconfig === undefined ? entry.value : Buffer.from(userKubeconfig).toString('base64'),
      }));
      return { status: 200, body: { kubeconfigs } };
    }
    return undefined;
  };

  const server: Server = createServer(
    { cert: pki.serverCertPem, key: pki.serverKeyPem },
    (req: IncomingMessage, res: ServerResponse) => {
      const url = new URL(req.url ?? '/', 'https://fake');
      requests.push({
        method: req.method ?? '',
        path: url.pathname,
        apiVersion: url.searchParams.get('api-version'),
        authorization: req.headers.authorization,
      });
      req.resume();
      const failure = failures.shift();
      if (failure) return armError(res, failure);
      if (req.headers.authorization !== `Bearer ${acceptedToken}`) {
        return armError(res, {
          status: 401,
          code: 'InvalidAuthenticationToken',
          message: 'The access token is invalid.',
        });
      }
      const answer = route(req.method ?? '', url.pathname);
      if (answer) return json(res, answer.status, answer.body);
      armError(res, {
        status: 404,
        code: 'ResourceNotFound',
        message: `The Resource 'Microsoft.ContainerService/managedClusters/${url.pathname.split('/')[8] ?? ''}' under resource group 'rg1' was not found.`,
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    endpoint: `https://127.0.0.1:${port}`,
    requests,
    setUserKubeconfig: (text) => (userKubeconfig = text),
    failNext: (count, answer) => failures.splice(0, failures.length, ...Array.from({ length: count }, () => answer)),
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * ARM's error envelope `{"error": {"code", "message"}}`
 * (https://github.com/Azure/azure-resource-manager-rpc/blob/master/v1.0/common-api-details.md#error-response-content).
 */
function armError(res: ServerResponse, answer: ArmErrorAnswer): void {
  json(res, answer.status, { error: { code: answer.code, message: answer.message } });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
