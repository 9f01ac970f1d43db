import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '@fleetplane/objects';
import { BindingError } from './bindings.errors';
import { BINDING_REVISIONS_ANNOTATION, WorkloadBinding, bindingSecret, projectBindings } from './projection';

function deployment(name: string, containers: object[], labels: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'shop', labels },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers } },
    },
  } as KubeObject;
}

const ordersDb: WorkloadBinding = {
  name: 'orders-db',
  secretName: 'shop-orders-db-binding',
  entryKeys: ['type', 'provider', 'host', 'port', 'password'],
  workloads: { type: 'all' },
  env: [],
  revisionToken: 'b1@1',
};

type Pod = {
  metadata: { annotations: Record<string, string> };
  spec: {
    volumes: object[];
    containers: Array<{ env: object[]; volumeMounts: object[] }>;
    initContainers?: Array<{ env: object[]; volumeMounts: object[] }>;
  };
};
const podOf = (object: KubeObject): Pod => (object.spec as { template: Pod }).template;

describe('binding Secrets', () => {
  it('are typed servicebinding.io/<type> with base64 data', () => {
    const secret = bindingSecret({
      name: 'shop-orders-db-binding',
      namespace: 'shop',
      bindingName: 'orders-db',
      bindingType: 'postgresql',
      entries: { type: 'postgresql', host: 'db.example.com' },
    });
    assert.equal(secret.type, 'servicebinding.io/postgresql');
    assert.deepEqual(secret.data, {
      host: Buffer.from('db.example.com').toString('base64'),
      type: Buffer.from('postgresql').toString('base64'),
    });
    assert.deepEqual(secret.metadata.labels, { 'fleetplane.io/binding': 'orders-db' });
  });
});

describe('projecting bindings into workloads', () => {
  it('mounts the Secret at /bindings/<name> in every container and declares SERVICE_BINDING_ROOT', () => {
    const [projected] = projectBindings(
      [
        deployment('web', [
          { name: 'web', image: 'x' },
          { name: 'sidecar', image: 'y' },
        ]),
      ],
      [ordersDb],
    );
    const pod = podOf(projected);
    assert.deepEqual(pod.spec.volumes, [
      { name: 'binding-orders-db', secret: { secretName: 'shop-orders-db-binding' } },
    ]);
    for (const container of pod.spec.containers) {
      assert.deepEqual(container.env, [{ name: 'SERVICE_BINDING_ROOT', value: '/bindings' }]);
      assert.deepEqual(container.volumeMounts, [
        { name: 'binding-orders-db', mountPath: '/bindings/orders-db', readOnly: true },
      ]);
    }
    assert.match(pod.metadata.annotations[BINDING_REVISIONS_ANNOTATION], /^[0-9a-f]{32}$/);
  });

  it('mounts under a container own SERVICE_BINDING_ROOT and never resets it', () => {
    const own = { name: 'web', image: 'x', env: [{ name: 'SERVICE_BINDING_ROOT', value: '/etc/svc' }] };
    const [projected] = projectBindings([deployment('web', [own])], [ordersDb]);
    const container = podOf(projected).spec.containers[0];
    assert.deepEqual(container.env, [{ name: 'SERVICE_BINDING_ROOT', value: '/etc/svc' }]);
    assert.deepEqual(container.volumeMounts, [
      { name: 'binding-orders-db', mountPath: '/etc/svc/orders-db', readOnly: true },
    ]);
  });

  it('refuses a SERVICE_BINDING_ROOT set from a reference', () => {
    const own = {
      name: 'web',
      image: 'x',
      env: [{ name: 'SERVICE_BINDING_ROOT', valueFrom: { configMapKeyRef: { name: 'c', key: 'k' } } }],
    };
    assert.throws(() => projectBindings([deployment('web', [own])], [ordersDb]), BindingError);
  });

  it('adds env vars from secretKeyRef, and refuses one naming an entry the Secret lacks', () => {
    const withEnv = { ...ordersDb, env: [{ name: 'DB_HOST', key: 'host' }] };
    const [projected] = projectBindings([deployment('web', [{ name: 'web', image: 'x' }])], [withEnv]);
    assert.deepEqual(podOf(projected).spec.containers[0].env[1], {
      name: 'DB_HOST',
      valueFrom: { secretKeyRef: { name: 'shop-orders-db-binding', key: 'host' } },
    });
    assert.throws(
      () => projectBindings([], [{ ...ordersDb, env: [{ name: 'DB_NAME', key: 'database' }] }]),
      (error: unknown) => error instanceof BindingError && error.field === 'env[0].key',
    );
  });

  it('projects into init containers, StatefulSets, DaemonSets, Jobs and CronJobs, and leaves other kinds alone', () => {
    const pod = {
      spec: { initContainers: [{ name: 'migrate', image: 'm' }], containers: [{ name: 'c', image: 'x' }] },
    };
    const objects: KubeObject[] = [
      { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's' }, spec: { template: pod } },
      { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'd' }, spec: { template: pod } },
      { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template: pod } },
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'cj' },
        spec: { schedule: '* * * * *', jobTemplate: { spec: { template: pod } } },
      },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: {} },
    ] as KubeObject[];
    const projected = projectBindings(objects, [ordersDb]);
    const templates = [
      podOf(projected[0]),
      podOf(projected[1]),
      podOf(projected[2]),
      (projected[3].spec as { jobTemplate: { spec: { template: Pod } } }).jobTemplate.spec.template,
    ];
    for (const template of templates) {
      assert.equal(template.spec.initContainers?.[0].volumeMounts.length, 1);
      assert.equal(template.spec.containers[0].volumeMounts.length, 1);
    }
    assert.equal(projected[4], objects[4]);
    assert.equal(
      (objects[0].spec as { template: Pod }).template.spec.containers[0].volumeMounts,
      undefined,
      'input untouched',
    );
  });

  it('projects only into the workloads a binding selects by name or by labels', () => {
    const objects = [
      deployment('web', [{ name: 'web', image: 'x' }], { tier: 'front' }),
      deployment('worker', [{ name: 'w', image: 'x' }], { tier: 'back' }),
    ];
    const byName = projectBindings(objects, [
      { ...ordersDb, workloads: { type: 'names', names: [{ kind: 'Deployment', name: 'worker' }] } },
    ]);
    assert.equal(byName[0], objects[0]);
    assert.notEqual(byName[1], objects[1]);
    const byLabels = projectBindings(objects, [
      { ...ordersDb, workloads: { type: 'labels', selector: { matchLabels: { tier: 'front' } } } },
    ]);
    assert.notEqual(byLabels[0], objects[0]);
    assert.equal(byLabels[1], objects[1]);
  });

  it('changes the revisions annotation of exactly the workloads consuming a rotated binding', () => {
    const cache: WorkloadBinding = {
      ...ordersDb,
      name: 'sessions',
      secretName: 'shop-sessions-binding',
      revisionToken: 'c1@1',
      workloads: { type: 'names', names: [{ kind: 'Deployment', name: 'worker' }] },
    };
    const db: WorkloadBinding = {
      ...ordersDb,
      workloads: { type: 'names', names: [{ kind: 'Deployment', name: 'web' }] },
    };
    const objects = [
      deployment('web', [{ name: 'web', image: 'x' }]),
      deployment('worker', [{ name: 'w', image: 'x' }]),
    ];
    const before = projectBindings(objects, [db, cache]).map(
      (object) => podOf(object).metadata.annotations[BINDING_REVISIONS_ANNOTATION],
    );
    const after = projectBindings(objects, [{ ...db, revisionToken: 'b1@2' }, cache]).map(
      (object) => podOf(object).metadata.annotations[BINDING_REVISIONS_ANNOTATION],
    );
    assert.notEqual(after[0], before[0]);
    assert.equal(after[1], before[1]);
  });

  it('is idempotent: projecting a projected workload again changes nothing', () => {
    const once = projectBindings(
      [deployment('web', [{ name: 'web', image: 'x' }])],
      [{ ...ordersDb, env: [{ name: 'DB_HOST', key: 'host' }] }],
    );
    const twice = projectBindings(once, [{ ...ordersDb, env: [{ name: 'DB_HOST', key: 'host' }] }]);
    assert.deepEqual(twice, once);
  });
});
