import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ErrorDetail } from '../common/fanout-error';
import { crdManifests, shopManifests } from '../testing/manifests.fixtures';
import { ManifestError } from './manifest.errors';
import { parseManifests } from './parse-manifests';

function refusal(source: string | unknown[], options: Parameters<typeof parseManifests>[1] = {}): ManifestError {
  try {
    parseManifests(source, options);
  } catch (error) {
    if (error instanceof ManifestError) return error;
    throw error;
  }
  assert.fail('expected the manifests to be refused');
}

function detailAt(error: ManifestError, path: string): ErrorDetail {
  const detail = error.details.find((candidate) => candidate.path === path);
  assert.ok(detail, `no detail at ${path}; got ${JSON.stringify(error.details)}`);
  return detail;
}

const deployment = (
  name: string,
  container = '        - name: web\n          image: nginx:1.27\n',
): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
${container}`;

describe('parseManifests', () => {
  describe('accepts', () => {
    it('a multi-document web application, in document order', () => {
      const objects = parseManifests(shopManifests);
      assert.deepEqual(
        objects.map((object) => `${object.kind}/${object.metadata.name}`),
        [
          'Namespace/shop',
          'ConfigMap/storefront-config',
          'Deployment/storefront',
          'Service/storefront',
          'Ingress/storefront',
          'HorizontalPodAutoscaler/storefront',
        ],
      );
    });

    it('a CustomResourceDefinition and a custom resource of it in the same release', () => {
      const objects = parseManifests(crdManifests);
      assert.deepEqual(
        objects.map((object) => object.kind),
        ['CustomResourceDefinition', 'Cache'],
      );
    });

    it('a JSON list, as text or already parsed', () => {
      const list = [
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { k: 'v' } },
        { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'b' } },
      ];
      assert.equal(parseManifests(JSON.stringify(list, null, 2)).length, 2);
      assert.equal(parseManifests(list).length, 2);
    });

    it('skips empty documents and comments like kubectl does', () => {
      const objects = parseManifests(
        '---\n# nothing here\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: robot\n---\n',
      );
      assert.equal(objects.length, 1);
    });

    it('reads YAML as YAML 1.1 like kubectl, so an octal file mode keeps its meaning', () => {
      const [configMapVolume] = parseManifests(
        deployment(
          'web',
          '        - name: web\n          image: nginx\n      volumes:\n        - name: config\n          configMap:\n            name: web\n            defaultMode: 0644\n',
        ),
      );
      const spec = configMapVolume['spec'] as {
        template: { spec: { volumes: { configMap: { defaultMode: number } }[] } };
      };
      assert.equal(spec.template.spec.volumes[0].configMap.defaultMode, 0o644);
    });

    it('keeps timestamps as strings instead of turning them into dates', () => {
      const [object] = parseManifests(
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dated\n  annotations:\n    acme.io/since: 2024-01-31\n',
      );
      assert.equal(object.metadata.annotations?.['acme.io/since'], '2024-01-31');
    });
  });

  describe('refuses', () => {
    it('invalid YAML, with the line and column', () => {
      const error = refusal('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unterminated\n');
      assert.equal(error.code, 'MANIFEST_SYNTAX');
      assert.equal(error.details[0].documentIndex, 0);
      assert.equal(typeof error.details[0].line, 'number');
      assert.ok((error.details[0].line ?? 0) >= 4);
    });

    it('duplicate keys in a mapping', () => {
      const error = refusal('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n');
      assert.equal(error.code, 'MANIFEST_SYNTAX');
      assert.equal(error.details[0].line, 5);
    });

    it('a YAML alias bomb, as too large once expanded, without expanding it', () => {
      const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
      for (let level = 1; level < 9; level += 1) {
        const previous = String.fromCharCode(96 + level);
        const name = String.fromCharCode(97 + level);
        levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
      }
      const error = refusal(
        `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\nextra:\n  ${levels.join('\n  ')}\n`,
      );
      assert.equal(error.code, 'MANIFEST_TOO_LARGE');
      assert.match(error.details[0].message, /expanding aliases takes the manifests past the limit of 4194304 bytes/);
    });

    it('an unknown kind, naming the document', () => {
      const error = refusal(`${shopManifests}---\napiVersion: v1\nkind: Widget\nmetadata:\n  name: w\n`);
      const detail = detailAt(error, 'kind');
      assert.equal(detail.documentIndex, 6);
      assert.match(detail.message, /unknown kind v1\/Widget/);
    });

    it('a removed API version, pointing at the one to use', () => {
      const error = refusal(deployment('web').replace('apps/v1', 'extensions/v1beta1'));
      assert.match(detailAt(error, 'kind').message, /not supported as extensions\/v1beta1; use apps\/v1/);
    });

    it('a custom resource whose CRD is not in the release', () => {
      const error = refusal('apiVersion: platform.acme.io/v1\nkind: Cache\nmetadata:\n  name: sessions\n');
      assert.match(detailAt(error, 'kind').message, /no CustomResourceDefinition in this release/);
    });

    it('an object without a name, at the metadata line', () => {
      const error = refusal('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels: {a: b}\n');
      const detail = detailAt(error, 'metadata.name');
      assert.equal(detail.message, 'is required');
      assert.equal(detail.line, 4);
    });

    it('generateName, because fan-out needs stable names', () => {
      const error = refusal('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  generateName: a-\n');
      assert.match(detailAt(error, 'metadata.generateName').message, /not supported/);
    });

    it('names by the rule Kubernetes applies to each kind', () => {
      assert.doesNotThrow(() => parseManifests('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: 9lives.config\n'));
      const service = refusal(
        'apiVersion: v1\nkind: Service\nmetadata:\n  name: 9lives\nspec:\n  ports: [{port: 80}]\n',
      );
      assert.match(detailAt(service, 'metadata.name').message, /DNS-1035 label/);
      const namespace = refusal('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team.shop\n');
      assert.match(detailAt(namespace, 'metadata.name').message, /DNS-1123 label/);
      const upper = refusal(deployment('Storefront'));
      assert.match(detailAt(upper, 'metadata.name').message, /invalid value "Storefront"/);
    });

    it('a CronJob name longer than 52 characters, which its Jobs could not carry', () => {
      const name = 'n'.repeat(53);
      const cronJob = `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: ${name}\nspec:\n  schedule: "*/5 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers: [{name: job, image: busybox}]\n`;
      assert.match(detailAt(refusal(cronJob), 'metadata.name').message, /no more than 52/);
    });

    it('a Deployment container without an image, with the field path and line', () => {
      const error = refusal(deployment('web', '        - name: web\n          ports: [{containerPort: 8080}]\n'));
      const detail = detailAt(error, 'spec.template.spec.containers[0].image');
      assert.equal(detail.message, 'is required');
      assert.equal(detail.line, 13);
      assert.equal(detail.documentIndex, 0);
    });

    it('a Deployment whose selector does not select its own pods', () => {
      const error = refusal(deployment('web').replace('matchLabels: {app: web}', 'matchLabels: {app: api}'));
      assert.match(detailAt(error, 'spec.template.metadata.labels').message, /does not match/);
    });

    it('a Deployment without selector or containers', () => {
      const error = refusal(
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers: []\n',
      );
      detailAt(error, 'spec.selector');
      assert.match(detailAt(error, 'spec.template.spec.containers').message, /at least one/);
    });

    it('duplicate container names and invalid ports', () => {
      const error = refusal(
        deployment(
          'web',
          '        - name: web\n          image: a\n          ports: [{containerPort: 70000}]\n        - name: web\n          image: b\n',
        ),
      );
      detailAt(error, 'spec.template.spec.containers[1].name');
      detailAt(error, 'spec.template.spec.containers[0].ports[0].containerPort');
    });

    it('a Service without ports, unless it is headless or an ExternalName', () => {
      const error = refusal('apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n');
      detailAt(error, 'spec.ports');
      assert.doesNotThrow(() =>
        parseManifests(
          'apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  clusterIP: None\n  selector: {app: db}\n',
        ),
      );
      assert.doesNotThrow(() =>
        parseManifests(
          'apiVersion: v1\nkind: Service\nmetadata:\n  name: ext\nspec:\n  type: ExternalName\n  externalName: db.example.com\n',
        ),
      );
    });

    it('an Ingress without rules or default backend, and a path rule without a backend port', () => {
      detailAt(
        refusal('apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec: {}\n'),
        'spec.rules',
      );
      const error = refusal(shopManifests.replace('                port:\n                  name: http\n', ''));
      detailAt(error, 'spec.rules[0].http.paths[0].backend.service.port');
    });

    it('an HPA whose minReplicas exceeds maxReplicas', () => {
      const error = refusal(shopManifests.replace('minReplicas: 3', 'minReplicas: 30'));
      assert.match(detailAt(error, 'spec.maxReplicas').message, /minReplicas \(30\)/);
    });

    it('a Job that would restart its pods forever', () => {
      const job =
        'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\nspec:\n  template:\n    spec:\n      restartPolicy: Always\n      containers: [{name: migrate, image: acme/migrate}]\n';
      detailAt(refusal(job), 'spec.template.spec.restartPolicy');
    });

    it('a PodDisruptionBudget with both minAvailable and maxUnavailable', () => {
      const pdb =
        'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  minAvailable: 1\n  maxUnavailable: 1\n  selector: {matchLabels: {app: web}}\n';
      detailAt(refusal(pdb), 'spec');
    });

    it('a namespace on a cluster-scoped object', () => {
      const error = refusal('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  namespace: default\n');
      assert.match(detailAt(error, 'metadata.namespace').message, /cluster-scoped/);
    });

    it('invalid label keys and values', () => {
      const error = refusal(
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels:\n    "acme.io/team": "platform team"\n',
      );
      assert.match(detailAt(error, 'metadata.labels["acme.io/team"]').message, /invalid label value/);
    });

    it('a Secret whose data is not base64', () => {
      const error = refusal('apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: hunter2!\n');
      assert.match(detailAt(error, 'data.password').message, /base64/);
    });

    it('the same object twice, naming the first document', () => {
      const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: shop\n';
      const error = refusal(`${configMap}---\n${configMap}`);
      const detail = detailAt(error, 'metadata.name');
      assert.equal(detail.documentIndex, 1);
      assert.match(detail.message, /duplicate object ConfigMap\/shop\/settings: already defined in document 0/);
    });

    it('the same object spelled once with and once without the default namespace', () => {
      const error = refusal(
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: shop\n',
        { defaultNamespace: 'shop' },
      );
      assert.match(detailAt(error, 'metadata.name').message, /duplicate/);
    });

    it('manifests over the size limit, before parsing them', () => {
      const error = refusal(shopManifests, { limits: { maxBytes: 1000 } });
      assert.equal(error.code, 'MANIFEST_TOO_LARGE');
      assert.match(error.message, /limit is 1000 bytes/);
    });

    it('an alias inside the node it names, which would expand without end', () => {
      const error = refusal('apiVersion: v1\nkind: ConfigMap\nmetadata: &m\n  name: loop\n  labels: *m\n');
      assert.equal(error.code, 'MANIFEST_SYNTAX');
      assert.match(error.message, /alias \*m refers to a node that contains it/);
    });

    it('nothing for aliases that stay within the expanded limit', () => {
      const objects = parseManifests(
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels: &labels { app: shop }\n  annotations: *labels\n',
      );
      assert.deepEqual(objects[0].metadata.annotations, { app: 'shop' });
    });

    it('more documents than the limit', () => {
      const error = refusal(shopManifests, { limits: { maxDocuments: 3 } });
      assert.equal(error.code, 'MANIFEST_TOO_LARGE');
    });

    it('an empty release', () => {
      assert.equal(refusal('# nothing\n').code, 'MANIFEST_INVALID');
    });

    it('documents that are not objects', () => {
      const error = refusal('- just\n- a list of strings\n');
      assert.equal(error.details.length, 2);
      assert.match(error.details[0].message, /must be a Kubernetes object/);
    });

    it('a custom resource that breaks its CRD schema', () => {
      const error = refusal(crdManifests.replace('engine: redis', 'engine: etcd').replace('  sizeGb: 4\n', ''));
      assert.match(detailAt(error, 'spec.engine').message, /must be one of "redis", "memcached"/);
      assert.equal(detailAt(error, 'spec.sizeGb').message, 'is required');
    });

    it('a CRD whose name is not plural.group', () => {
      const error = refusal(crdManifests.replace('name: caches.platform.acme.io', 'name: cache.platform.acme.io'));
      assert.match(detailAt(error, 'metadata.name').message, /"caches.platform.acme.io"/);
    });

    it('with every problem of every document in one error', () => {
      const error = refusal(
        `${deployment('Web', '        - name: web\n')}---\napiVersion: v1\nkind: Widget\nmetadata:\n  name: w\n`,
      );
      assert.deepEqual(
        error.details.map((detail) => [detail.documentIndex, detail.path]),
        [
          [0, 'metadata.name'],
          [0, 'spec.template.spec.containers[0].image'],
          [1, 'kind'],
        ],
      );
    });
  });
});
