import { createServer, Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFixture } from './fixtures';
import type { TestPki } from './test-ca';

/**
 * A local Azure Resource Manager for the managed-service resource providers, and a Key Vault data
 * plane, over HTTPS (Azure's bearer policy refuses plain HTTP). Bodies are the published
 * `x-ms-examples` of azure-rest-api-specs in `azure-services/`, served as `responses["200"].body`
 * at the resource id each example names; lists wrap them in ARM's list envelope.
 */

interface Example<T = Record<string, unknown>> {
  responses: { '200': { body: T } };
}
export type Resource = Record<string, unknown> & { id: string; name: string };

/** The ARM examples served, by resource id. */
export const ARM_EXAMPLES = {
  postgresServer: 'azure-services/postgresql/ServerGet.json',
  redisCache: 'azure-services/redis/RedisCacheGet.json',
  storageAccount: 'azure-services/storage/StorageAccountGetProperties.json',
  serviceBusNamespace: 'azure-services/servicebus/SBNameSpaceGet.json',
  serviceBusQueue: 'azure-services/servicebus/SBQueueGet.json',
  keyVault: 'azure-services/keyvault/getVault.json',
  keyVaultSecret: 'azure-services/keyvault/getSecret.json',
} as const;
export const KEY_VAULT_SECRET_EXAMPLE = 'azure-services/keyvault/dataplane-GetSecret-example.json';

export function armExample(name: keyof typeof ARM_EXAMPLES): Resource {
  return readFixture<Example<Resource>>(ARM_EXAMPLES[name]).responses['200'].body;
}

export interface ArmErrorAnswer {
  status: number;
  /** ARM's (or Key Vault's) `error.code`. */
  code: string;
  message: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  apiVersion: string | null;
  authorization?: string;
}

export interface AzureServicesFake {
  endpoint: string;
  requests: RecordedRequest[];
  /** Answers the next `count` requests with the error (replacing any still pending). */
  failNext(count: number, answer: ArmErrorAnswer): void;
  stop(): Promise<void>;
}

/**
 * Key Vault's authentication challenge to a request without a token
 * (https://learn.microsoft.com/azure/key-vault/general/authentication-requests-and-responses#authentication).
 */
const KEY_VAULT_CHALLENGE =
  'Bearer authorization="https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47", resource="https://vault.azure.net"';

/**
 * `moreResources`: published bodies served at other ids too, for examples that name a parent no
 * example describes (the test says which, and changes nothing but the identity).
 */
export async function startAzureServicesFake(
  pki: TestPki,
  acceptedToken: string,
  moreResources: readonly Resource[] = [],
): Promise<AzureServicesFake> {
  const resources = [
    ...Object.keys(ARM_EXAMPLES).map((name) => armExample(name as keyof typeof ARM_EXAMPLES)),
    ...moreResources,
  ];
  const secret = readFixture<Example<{ id: string }>>(KEY_VAULT_SECRET_EXAMPLE).responses['200'].body;
  const secretPath = new URL(secret.id).pathname.toLowerCase();
  const requests: RecordedRequest[] = [];
  const failures: ArmErrorAnswer[] = [];
  const lower = (id: string) => id.toLowerCase();
  /** `/subscriptions/S/resourcegroups/G/providers/NS/type/name[/child/name]` split into its parts. */
  const parts = (id: string) => lower(id).split('/');

  const arm = (path: string): { status: number; body: unknown } | undefined => {
    const exact = resources.find((resource) => lower(resource.id) === path);
    if (exact) return { status: 200, body: exact };
    // ARM's list envelope `{ value: [...] }` (https://github.com/Azure/azure-resource-manager-rpc/blob/master/v1.0/resource-api-reference.md#get-resource-list):
    // by subscription `/subscriptions/S/providers/NS/type`, by group `.../resourcegroups/G/providers/NS/type`,
    // children `.../type/name/childType`.
    const bySubscription = /^\/subscriptions\/([^/]+)\/providers\/([^/]+)\/([^/]+)$/.exec(path);
    const byGroup =
      /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)\/providers\/([^/]+)\/([^/]+)(?:\/([^/]+)\/([^/]+))?$/.exec(
        path,
      );
    const listed = resources.filter((resource) => {
      const [, , subscription, , group, , namespace, type, name, childType] = parts(resource.id);
      if (bySubscription) {
        const [, s, ns, t] = bySubscription;
        return subscription === s && namespace === ns && type === t && childType === undefined;
      }
      if (byGroup) {
        const [, s, g, ns, t, n, ct] = byGroup;
        return n === undefined
          ? subscription === s && group === g && namespace === ns && type === t && childType === undefined
          : subscription === s && group === g && namespace === ns && type === t && name === n && childType === ct;
      }
      return false;
    });
    return bySubscription || byGroup ? { status: 200, body: { value: listed } } : undefined;
  };

  const server: Server = createServer(
    { cert: pki.serverCertPem, key: pki.serverKeyPem },
    (req: IncomingMessage, res: ServerResponse) => {
      const url = new URL(req.url ?? '/', 'https://fake');
      // The Key Vault SDK asks for a secret's current version as `/secrets/{name}/`.
      const path = decodeURIComponent(url.pathname)
        .toLowerCase()
        .replace(/(.)\/$/, '$1');
      requests.push({
        method: req.method ?? '',
        path: decodeURIComponent(url.pathname),
        apiVersion: url.searchParams.get('api-version'),
        authorization: req.headers.authorization,
      });
      req.resume();
      const keyVault = path.startsWith('/secrets/');
      if (keyVault && !req.headers.authorization) {
        res.writeHead(401, { 'www-authenticate': KEY_VAULT_CHALLENGE, 'content-type': 'application/json' });
        return res.end(
          JSON.stringify({
            error: { code: 'Unauthorized', message: 'AKV10000: Request is missing a Bearer or PoP token.' },
          }),
        );
      }
      const failure = failures.shift();
      if (failure) return azureError(res, failure);
      if (req.headers.authorization !== `Bearer ${acceptedToken}`) {
        return azureError(res, {
          status: 401,
          code: 'InvalidAuthenticationToken',
          message: 'The access token is invalid.',
        });
      }
      if (keyVault) {
        // The one published secret, by its versioned id or, as the current version, by its name alone.
        if (req.method === 'GET' && (path === secretPath || path === secretPath.replace(/\/[^/]+$/, ''))) {
          return json(res, 200, secret);
        }
        // KeyVaultError (https://learn.microsoft.com/rest/api/keyvault/secrets/get-secret/get-secret#keyvaulterror).
        return azureError(res, {
          status: 404,
          code: 'SecretNotFound',
          message: `A secret with (name/id) ${path.split('/')[2]} was not found in this key vault.`,
        });
      }
      const answer = req.method === 'GET' ? arm(path) : undefined;
      if (answer) return json(res, answer.status, answer.body);
      azureError(res, {
        status: 404,
        code: 'ResourceNotFound',
        message: `The Resource '${path.split('/').slice(6, 8).join('/')}/${path.split('/')[8] ?? ''}' under resource group '${path.split('/')[4] ?? ''}' was not found.`,
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    endpoint: `https://127.0.0.1:${port}`,
    requests,
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
 * (https://github.com/Azure/azure-resource-manager-rpc/blob/master/v1.0/common-api-details.md#error-response-content),
 * which Key Vault's KeyVaultError shares.
 */
function azureError(res: ServerResponse, answer: ArmErrorAnswer): void {
  json(res, answer.status, { error: { code: answer.code, message: answer.message } });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
