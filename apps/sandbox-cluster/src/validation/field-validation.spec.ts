import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../api/api-error';
import { JsonObject } from '../api/types';
import { messageType } from '../schemas/kube-schemas';
import {
  duplicateFieldPaths,
  enforceFieldValidation,
  fieldProblems,
  fieldValidationOf,
  unknownFieldPaths,
  warningHeaders,
} from './field-validation';

const deploymentType = () => messageType('k8s.io.api.apps.v1.Deployment');

function misspelledDeployment(): JsonObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { 'any-key': 'is fine' } },
    spec: {
      replica: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'web',
              image: 'nginx',
              resources: { limits: { cpu: '1' } },
              readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
              envFrom: [{ configMapRef: { name: 'settings' } }],
            },
            { name: 'log', imagee: 'fluent-bit' },
          ],
        },
      },
      strategy: { rollingUpdate: { maxSurge: '25%' } },
    },
  };
}

describe('server-side field validation', () => {
  it('names every field the kind does not declare by its path, as the API server does', () => {
    assert.deepEqual(unknownFieldPaths(deploymentType(), misspelledDeployment()), [
      'spec.replica',
      'spec.template.spec.containers[1].imagee',
    ]);
  });

  it('drops those fields when asked to, as upstream drops what its types do not declare', () => {
    const deployment = misspelledDeployment();
    unknownFieldPaths(deploymentType(), deployment, { prune: true });
    assert.deepEqual(unknownFieldPaths(deploymentType(), deployment), []);
    assert.equal(JSON.stringify(deployment).includes('imagee'), false);
    assert.deepEqual(deployment.metadata, { name: 'web', labels: { 'any-key': 'is fine' } });
  });

  it('passes strategic merge directives and deleting nulls in a patch', () => {
    const patch = {
      spec: {
        template: { spec: { $setElementOrder: [{ name: 'web' }], containers: [{ name: 'web', $patch: 'delete' }] } },
        paused: null,
        replicaz: null,
      },
    };
    assert.deepEqual(unknownFieldPaths(deploymentType(), patch, { patch: true }), []);
  });

  it('finds the keys a JSON body repeats, with their paths', () => {
    const text = '{"spec":{"replicas":1,"template":{"spec":{"containers":[{"name":"a","name":"b"}]}},"replicas":2}}';
    assert.deepEqual(duplicateFieldPaths(text), ['spec.template.spec.containers[0].name', 'spec.replicas']);
    assert.deepEqual(duplicateFieldPaths('{"a":"x\\"y","b":[1,{"c":{}}],"d":null}'), []);
  });

  it('refuses with Strict in upstream words, unknown fields first', () => {
    const problems = fieldProblems(['spec.replica'], ['spec.replicas']);
    assert.throws(
      () =>
        enforceFieldValidation('Strict', problems, 'Deployment in version "v1" cannot be handled as a Deployment: '),
      (error: ApiError) =>
        error.code === 400 &&
        error.status.reason === 'BadRequest' &&
        error.message ===
          'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica", duplicate field "spec.replicas"',
    );
  });

  it('warns with Warn (the default), one 299 Warning header each, and says nothing with Ignore', () => {
    const warnings = enforceFieldValidation('Warn', fieldProblems(['spec.replica'], []));
    assert.deepEqual(warningHeaders(warnings), { Warning: ['299 - "unknown field \\"spec.replica\\""'] });
    assert.deepEqual(enforceFieldValidation('Ignore', fieldProblems(['spec.replica'], [])), []);
    assert.equal(fieldValidationOf(new URLSearchParams()), 'Warn');
    assert.equal(fieldValidationOf(new URLSearchParams('fieldValidation=Strict')), 'Strict');
    assert.throws(() => fieldValidationOf(new URLSearchParams('fieldValidation=Loose')), /Unsupported value: "Loose"/);
  });
});
