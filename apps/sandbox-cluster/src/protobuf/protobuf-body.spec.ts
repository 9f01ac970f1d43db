import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../api/api-error';
import { messageType } from '../schemas/kube-schemas';
import { goDuration } from './message-json';
import { decodeProtobufObject } from './protobuf-body';

/** Encodes an object as a client-go typed client sends it: "k8s\0" + runtime.Unknown wrapping the message. */
function protobufBody(apiVersion: string, kind: string, messageName: string, object: object): Buffer {
  const type = messageType(messageName);
  const raw = type.encode(type.fromObject(object)).finish();
  const envelope = messageType('k8s.io.apimachinery.pkg.runtime.Unknown');
  const unknown = envelope.encode(envelope.fromObject({ typeMeta: { apiVersion, kind }, raw })).finish();
  return Buffer.concat([Buffer.from('k8s\0', 'latin1'), unknown]);
}

function rejection(body: Buffer): ApiError {
  try {
    decodeProtobufObject(body);
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  assert.fail('the body was accepted');
}

describe('decoding Kubernetes protobuf request bodies', () => {
  it('decodes a Namespace as kubectl create namespace sends it, dropping the zero values Go omits', () => {
    const body = protobufBody('v1', 'Namespace', 'k8s.io.api.core.v1.Namespace', {
      metadata: { name: 'demo', generateName: '', labels: { team: 'payments' }, creationTimestamp: {} },
      spec: {},
      status: {},
    });
    assert.deepEqual(decodeProtobufObject(body), {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'demo', labels: { team: 'payments' } },
      spec: {},
      status: {},
    });
  });

  it('decodes a Deployment: quantities as strings, int-or-strings as numbers or strings, zeros kept only where meaningful', () => {
    const body = protobufBody('apps/v1', 'Deployment', 'k8s.io.api.apps.v1.Deployment', {
      metadata: { name: 'web', namespace: 'shop', creationTimestamp: { seconds: 1_700_000_000 } },
      spec: {
        replicas: 0,
        paused: false,
        minReadySeconds: 0,
        selector: { matchLabels: { app: 'web' } },
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxSurge: { type: 1, strVal: '25%' }, maxUnavailable: { type: 0, intVal: 1 } },
        },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            hostNetwork: false,
            containers: [
              {
                name: 'web',
                image: 'nginx:1.27',
                args: ['--port', ''],
                resources: { limits: { cpu: { string: '500m' }, memory: { string: '128Mi' } } },
              },
            ],
          },
        },
      },
    });
    const deployment = decodeProtobufObject(body);
    assert.deepEqual(deployment.metadata, {
      name: 'web',
      namespace: 'shop',
      creationTimestamp: '2023-11-14T22:13:20Z',
    });
    assert.deepEqual(deployment.spec, {
      replicas: 0,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'web',
              image: 'nginx:1.27',
              args: ['--port', ''],
              resources: { limits: { cpu: '500m', memory: '128Mi' } },
            },
          ],
        },
      },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: '25%' } },
    });
  });

  it('decodes a Secret: bytes values become the base64 strings of its JSON form', () => {
    const body = protobufBody('v1', 'Secret', 'k8s.io.api.core.v1.Secret', {
      metadata: { name: 'db' },
      type: 'Opaque',
      data: { password: Buffer.from('hunter2') },
    });
    assert.deepEqual(decodeProtobufObject(body), {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db' },
      data: { password: 'aHVudGVyMg==' },
      type: 'Opaque',
    });
  });

  it('decodes managedFields, whose fieldsV1 carries raw JSON, and microsecond times', () => {
    const body = protobufBody('v1', 'Event', 'k8s.io.api.core.v1.Event', {
      metadata: {
        name: 'e',
        managedFields: [{ manager: 'kubectl', fieldsV1: { Raw: Buffer.from('{"f:data":{}}') } }],
      },
      eventTime: { seconds: 1_700_000_000, nanos: 123_456_000 },
    });
    const event = decodeProtobufObject(body);
    assert.deepEqual(event.metadata, {
      name: 'e',
      managedFields: [{ manager: 'kubectl', fieldsV1: { 'f:data': {} } }],
    });
    assert.equal(event.eventTime, '2023-11-14T22:13:20.123456Z');
  });

  it("flattens the Go structs embedded inline: a probe's handler and a selector's object reference", () => {
    const body = protobufBody('v1', 'Pod', 'k8s.io.api.core.v1.Pod', {
      metadata: { name: 'p' },
      spec: {
        containers: [
          {
            name: 'web',
            readinessProbe: {
              handler: { httpGet: { path: '/ready', port: { type: 0, intVal: 8080 } } },
              periodSeconds: 5,
            },
            envFrom: [{ configMapRef: { localObjectReference: { name: 'settings' } } }],
          },
        ],
      },
    });
    const pod = decodeProtobufObject(body);
    assert.deepEqual(pod.spec, {
      containers: [
        {
          name: 'web',
          readinessProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 5 },
          envFrom: [{ configMapRef: { name: 'settings' } }],
        },
      ],
    });
  });

  it('decodes the DeleteOptions a typed client sends with a delete', () => {
    const body = protobufBody('v1', 'DeleteOptions', 'k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions', {
      propagationPolicy: 'Foreground',
      gracePeriodSeconds: 0,
      dryRun: ['All'],
    });
    assert.deepEqual(decodeProtobufObject(body), {
      apiVersion: 'v1',
      kind: 'DeleteOptions',
      gracePeriodSeconds: 0,
      propagationPolicy: 'Foreground',
      dryRun: ['All'],
    });
  });

  it('refuses a body without the k8s\\0 prefix with 400 BadRequest', () => {
    const error = rejection(Buffer.from('{"kind":"Namespace"}'));
    assert.equal(error.code, 400);
    assert.equal(error.status.reason, 'BadRequest');
  });

  it('refuses a kind it has no schema for (custom resources are JSON-only) with 415', () => {
    const error = rejection(protobufBody('ops.example.com/v1', 'BackupSchedule', 'k8s.io.api.core.v1.ConfigMap', {}));
    assert.equal(error.code, 415);
    assert.equal(error.status.reason, 'UnsupportedMediaType');
  });
});

describe('metav1.Duration in JSON', () => {
  it('prints as Go prints a time.Duration', () => {
    assert.equal(goDuration(0), '0s');
    assert.equal(goDuration(90 * 1e9), '1m30s');
    assert.equal(goDuration(3600 * 1e9), '1h0m0s');
    assert.equal(goDuration(2.5e9), '2.5s');
    assert.equal(goDuration(1.5e6), '1.5ms');
  });
});
