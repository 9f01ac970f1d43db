import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectDrift } from './detect-drift';

const applied = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'storefront', namespace: 'shop', labels: { 'app.kubernetes.io/managed-by': 'fleetplane' } },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'storefront' } },
    template: {
      metadata: { labels: { app: 'storefront' } },
      spec: {
        containers: [
          {
            name: 'web',
            image: 'ghcr.io/acme/storefront:1.4.2',
            ports: [{ containerPort: 8080 }],
            env: [{ name: 'LOG_LEVEL', value: 'info' }],
            resources: { requests: { cpu: '0.5', memory: '1Gi' } },
            args: ['--port=8080'],
          },
        ],
        volumes: [],
      },
    },
  },
};

/** What the API server returns for `applied`: defaults, server fields and other managers' additions. */
function liveFrom() {
  const web = {
    name: 'web',
    image: 'ghcr.io/acme/storefront:1.4.2',
    imagePullPolicy: 'IfNotPresent',
    ports: [{ containerPort: 8080, protocol: 'TCP' }],
    env: [
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'INJECTED_BY_MESH', value: '1' },
    ],
    resources: { requests: { cpu: '500m', memory: '1Gi' } },
    args: ['--port=8080'] as string[] | undefined,
  };
  const sidecar = { name: 'istio-proxy', image: 'istio/proxyv2:1.22' };
  const live = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      ...applied.metadata,
      labels: { ...applied.metadata.labels } as Record<string, string>,
      uid: 'b7c1',
      resourceVersion: '91234',
      generation: 4,
      creationTimestamp: '2026-01-01T00:00:00Z',
      annotations: { 'deployment.kubernetes.io/revision': '4' },
    },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'storefront' } },
      template: {
        metadata: { labels: { app: 'storefront' } },
        spec: { containers: [web, sidecar], restartPolicy: 'Always' },
      },
    },
    status: { observedGeneration: 4, replicas: 3 },
  };
  return { live, web };
}

describe('detectDrift', () => {
  it('reports nothing when only the server and other managers added fields', () => {
    assert.deepEqual(detectDrift(applied, liveFrom().live), []);
  });

  it('reports a field changed by hand (kubectl edit), addressing list items by key', () => {
    const { live, web } = liveFrom();
    live.spec.replicas = 5;
    web.image = 'ghcr.io/acme/storefront:hotfix';
    web.env[0].value = 'debug';
    assert.deepEqual(detectDrift(applied, live), [
      { path: 'spec.replicas', expected: 3, actual: 5 },
      {
        path: 'spec.template.spec.containers[name=web].image',
        expected: 'ghcr.io/acme/storefront:1.4.2',
        actual: 'ghcr.io/acme/storefront:hotfix',
      },
      { path: 'spec.template.spec.containers[name=web].env[name=LOG_LEVEL].value', expected: 'info', actual: 'debug' },
    ]);
  });

  it('reports fields and list items we applied that were removed', () => {
    const { live, web } = liveFrom();
    web.args = undefined;
    web.env = [];
    assert.deepEqual(detectDrift(applied, live), [
      {
        path: 'spec.template.spec.containers[name=web].env[name=LOG_LEVEL]',
        expected: { name: 'LOG_LEVEL', value: 'info' },
        actual: undefined,
      },
      { path: 'spec.template.spec.containers[name=web].args', expected: ['--port=8080'], actual: undefined },
    ]);
  });

  it('compares atomic lists whole', () => {
    const { live, web } = liveFrom();
    web.args = ['--port=9090'];
    assert.deepEqual(
      detectDrift(applied, live).map((drift) => drift.path),
      ['spec.template.spec.containers[name=web].args'],
    );
  });

  it('treats equal resource quantities as equal and different ones as drift', () => {
    const { live, web } = liveFrom();
    web.resources.requests = { cpu: '250m', memory: '1024Mi' };
    assert.deepEqual(detectDrift(applied, live), [
      { path: 'spec.template.spec.containers[name=web].resources.requests.cpu', expected: '0.5', actual: '250m' },
    ]);
  });

  it('reports a label removed from our metadata', () => {
    const { live } = liveFrom();
    live.metadata.labels = {};
    assert.deepEqual(detectDrift(applied, live), [
      { path: 'metadata.labels["app.kubernetes.io/managed-by"]', expected: 'fleetplane', actual: undefined },
    ]);
  });

  it('skips ignored paths, such as replicas an HPA owns', () => {
    const { live } = liveFrom();
    live.spec.replicas = 9;
    assert.deepEqual(detectDrift(applied, live, { ignorePaths: ['spec.replicas'] }), []);
  });

  it('never reports server-populated fields a manifest happened to carry', () => {
    const withServerFields = {
      ...applied,
      metadata: { ...applied.metadata, creationTimestamp: null, resourceVersion: '1' },
      status: {},
    };
    assert.deepEqual(detectDrift(withServerFields, liveFrom().live), []);
  });

  it('compares a Secret stringData with the base64 data the cluster stores', () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, stringData: { password: 'hunter2' } };
    const live = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db' },
      data: { password: Buffer.from('hunter2').toString('base64') },
      type: 'Opaque',
    };
    assert.deepEqual(detectDrift(secret, live), []);
    assert.deepEqual(
      detectDrift(secret, { ...live, data: { password: 'Y2hhbmdlZA==' } }).map((drift) => drift.path),
      ['data.password'],
    );
  });

  it('matches Service ports by port and protocol', () => {
    const service = { kind: 'Service', spec: { ports: [{ port: 80, targetPort: 'http' }] } };
    const live = {
      kind: 'Service',
      spec: {
        ports: [
          { port: 443, protocol: 'TCP', targetPort: 8443 },
          { port: 80, protocol: 'TCP', targetPort: 8080 },
        ],
      },
    };
    assert.deepEqual(detectDrift(service, live), [
      { path: 'spec.ports[port=80,protocol=TCP].targetPort', expected: 'http', actual: 8080 },
    ]);
  });
});
