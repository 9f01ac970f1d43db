import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { messageType } from '../../apps/sandbox-cluster/src/schemas/kube-schemas';
import { FIXTURES, TestSandbox, rawRequest, startTestSandbox } from './support';

const CLUSTER = 'kubectl-1';
const APP = join(FIXTURES, 'web-app.yaml');

describe('the real kubectl against a sandbox cluster', { timeout: 120_000 }, () => {
  let env: TestSandbox;
  const kubectl = (...args: string[]) => env.kubectl(CLUSTER, args);
  const json = (...args: string[]) => env.kubectlJson(CLUSTER, args);

  before(async () => {
    env = await startTestSandbox([{ name: CLUSTER, labels: { cloud: 'gcp', region: 'europe-west4' } }], {
      timeline: { podStartMs: 30, podReadyMs: 30, jobRunMs: 100, progressDeadlineMs: 1500 },
    });
  });
  after(() => env.close());

  it('writes a kubeconfig kubectl can use and reports server version 1.32', async () => {
    const result = await kubectl('version', '-o', 'json');
    assert.equal(result.code, 0, result.stderr);
    assert.equal(JSON.parse(result.stdout).serverVersion.minor, '32');
    assert.deepEqual(env.sandbox.clusters[0].labels, { cloud: 'gcp', region: 'europe-west4' });
  });

  it('speaks HTTP/2 with kubectl, negotiated as with a real API server', async () => {
    env.sandbox.clearRequestLog(CLUSTER);
    const result = await kubectl('get', 'namespaces');
    assert.equal(result.code, 0, result.stderr);
    const versions = new Set(env.sandbox.requestLog(CLUSTER).map((entry) => entry.httpVersion));
    assert.deepEqual([...versions], ['2.0']);
  });

  it('applies an application client-side and rolls the Deployment out', async () => {
    const applied = await kubectl('apply', '-f', APP);
    assert.equal(applied.code, 0, applied.stderr);
    assert.match(applied.stdout, /deployment.apps\/web created/);
    assert.match(applied.stdout, /ingress.networking.k8s.io\/web created/);
    assert.match(applied.stdout, /horizontalpodautoscaler.autoscaling\/web created/);
    const rollout = await kubectl('-n', 'shop', 'rollout', 'status', 'deployment/web', '--timeout=20s');
    assert.equal(rollout.code, 0, rollout.stderr);
    assert.match(rollout.stdout, /successfully rolled out/);
    const deployment = await json('-n', 'shop', 'get', 'deployment', 'web');
    assert.equal(deployment.status.readyReplicas, 3);
    assert.equal(deployment.status.observedGeneration, deployment.metadata.generation);
    const progressing = deployment.status.conditions.find(
      (condition: { type: string }) => condition.type === 'Progressing',
    );
    assert.equal(progressing.reason, 'NewReplicaSetAvailable');
    const pods = await json('-n', 'shop', 'get', 'pods', '-l', 'app=web');
    assert.equal(pods.items.length, 3);
    assert.ok(pods.items.every((pod: { status: { phase: string } }) => pod.status.phase === 'Running'));
  });

  it('serves objects with uid, resourceVersion, generation and creationTimestamp', async () => {
    const configMap = await json('-n', 'shop', 'get', 'configmap', 'web-config');
    assert.match(configMap.metadata.uid, /^[0-9a-f-]{36}$/);
    assert.match(configMap.metadata.resourceVersion, /^\d+$/);
    assert.match(configMap.metadata.creationTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(configMap.data.LOG_LEVEL, 'info');
    const service = await json('-n', 'shop', 'get', 'service', 'web');
    assert.match(service.spec.clusterIP, /^10\.96\./);
    assert.equal(service.spec.ports[0].protocol, 'TCP');
  });

  it('diffs a changed manifest (exit 1) and an unchanged one (exit 0), then re-applies with a strategic merge', async () => {
    assert.equal((await kubectl('diff', '-f', APP)).code, 0);
    const changed = (await readFile(APP, 'utf8'))
      .replace('LOG_LEVEL: info', 'LOG_LEVEL: debug')
      .replace('nginx:1.27.2', 'nginx:1.27.3');
    const changedPath = join(env.dir, 'web-app-changed.yaml');
    await writeFile(changedPath, changed);
    const diff = await kubectl('diff', '-f', changedPath);
    assert.equal(diff.code, 1, diff.stderr);
    assert.match(diff.stdout, /-\s+LOG_LEVEL: info\n\+\s+LOG_LEVEL: debug/);
    const before = await json('-n', 'shop', 'get', 'deployment', 'web');
    const applied = await kubectl('apply', '-f', changedPath);
    assert.equal(applied.code, 0, applied.stderr);
    assert.equal((await kubectl('-n', 'shop', 'rollout', 'status', 'deployment/web', '--timeout=20s')).code, 0);
    const after = await json('-n', 'shop', 'get', 'deployment', 'web');
    assert.equal(after.metadata.generation, before.metadata.generation + 1);
    assert.deepEqual(
      after.spec.template.spec.containers.map(
        (container: { name: string; image: string }) => `${container.name}=${container.image}`,
      ),
      ['web=nginx:1.27.3', 'log-shipper=fluent/fluent-bit:3.1.9'],
    );
    const replicaSets = await json('-n', 'shop', 'get', 'replicasets', '-l', 'app=web');
    assert.equal(replicaSets.items.length, 2);
    assert.deepEqual(replicaSets.items.map((rs: { spec: { replicas: number } }) => rs.spec.replicas).sort(), [0, 3]);
  });

  it('scales through the scale subresource and labels objects that selectors then find', async () => {
    assert.equal((await kubectl('-n', 'shop', 'scale', 'deployment/web', '--replicas=5')).code, 0);
    assert.equal((await kubectl('-n', 'shop', 'rollout', 'status', 'deployment/web', '--timeout=20s')).code, 0);
    assert.equal((await json('-n', 'shop', 'get', 'deployment', 'web')).status.availableReplicas, 5);
    assert.equal((await kubectl('-n', 'shop', 'label', 'configmap', 'web-config', 'team=payments')).code, 0);
    const selected = await kubectl(
      '-n',
      'shop',
      'get',
      'configmaps',
      '-l',
      'team in (payments,search),app=web',
      '-o',
      'name',
    );
    assert.equal(selected.stdout.trim(), 'configmap/web-config');
    const none = await kubectl('-n', 'shop', 'get', 'configmaps', '-l', 'team!=payments', '-o', 'name');
    assert.equal(none.stdout.trim(), '');
    const byField = await kubectl(
      '-n',
      'shop',
      'get',
      'services',
      '--field-selector',
      'metadata.name=web',
      '-o',
      'name',
    );
    assert.equal(byField.stdout.trim(), 'service/web');
  });

  it('applies server-side, records managedFields, and reports conflicts unless forced', async () => {
    const manifest = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: flags, namespace: shop}',
      'data: {checkout: "on"}',
    ].join('\n');
    const path = join(env.dir, 'flags.yaml');
    await writeFile(path, manifest);
    assert.equal((await kubectl('apply', '--server-side', '--field-manager=release-bot', '-f', path)).code, 0);
    const configMap = await json('-n', 'shop', 'get', 'configmap', 'flags', '--show-managed-fields');
    const entry = configMap.metadata.managedFields.find((item: { manager: string }) => item.manager === 'release-bot');
    assert.equal(entry.operation, 'Apply');
    assert.deepEqual(entry.fieldsV1, { 'f:data': { 'f:checkout': {} } });

    await writeFile(path, manifest.replace('"on"', '"off"'));
    const conflicting = await kubectl('apply', '--server-side', '--field-manager=oncall', '-f', path);
    assert.equal(conflicting.code, 1);
    assert.match(conflicting.stderr, /conflict with "release-bot": \.data\.checkout/);
    const forced = await kubectl('apply', '--server-side', '--field-manager=oncall', '--force-conflicts', '-f', path);
    assert.equal(forced.code, 0, forced.stderr);
    const taken = await json('-n', 'shop', 'get', 'configmap', 'flags', '--show-managed-fields');
    assert.equal(taken.data.checkout, 'off');
    assert.deepEqual(
      taken.metadata.managedFields.map((item: { manager: string }) => item.manager),
      ['oncall'],
    );
  });

  it('answers an invalid name with 422 Invalid and a missing namespace with 404', async () => {
    const invalid = await env.kubectl(CLUSTER, ['create', '-f', '-'], {
      input: JSON.stringify({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'Not_Valid', namespace: 'shop' },
      }),
    });
    assert.equal(invalid.code, 1);
    assert.match(
      invalid.stderr,
      /ConfigMap "Not_Valid" is invalid: metadata.name: Invalid value: "Not_Valid": a lowercase RFC 1123 subdomain/,
    );
    const missing = await env.kubectl(CLUSTER, ['create', '-f', '-'], {
      input: JSON.stringify({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'orphan', namespace: 'nowhere' },
      }),
    });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /namespaces "nowhere" not found/);
  });

  it('serves a CustomResourceDefinition and its custom resources', async () => {
    assert.equal((await kubectl('apply', '-f', join(FIXTURES, 'backup-crd.yaml'))).code, 0);
    const created = await kubectl('apply', '-f', join(FIXTURES, 'backup-schedule.yaml'));
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /backupschedule.ops.example.com\/nightly created/);
    const listed = await kubectl('get', 'bks', '-o', 'name');
    assert.equal(listed.stdout.trim(), 'backupschedule.ops.example.com/nightly');
    const resource = await json('get', 'backupschedule', 'nightly');
    assert.equal(resource.spec.retentionDays, 14);
    assert.equal(resource.metadata.generation, 1);
    const patched = await kubectl(
      'patch',
      'backupschedule',
      'nightly',
      '--type=merge',
      '-p',
      '{"spec":{"retentionDays":30}}',
    );
    assert.equal(patched.code, 0, patched.stderr);
    assert.equal((await json('get', 'backupschedule', 'nightly')).metadata.generation, 2);
    const serverSide = await kubectl(
      'apply',
      '--server-side',
      '-f',
      join(FIXTURES, 'backup-schedule.yaml'),
      '--force-conflicts',
    );
    assert.equal(serverSide.code, 0, serverSide.stderr);
    assert.equal((await json('get', 'backupschedule', 'nightly')).spec.retentionDays, 14);
  });

  it('never readies crashlooping or unpullable images and fails the rollout at the progress deadline', async () => {
    const manifest = (name: string, image: string) =>
      JSON.stringify({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, namespace: 'shop' },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: name } },
          template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image }] } },
        },
      });
    for (const [name, image] of [
      ['crashy', 'registry.example.com/api:v2-crashloop'],
      ['ghost', 'registry.example.com/api:unpullable'],
    ]) {
      assert.equal((await env.kubectl(CLUSTER, ['apply', '-f', '-'], { input: manifest(name, image) })).code, 0);
    }
    const rollout = await kubectl('-n', 'shop', 'rollout', 'status', 'deployment/crashy', '--timeout=20s');
    assert.equal(rollout.code, 1);
    assert.match(rollout.stderr, /exceeded its progress deadline/);
    const crashy = await json('-n', 'shop', 'get', 'pods', '-l', 'app=crashy');
    const waiting = crashy.items.map(
      (pod: { status: { containerStatuses: Array<{ state: { waiting?: { reason: string } } }> } }) =>
        pod.status.containerStatuses[0].state.waiting?.reason,
    );
    assert.deepEqual(waiting, ['CrashLoopBackOff', 'CrashLoopBackOff']);
    const ghostRollout = await kubectl('-n', 'shop', 'rollout', 'status', 'deployment/ghost', '--timeout=20s');
    assert.equal(ghostRollout.code, 1);
    const ghost = await json('-n', 'shop', 'get', 'deployment', 'ghost');
    assert.equal(
      ghost.status.conditions.find((condition: { type: string }) => condition.type === 'Progressing').reason,
      'ProgressDeadlineExceeded',
    );
    const ghostPods = await json('-n', 'shop', 'get', 'pods', '-l', 'app=ghost');
    assert.equal(ghostPods.items[0].status.containerStatuses[0].state.waiting.reason, 'ImagePullBackOff');
  });

  it('deletes with cascading to ReplicaSets and Pods, then deletes the namespace', async () => {
    const deleted = await kubectl('-n', 'shop', 'delete', 'deployment', 'web');
    assert.equal(deleted.code, 0, deleted.stderr);
    const leftovers = await kubectl('-n', 'shop', 'get', 'replicasets,pods', '-l', 'app=web', '-o', 'name');
    assert.equal(leftovers.stdout.trim(), '');
    const namespace = await kubectl('delete', 'namespace', 'shop', '--timeout=20s');
    assert.equal(namespace.code, 0, namespace.stderr);
    const gone = await kubectl('get', 'namespace', 'shop');
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /namespaces "shop" not found/);
  });
});

describe(
  "kubectl's imperative commands, discovery, explain and field validation against a sandbox cluster",
  { timeout: 120_000 },
  () => {
    const cluster = 'kubectl-2';
    let env: TestSandbox;
    const kubectl = (...args: string[]) => env.kubectl(cluster, args);
    const succeeds = async (...args: string[]) => {
      const result = await kubectl(...args);
      assert.equal(result.code, 0, result.stderr);
      return result.stdout;
    };
    const json = async (...args: string[]) => JSON.parse(await succeeds(...args, '-o', 'json'));
    const clusterInfo = () => env.sandbox.clusters[0];
    const typoManifest = (name: string) =>
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        `metadata: {name: ${name}, namespace: demo}`,
        'spec:',
        '  replica: 2',
        `  selector: {matchLabels: {app: ${name}}}`,
        '  template:',
        `    metadata: {labels: {app: ${name}}}`,
        `    spec: {containers: [{name: web, image: nginx:1.27.2}]}`,
      ].join('\n');

    before(async () => {
      env = await startTestSandbox([{ name: cluster, labels: { cloud: 'aws' } }]);
    });
    after(() => env.close());

    it('discovers every group, version and resource in one round trip (aggregated discovery)', async () => {
      await rm(join(env.dir, 'kube-cache', cluster), { recursive: true, force: true });
      env.sandbox.clearRequestLog(cluster);
      await succeeds('get', 'deployments,jobs,ingresses,hpa', '-A');
      const discovery = env.sandbox
        .requestLog(cluster)
        .map((entry) => entry.path.split('?')[0])
        .filter((path) => /^\/apis?(\/[^/]+){0,2}$/.test(path));
      assert.deepEqual(discovery.sort(), ['/api', '/apis']);
    });

    it('creates a namespace and a deployment, which rolls out (kubectl sends both as protobuf)', async () => {
      assert.match(await succeeds('create', 'namespace', 'demo'), /namespace\/demo created/);
      assert.match(
        await succeeds(
          '-n',
          'demo',
          'create',
          'deployment',
          'web',
          '--image=nginx:1.27.2',
          '--replicas=2',
          '--port=8080',
        ),
        /deployment.apps\/web created/,
      );
      await succeeds('-n', 'demo', 'rollout', 'status', 'deployment/web', '--timeout=20s');
      const deployment = await json('-n', 'demo', 'get', 'deployment', 'web');
      assert.equal(deployment.spec.replicas, 2);
      assert.deepEqual(deployment.spec.selector, { matchLabels: { app: 'web' } });
      assert.equal(deployment.spec.template.spec.containers[0].ports[0].containerPort, 8080);
      assert.equal(deployment.status.readyReplicas, 2);
    });

    it('creates a configmap and a secret from literals, and reads the secret back decoded', async () => {
      await succeeds('-n', 'demo', 'create', 'configmap', 'settings', '--from-literal=LOG_LEVEL=info');
      assert.deepEqual((await json('-n', 'demo', 'get', 'configmap', 'settings')).data, { LOG_LEVEL: 'info' });
      await succeeds('-n', 'demo', 'create', 'secret', 'generic', 'db', '--from-literal=password=s3cr3t!');
      const secret = await json('-n', 'demo', 'get', 'secret', 'db');
      assert.equal(secret.type, 'Opaque');
      assert.equal(Buffer.from(secret.data.password, 'base64').toString('utf8'), 's3cr3t!');
      const decoded = await succeeds(
        '-n',
        'demo',
        'get',
        'secret',
        'db',
        '-o',
        'go-template={{.data.password | base64decode}}',
      );
      assert.equal(decoded, 's3cr3t!');
    });

    it('creates a job that completes, a ClusterIP service and a service account', async () => {
      await succeeds('-n', 'demo', 'create', 'job', 'once', '--image=busybox:1.36');
      await succeeds('-n', 'demo', 'wait', '--for=condition=complete', 'job/once', '--timeout=20s');
      await succeeds('-n', 'demo', 'create', 'service', 'clusterip', 'api', '--tcp=80:8080');
      const service = await json('-n', 'demo', 'get', 'service', 'api');
      assert.equal(service.spec.type, 'ClusterIP');
      assert.deepEqual(
        service.spec.ports.map((port: { port: number; targetPort: number }) => [port.port, port.targetPort]),
        [[80, 8080]],
      );
      assert.match(
        await succeeds('-n', 'demo', 'create', 'serviceaccount', 'builder'),
        /serviceaccount\/builder created/,
      );
    });

    it('creates a cronjob, an ingress, a pod disruption budget, the other service types and secret types', async () => {
      await succeeds('-n', 'demo', 'create', 'cronjob', 'nightly', '--image=busybox:1.36', '--schedule=0 3 * * *');
      assert.equal((await json('-n', 'demo', 'get', 'cronjob', 'nightly')).spec.schedule, '0 3 * * *');
      await succeeds('-n', 'demo', 'create', 'ingress', 'web', '--rule=shop.example.com/*=web:80');
      const ingress = await json('-n', 'demo', 'get', 'ingress', 'web');
      assert.deepEqual(ingress.spec.rules[0].http.paths[0].backend, { service: { name: 'web', port: { number: 80 } } });
      await succeeds('-n', 'demo', 'create', 'poddisruptionbudget', 'web', '--selector=app=web', '--min-available=1');
      assert.equal((await json('-n', 'demo', 'get', 'pdb', 'web')).spec.minAvailable, 1);
      await succeeds('-n', 'demo', 'create', 'service', 'nodeport', 'np', '--tcp=80:8080');
      await succeeds('-n', 'demo', 'create', 'service', 'loadbalancer', 'lb', '--tcp=443:8443');
      await succeeds('-n', 'demo', 'create', 'service', 'externalname', 'db', '--external-name=db.example.com');
      const services = await json('-n', 'demo', 'get', 'services', 'np', 'lb', 'db');
      assert.deepEqual(
        services.items.map((service: { spec: { type: string } }) => service.spec.type),
        ['NodePort', 'LoadBalancer', 'ExternalName'],
      );
      await succeeds(
        '-n',
        'demo',
        'create',
        'secret',
        'docker-registry',
        'pull',
        '--docker-server=ghcr.io',
        '--docker-username=ci',
        '--docker-password=token',
      );
      const pull = await json('-n', 'demo', 'get', 'secret', 'pull');
      assert.equal(pull.type, 'kubernetes.io/dockerconfigjson');
      const config = JSON.parse(Buffer.from(pull.data['.dockerconfigjson'], 'base64').toString('utf8'));
      assert.equal(config.auths['ghcr.io'].username, 'ci');
    });

    it('runs a pod and exposes the deployment as a service selecting its pods', async () => {
      assert.match(
        await succeeds('-n', 'demo', 'run', 'debug', '--image=busybox:1.36', '--labels=role=debug'),
        /pod\/debug created/,
      );
      await succeeds('-n', 'demo', 'wait', '--for=condition=Ready', 'pod/debug', '--timeout=20s');
      await succeeds('-n', 'demo', 'expose', 'deployment', 'web', '--port=80', '--target-port=8080', '--name=web');
      const service = await json('-n', 'demo', 'get', 'service', 'web');
      assert.deepEqual(service.spec.selector, { app: 'web' });
      assert.equal(service.spec.ports[0].targetPort, 8080);
    });

    it('explains deployment.spec.strategy with the real field documentation', async () => {
      const explained = await succeeds('explain', 'deployment.spec.strategy');
      assert.match(explained, /FIELD: strategy <DeploymentStrategy>/);
      assert.match(explained, /The deployment strategy to use to replace existing pods with new ones\./);
      assert.match(explained, /DeploymentStrategy describes how to replace existing pods with new ones\./);
      assert.match(explained, /rollingUpdate\t<RollingUpdateDeployment>/);
      assert.match(
        explained,
        /Type of deployment\. Can be "Recreate" or "RollingUpdate"\. Default is\s+RollingUpdate\./,
      );
    });

    it('refuses a misspelled field under --validate=strict as the real server refuses it', async () => {
      const path = join(env.dir, 'typo-strict.yaml');
      await writeFile(path, typoManifest('typo-strict'));
      const refused = await kubectl('apply', '--validate=strict', '-f', path);
      assert.equal(refused.code, 1);
      assert.equal(
        refused.stderr.trim(),
        `Error from server (BadRequest): error when creating "${path}": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"`,
      );
      assert.equal((await kubectl('-n', 'demo', 'get', 'deployment', 'typo-strict')).code, 1);
    });

    it('warns about a misspelled field under --validate=warn and stores the object without it', async () => {
      const path = join(env.dir, 'typo-warn.yaml');
      await writeFile(path, typoManifest('typo-warn'));
      const warned = await kubectl('apply', '--validate=warn', '-f', path);
      assert.equal(warned.code, 0, warned.stderr);
      assert.match(warned.stdout, /deployment.apps\/typo-warn created/);
      assert.equal(warned.stderr.trim(), 'Warning: unknown field "spec.replica"');
      const stored = await json('-n', 'demo', 'get', 'deployment', 'typo-warn');
      assert.equal(stored.spec.replica, undefined);
      assert.equal(stored.spec.replicas, 1);
    });

    it('refuses a JSON body that repeats a field under fieldValidation=Strict', async () => {
      const response = await rawRequest(
        clusterInfo(),
        'POST',
        '/api/v1/namespaces/demo/configmaps?fieldValidation=Strict',
        {
          headers: { 'Content-Type': 'application/json' },
          body: '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"twice"},"data":{"a":"1"},"data":{"a":"2"}}',
        },
      );
      assert.equal(response.status, 400);
      assert.equal(
        JSON.parse(response.body).message,
        'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: duplicate field "data"',
      );
    });

    it("takes a typed client's protobuf create and its protobuf DeleteOptions", async () => {
      const protobuf = (apiVersion: string, kind: string, messageName: string, object: object) => {
        const type = messageType(messageName);
        const envelope = messageType('k8s.io.apimachinery.pkg.runtime.Unknown');
        const raw = type.encode(type.fromObject(object)).finish();
        const unknown = envelope.encode(envelope.fromObject({ typeMeta: { apiVersion, kind }, raw })).finish();
        return Buffer.concat([Buffer.from('k8s\0', 'latin1'), unknown]);
      };
      const headers = {
        'Content-Type': 'application/vnd.kubernetes.protobuf',
        Accept: 'application/vnd.kubernetes.protobuf, application/json',
      };
      const created = await rawRequest(clusterInfo(), 'POST', '/api/v1/namespaces/demo/configmaps', {
        headers,
        body: protobuf('v1', 'ConfigMap', 'k8s.io.api.core.v1.ConfigMap', {
          metadata: { name: 'typed' },
          data: { mode: 'typed' },
        }),
      });
      assert.equal(created.status, 201, created.body);
      assert.deepEqual(JSON.parse(created.body).data, { mode: 'typed' });
      const deleteOptions = (dryRun: string[]) =>
        protobuf('v1', 'DeleteOptions', 'k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions', { dryRun });
      const path = '/api/v1/namespaces/demo/configmaps/typed';
      const dryRun = await rawRequest(clusterInfo(), 'DELETE', path, { headers, body: deleteOptions(['All']) });
      assert.equal(dryRun.status, 200, dryRun.body);
      assert.equal((await kubectl('-n', 'demo', 'get', 'configmap', 'typed')).code, 0);
      const deleted = await rawRequest(clusterInfo(), 'DELETE', path, { headers, body: deleteOptions([]) });
      assert.equal(deleted.status, 200, deleted.body);
      assert.equal((await kubectl('-n', 'demo', 'get', 'configmap', 'typed')).code, 1);
    });

    it('answers JSON to a client that also accepts it, and 406 to one that accepts only protobuf', async () => {
      const path = '/api/v1/namespaces/demo/configmaps/settings';
      const both = await rawRequest(clusterInfo(), 'GET', path, {
        headers: { Accept: 'application/vnd.kubernetes.protobuf,application/json' },
      });
      assert.equal(both.status, 200);
      assert.equal(both.headers['content-type'], 'application/json');
      const protobufOnly = await rawRequest(clusterInfo(), 'GET', path, {
        headers: { Accept: 'application/vnd.kubernetes.protobuf' },
      });
      assert.equal(protobufOnly.status, 406);
      assert.equal(JSON.parse(protobufOnly.body).reason, 'NotAcceptable');
    });
  },
);
