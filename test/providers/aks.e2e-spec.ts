import type { AccessToken, TokenCredential } from '@azure/core-auth';
import assert from 'node:assert/strict';
import { Agent } from 'node:https';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  AKS_SERVER_APP_ID,
  AksClusterRef,
  AksProvider,
  AzureCredential,
  ClusterNotFound,
  CredentialInvalid,
  InvalidRequest,
  retryTransientFailures,
} from '@fleetplane/providers';
import { AksArmFake, startAksArmFake } from './fakes/aks-arm-fake';
import { createTestPki } from './fakes/test-ca';

const ARM_TOKEN = 'arm-token-for-tests';
const AKS_TOKEN = 'entra-token-for-the-aks-server';
const TOKEN_EXPIRY = Date.parse('2030-01-01T00:00:00.000Z');
const credential: AzureCredential = { type: 'azure-client-secret', tenantId: 't', clientId: 'c', clientSecret: 's' };
const pki = createTestPki('aks-arm-ca');
const clusterCa = Buffer.from(createTestPki('aks-cluster-ca').caPem).toString('base64');

/** A TokenCredential with fixed answers per audience, recording which scopes were asked for. */
class FixedTokenCredential implements TokenCredential {
  readonly scopes: string[] = [];
  constructor(private readonly armToken: string) {}
  async getToken(scopes: string | string[]): Promise<AccessToken> {
    const scope = [scopes].flat().join(' ');
    this.scopes.push(scope);
    return { token: scope.startsWith(AKS_SERVER_APP_ID) ? AKS_TOKEN : this.armToken, expiresOnTimestamp: TOKEN_EXPIRY };
  }
}

/**
 * User kubeconfigs as AKS returns them. The document format is Kubernetes' kubeconfig (v1 Config);
 * the Entra variant's user runs kubelogin with the AKS server id as documented at
 * https://azure.github.io/kubelogin/concepts/login-modes/devicecode.html ("get-token --server-id").
 */
const localAccountsKubeconfig = `apiVersion: v1
kind: Config
clusters:
- name: clustername1
  cluster:
    server: https://dnsprefix1-abcd1234.hcp.eastus.azmk8s.io:443
    certificate-authority-data: ${clusterCa}
users:
- name: clusterUser_rg1_clustername1
  user:
    token: local-account-token
contexts:
- name: clustername1
  context: { cluster: clustername1, user: clusterUser_rg1_clustername1 }
current-context: clustername1
`;
const entraKubeconfig = localAccountsKubeconfig.replace(
  '    token: local-account-token',
  `    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: kubelogin
      args: [get-token, --login, devicecode, --server-id, ${AKS_SERVER_APP_ID}, --environment, AzurePublicCloud]`,
);

describe('AKS adapter against a local Azure Resource Manager (HTTPS)', { timeout: 60_000 }, () => {
  let fake: AksArmFake;
  let aks: AksProvider;
  let identity: FixedTokenCredential;
  const clustername1: AksClusterRef = {
    provider: 'aks',
    subscriptionId: '00000000-0000-0000-0000-000000000000',
    resourceGroup: 'rg1',
    name: 'clustername1',
  };
  const adapter = (token: TokenCredential) =>
    new AksProvider({
      retryPolicy: retryTransientFailures({ maxRetries: 3, initialDelayMs: 1, maxDelayMs: 5 }),
      aks: { endpoint: fake.endpoint, agent: new Agent({ ca: pki.caPem }), tokenCredentialFor: () => token },
    });

  before(async () => {
    fake = await startAksArmFake(pki, ARM_TOKEN);
    identity = new FixedTokenCredential(ARM_TOKEN);
    aks = adapter(identity);
  });
  after(() => fake?.stop());
  beforeEach(() => {
    fake.requests.splice(0);
    fake.setUserKubeconfig(undefined);
  });

  describe('discovery', () => {
    it('lists the managed clusters of a subscription with their resource group and region', async () => {
      const found = await aks.discover({ provider: 'aks', subscriptionId: clustername1.subscriptionId }, credential);
      assert.deepEqual(found, [{ ref: clustername1, region: 'location1' }]);
      assert.equal(
        fake.requests[0].path,
        '/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.ContainerService/managedClusters',
      );
      assert.match(fake.requests[0].apiVersion ?? '', /^\d{4}-\d{2}-\d{2}/);
      assert.equal(fake.requests[0].authorization, `Bearer ${ARM_TOKEN}`);
      assert.ok(identity.scopes.includes('https://management.azure.com/.default'));
    });

    it('narrows to a resource group and to a region', async () => {
      const scope = { provider: 'aks' as const, subscriptionId: clustername1.subscriptionId, resourceGroup: 'rg1' };
      assert.equal((await aks.discover({ ...scope, region: 'location1' }, credential)).length, 1);
      assert.equal((await aks.discover({ ...scope, region: 'westeurope' }, credential)).length, 0);
      assert.match(
        fake.requests[0].path,
        /\/resourceGroups\/rg1\/providers\/Microsoft\.ContainerService\/managedClusters$/,
      );
    });
  });

  describe('describe', () => {
    it('reports the published example: endpoint, version, provisioning state, region, tags and agent pools', async () => {
      const description = await aks.describe(clustername1, credential);
      assert.equal(description.endpoint, 'https://dnsprefix1-abcd1234.hcp.eastus.azmk8s.io:443');
      assert.equal(description.certificateAuthority, undefined);
      assert.equal(description.kubernetesVersion, '1.9.6');
      assert.equal(description.status, 'running');
      assert.equal(description.cloudStatus, 'Succeeded');
      assert.equal(description.region, 'location1');
      assert.deepEqual(description.tags, { archv2: '', tier: 'production' });
      assert.deepEqual(description.nodePools, [
        {
          name: 'agentpool1',
          instanceTypes: ['Standard_DS1_v2'],
          size: { desired: 3, min: undefined, max: undefined },
          zones: [],
          kubernetesVersion: '1.9.6',
          status: 'running',
          cloudStatus: 'Succeeded',
          nodeLabels: {},
        },
      ]);
    });

    it('answers an unknown cluster with ClusterNotFound carrying ARM error code and message', async () => {
      const error = await aks.describe({ ...clustername1, name: 'ghost' }, credential).catch((e: unknown) => e);
      assert.ok(error instanceof ClusterNotFound, String(error));
      assert.equal(error.cloudCode, 'ResourceNotFound');
      assert.match(error.cloudMessage ?? '', /was not found/);
    });

    it('retries 429 itself, with the SDK retry policy out of the way', async () => {
      fake.failNext(2, { status: 429, code: 'TooManyRequests', message: 'Too many requests, retry later.' });
      const health = await aks.checkHealth(clustername1, credential);
      assert.equal(health.healthy, true);
      assert.equal(health.cloudStatus, 'Succeeded');
      assert.equal(fake.requests.length, 3);
    });

    it('reports a refused token as CredentialInvalid with ARM code, without retrying', async () => {
      const error = await adapter(new FixedTokenCredential('expired'))
        .describe(clustername1, credential)
        .catch((e: unknown) => e);
      assert.ok(error instanceof CredentialInvalid, String(error));
      assert.equal(error.cloudCode, 'InvalidAuthenticationToken');
      assert.equal(fake.requests.length, 1);
    });
  });

  describe('access', () => {
    it('refuses the published example credential, which decodes to "credentialValue1", not a kubeconfig', async () => {
      await assert.rejects(aks.issueAccess(clustername1, credential), InvalidRequest);
      assert.match(fake.requests[0].path, /\/managedClusters\/clustername1\/listClusterUserCredential$/);
      assert.equal(fake.requests[0].method, 'POST');
    });

    it('hands over a local-accounts user kubeconfig as is, without expiry', async () => {
      fake.setUserKubeconfig(localAccountsKubeconfig);
      const access = await aks.issueAccess(clustername1, credential);
      assert.equal(access.expiresAt, null);
      assert.equal(access.kubeConfig.getCurrentUser()?.token, 'local-account-token');
      assert.equal(
        access.kubeConfig.getCurrentCluster()?.server,
        'https://dnsprefix1-abcd1234.hcp.eastus.azmk8s.io:443',
      );
    });

    it('replaces kubelogin on Entra-enabled clusters with an Entra token for the AKS server application', async () => {
      fake.setUserKubeconfig(entraKubeconfig);
      const access = await aks.issueAccess(clustername1, credential);
      assert.ok(identity.scopes.includes(`${AKS_SERVER_APP_ID}/.default`));
      const user = access.kubeConfig.getCurrentUser();
      assert.equal(user?.token, AKS_TOKEN);
      assert.equal(user?.exec, undefined);
      assert.equal(access.kubeConfig.getCurrentCluster()?.caData, clusterCa);
      assert.equal(access.expiresAt?.getTime(), TOKEN_EXPIRY);
    });

    it('refuses a kubeconfig that would make the control plane read its own files', async () => {
      fake.setUserKubeconfig(localAccountsKubeconfig.replace('token: local-account-token', 'token-file: /etc/passwd'));
      await assert.rejects(aks.issueAccess(clustername1, credential), InvalidRequest);
    });
  });
});
