import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Sandbox, SandboxOptions, startSandbox } from '@fleetplane/sandbox';
import { FAST_TIMELINE, runKubectl } from './support';

const CLUSTER = 'durable-1';

const manifest = `
apiVersion: v1
kind: Namespace
metadata: {name: payments}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: payments}
data: {currency: EUR}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ledger, namespace: payments}
spec:
  replicas: 2
  selector: {matchLabels: {app: ledger}}
  template:
    metadata: {labels: {app: ledger}}
    spec:
      containers: [{name: ledger, image: "ghcr.io/example/ledger:3.0.1"}]
`;

describe('a sandbox restarted from its --state-file', { timeout: 60_000 }, () => {
  let dir: string;
  let options: SandboxOptions;
  let first: Sandbox | undefined;
  let second: Sandbox | undefined;
  /** A kubeconfig saved before the restart, outside the directory the sandbox writes to. */
  let savedKubeconfig: string;
  const kubectl = (kubeconfig: string, ...args: string[]) => runKubectl(kubeconfig, join(dir, 'kube-cache'), args);
  const json = async (kubeconfig: string, ...args: string[]) => {
    const result = await kubectl(kubeconfig, ...args, '-o', 'json');
    assert.equal(result.code, 0, result.stderr);
    return JSON.parse(result.stdout);
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sandbox-state-'));
    options = {
      clusters: [{ name: CLUSTER, labels: { cloud: 'azure', region: 'westeurope' } }],
      kubeconfigDir: join(dir, 'kubeconfigs'),
      stateFile: join(dir, 'state.json'),
      timeline: FAST_TIMELINE,
      adminPort: false,
    };
    first = await startSandbox(options);
    savedKubeconfig = join(dir, 'saved.kubeconfig');
    await copyFile(first.clusters[0].kubeconfigPath, savedKubeconfig);
  });
  after(async () => {
    await first?.stop();
    await second?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps objects, port, token and certificates, so a kubeconfig written before still works', async () => {
    const live = first!.clusters[0].kubeconfigPath;
    const applied = await runKubectl(live, join(dir, 'kube-cache'), ['apply', '-f', '-'], { input: manifest });
    assert.equal(applied.code, 0, applied.stderr);
    assert.equal((await kubectl(live, '-n', 'payments', 'rollout', 'status', 'deployment/ledger')).code, 0);
    const settingsBefore = await json(live, '-n', 'payments', 'get', 'configmap', 'settings');
    const ledgerBefore = await json(live, '-n', 'payments', 'get', 'deployment', 'ledger');
    const identity = first!.clusters[0];
    await first!.stop();
    first = undefined;
    const refused = await kubectl(savedKubeconfig, 'get', 'namespaces', '--request-timeout=2s');
    assert.notEqual(refused.code, 0, 'nothing answers while the sandbox is down');

    second = await startSandbox(options);
    const restarted = second.clusters[0];
    assert.equal(restarted.server, identity.server);
    assert.equal(restarted.token, identity.token);
    assert.equal(restarted.caPem, identity.caPem);
    assert.equal(await readFile(restarted.kubeconfigPath, 'utf8'), await readFile(savedKubeconfig, 'utf8'));

    const settings = await json(savedKubeconfig, '-n', 'payments', 'get', 'configmap', 'settings');
    assert.equal(settings.metadata.uid, settingsBefore.metadata.uid);
    assert.equal(settings.metadata.resourceVersion, settingsBefore.metadata.resourceVersion);
    assert.deepEqual(settings.data, { currency: 'EUR' });
    const ledger = await json(savedKubeconfig, '-n', 'payments', 'get', 'deployment', 'ledger');
    assert.equal(ledger.metadata.uid, ledgerBefore.metadata.uid);
    assert.equal(ledger.status.availableReplicas, 2);
    assert.equal((await json(savedKubeconfig, '-n', 'payments', 'get', 'pods', '-l', 'app=ledger')).items.length, 2);
  });

  it('goes on counting resourceVersions and reconciling after the restart', async () => {
    const before = await json(savedKubeconfig, '-n', 'payments', 'get', 'configmap', 'settings');
    const labelled = await kubectl(savedKubeconfig, '-n', 'payments', 'label', 'configmap', 'settings', 'tier=gold');
    assert.equal(labelled.code, 0, labelled.stderr);
    const after = await json(savedKubeconfig, '-n', 'payments', 'get', 'configmap', 'settings');
    assert.ok(Number(after.metadata.resourceVersion) > Number(before.metadata.resourceVersion));
    assert.equal(
      (await kubectl(savedKubeconfig, '-n', 'payments', 'scale', 'deployment/ledger', '--replicas=3')).code,
      0,
    );
    const rollout = await kubectl(savedKubeconfig, '-n', 'payments', 'rollout', 'status', 'deployment/ledger');
    assert.equal(rollout.code, 0, rollout.stderr);
    assert.equal((await json(savedKubeconfig, '-n', 'payments', 'get', 'pods', '-l', 'app=ledger')).items.length, 3);
  });
});
