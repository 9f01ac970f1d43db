import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { messageType } from './kube-schemas';
import { descriptionOf, openApiSchemas } from './openapi-schemas';

const deploymentSchemas = () =>
  JSON.parse(
    JSON.stringify(
      openApiSchemas([
        { type: messageType('k8s.io.api.apps.v1.Deployment'), group: 'apps', version: 'v1', kind: 'Deployment' },
      ]),
    ),
  );

describe('OpenAPI v3 schemas from the vendored generated.proto files', () => {
  it('turns a proto comment into upstream description text: markers and maintainer notes dropped', () => {
    assert.equal(
      descriptionOf(
        'Number of desired pods. This is a pointer to distinguish between explicit\nzero and not specified.\n+optional',
      ),
      'Number of desired pods. This is a pointer to distinguish between explicit zero and not specified.',
    );
    assert.equal(descriptionOf('First paragraph.\n\nSecond\nparagraph.'), 'First paragraph.\n\nSecond paragraph.');
    assert.equal(descriptionOf('Rolling update config params.\n---\nTODO: rename'), 'Rolling update config params.');
    assert.equal(descriptionOf('+k8s:deepcopy-gen=true'), undefined);
  });

  it('describes a kind with its group-version-kind, apiVersion and kind, and its documented fields', () => {
    const schemas = deploymentSchemas();
    const deployment = schemas['io.k8s.api.apps.v1.Deployment'];
    assert.deepEqual(deployment['x-kubernetes-group-version-kind'], [
      { group: 'apps', version: 'v1', kind: 'Deployment' },
    ]);
    assert.deepEqual(Object.keys(deployment.properties), ['apiVersion', 'kind', 'metadata', 'spec', 'status']);
    assert.deepEqual(schemas['io.k8s.api.apps.v1.DeploymentSpec'].properties.strategy, {
      description: 'The deployment strategy to use to replace existing pods with new ones.',
      allOf: [{ $ref: '#/components/schemas/io.k8s.api.apps.v1.DeploymentStrategy' }],
      default: {},
    });
    assert.equal(
      schemas['io.k8s.api.apps.v1.DeploymentStrategy'].description,
      'DeploymentStrategy describes how to replace existing pods with new ones.',
    );
  });

  it('includes every schema the kind references, transitively, with Kubernetes scalar types as strings', () => {
    const schemas = deploymentSchemas();
    const refs = JSON.stringify(schemas).match(/#\/components\/schemas\/[\w.]+/g) ?? [];
    for (const ref of refs) assert.ok(schemas[ref.split('/').pop() ?? ''], `${ref} is defined`);
    assert.equal(schemas['io.k8s.api.core.v1.Container'].properties.args.type, 'array');
    assert.equal(schemas['io.k8s.apimachinery.pkg.api.resource.Quantity'].type, 'string');
    assert.equal(schemas['io.k8s.apimachinery.pkg.util.intstr.IntOrString']['x-kubernetes-int-or-string'], true);
    assert.equal(schemas['io.k8s.apimachinery.pkg.apis.meta.v1.Time'].format, 'date-time');
    assert.deepEqual(
      schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'].properties.labels.additionalProperties,
      {
        type: 'string',
      },
    );
  });
});
