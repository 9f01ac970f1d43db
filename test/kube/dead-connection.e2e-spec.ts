import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KubeConfig } from '@kubernetes/client-node';
import { KubeClusterClient, isKubeApiError } from '@fleetplane/kube';
import { eventually } from '../support/eventually';
import { StallingForwarder, startStallingForwarder } from './stalling-forwarder';
import { KubeTestEnv, startKubeTestEnv } from './support';

const CLUSTER = 'far-away';
const DEFAULT_NAMESPACE = { apiVersion: 'v1', kind: 'Namespace', name: 'default' };

describe('a cluster that stops answering without closing its connection', { timeout: 20_000 }, () => {
  let env: KubeTestEnv;
  let forwarder: StallingForwarder;
  let client: KubeClusterClient;
  let kubeConfig: KubeConfig;

  before(async () => {
    env = await startKubeTestEnv([{ name: CLUSTER }]);
    kubeConfig = env.kubeConfigFor(CLUSTER);
    const cluster = kubeConfig.getCurrentCluster();
    assert.ok(cluster);
    forwarder = await startStallingForwarder(Number(new URL(cluster.server).port));
    Object.assign(cluster, { server: `https://127.0.0.1:${forwarder.port}` });
    client = new KubeClusterClient(kubeConfig, { clusterName: CLUSTER, requestTimeoutMs: 500 });
  });
  after(async () => {
    client?.close();
    await forwarder?.stop();
    await env?.close();
  });

  it('is found out by a PING after a request times out, and the next request connects afresh', async () => {
    assert.ok(await client.get(DEFAULT_NAMESPACE));
    assert.equal(forwarder.connections(), 1);
    assert.deepEqual(
      env.sandbox.requestLog(CLUSTER).map((entry) => entry.httpVersion),
      ['2.0'],
    );

    forwarder.stall();
    await assert.rejects(client.get(DEFAULT_NAMESPACE), (error) => isKubeApiError(error, 'Unreachable'));
    await eventually(
      () => forwarder.open() === 0,
      'the client gave up the connection that does not answer PING',
      10_000,
    );

    assert.ok(await client.get(DEFAULT_NAMESPACE), 'answered over a new connection');
    assert.equal(forwarder.connections(), 2);
  });

  it('fails a request within its timeout when the connection it needs never completes its handshake', async () => {
    forwarder.stall('new connections too');
    const fresh = new KubeClusterClient(kubeConfig, { clusterName: CLUSTER, requestTimeoutMs: 500 });
    try {
      // Without a bound on connecting, this waits out the operating system's TCP timeout, minutes.
      await assert.rejects(fresh.get(DEFAULT_NAMESPACE), (error) => isKubeApiError(error, 'Unreachable'));
    } finally {
      fresh.close();
    }
  });
});
