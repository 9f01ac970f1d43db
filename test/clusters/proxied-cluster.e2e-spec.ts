import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { Sandbox } from '@fleetplane/sandbox';
import { HealthProber } from '../../apps/control-plane/src/clusters/health/health-prober';
import { publishStorefront } from '../deployments/storefront';
import { BastionProxy, ProxyProtocol, startBastionProxy } from '../support/bastion-proxy';
import { RunningControlPlane, bearer, startControlPlane } from '../support/control-plane';
import { startFastSandbox, waitForDeployment } from '../support/fleet';

const kubectl = promisify(execFile);
const CLUSTER = { name: 'private-aws', labels: { cloud: 'aws', region: 'us-east-1' } };

/** A port nothing listens on: the cluster's published address, unreachable from the control plane. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The sandbox cluster's kubeconfig, as a private cluster's: its server address reachable only through `proxyUrl`. */
function behindProxy(kubeconfig: string, server: string, proxyUrl: string): string {
  const rewritten = kubeconfig.replace(/^(\s+)server: .*$/m, `$1server: ${server}\n$1proxy-url: ${proxyUrl}`);
  assert.notEqual(rewritten, kubeconfig, 'the sandbox kubeconfig names its server');
  return rewritten;
}

for (const protocol of ['http', 'socks5'] as ProxyProtocol[]) {
  describe(`a private cluster behind a ${protocol} proxy (kubeconfig proxy-url)`, { timeout: 120_000 }, () => {
    let plane: RunningControlPlane;
    let sandbox: Sandbox;
    let proxy: BastionProxy;
    let dir: string;
    let kubeconfigPath: string;
    let admin: Record<string, string>;

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'fleetplane-proxied-'));
      sandbox = await startFastSandbox(dir, [CLUSTER]);
      proxy = await startBastionProxy(protocol, new URL(sandbox.clusters[0].server));
      const published = `https://127.0.0.1:${await closedPort()}`;
      const original = await readFile(sandbox.clusters[0].kubeconfigPath, 'utf8');
      kubeconfigPath = join(dir, 'private.kubeconfig');
      await writeFile(kubeconfigPath, behindProxy(original, published, proxy.url));
      plane = await startControlPlane('embedded');
      admin = bearer(plane.adminToken);
    });
    after(async () => {
      await plane?.close();
      await proxy?.stop();
      await sandbox?.stop();
      await rm(dir, { recursive: true, force: true });
    });

    it('is registered, probed Healthy and deployed to, every request through the proxy', async () => {
      await plane.http
        .post('/v1/clusters')
        .set(admin)
        .send({
          name: CLUSTER.name,
          environment: 'prod',
          labels: CLUSTER.labels,
          ref: { provider: 'kubeconfig', context: CLUSTER.name },
          credential: { type: 'kubeconfig', kubeconfig: await readFile(kubeconfigPath, 'utf8') },
        })
        .expect(201);
      await plane.app.get(HealthProber).probeAll();
      const cluster = await plane.http.get(`/v1/clusters/${CLUSTER.name}`).set(admin).expect(200);
      assert.equal(cluster.body.health.state, 'Healthy', JSON.stringify(cluster.body.health));

      await publishStorefront(plane, admin, { namespace: 'shop', version: '1.0.0' });
      const created = await plane.http
        .post('/v1/deployments')
        .set(admin)
        .send({ application: 'storefront', release: '1.0.0', placement: { clusters: [CLUSTER.name] } })
        .expect(201);
      const deployment = await waitForDeployment(plane, created.body.id, ['Succeeded', 'Failed', 'PartiallyFailed']);
      assert.equal(deployment.state, 'Succeeded', JSON.stringify(deployment.targets));
      const requests = sandbox.requestLog(CLUSTER.name).length;
      assert.ok(requests >= 10, `the cluster answered ${requests} requests`);
      // Through a proxy the connections are HTTP/1.1: registration's, then at most the cluster's four
      // kept-alive ones, shared by the probes and the rollout's tiers of applies.
      assert.ok(proxy.tunnels() <= 1 + 4, `${proxy.tunnels()} tunnels for ${requests} requests`);

      const { stdout } = await kubectl(
        'kubectl',
        ['--kubeconfig', kubeconfigPath, 'get', 'deployment', 'storefront', '-n', 'shop', '-o', 'name'],
        { timeout: 20_000 },
      );
      assert.equal(stdout.trim(), 'deployment.apps/storefront', 'kubectl, through the same proxy, sees it');
    });
  });
}
