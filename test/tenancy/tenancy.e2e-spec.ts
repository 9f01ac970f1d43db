import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { Sandbox } from '../../apps/sandbox-cluster/src';
import { backends } from '../support/database';
import { RunningControlPlane, bearer, startControlPlane, tokenFor } from '../support/control-plane';
import { THREE_CLOUDS, registerFleet, startFastSandbox, waitForDeployment } from '../support/fleet';

const execKubectl = promisify(execFile);

/** One ConfigMap as YAML; `namespace` undefined leaves it to the application's default namespace. */
function configMap(name: string, value: string, namespace?: string): string {
  const placed = namespace === undefined ? '' : `\n  namespace: ${namespace}`;
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}${placed}\ndata:\n  owner: ${value}\n`;
}
const documents = (...parts: string[]) => parts.join('---\n');
const clusterRoleBinding = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: indexer-reads-nodes
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: view
subjects:
  - kind: ServiceAccount
    name: indexer
    namespace: search
`;

for (const backend of backends()) {
  describe(`tenancy on a shared cluster (${backend} database)`, { timeout: 240_000 }, () => {
    let plane: RunningControlPlane;
    let sandbox: Sandbox;
    let dir: string;
    let admin: Record<string, string>;
    /** Team payments (B) runs ledger in namespace payments; team search (A) runs indexer in search. */
    let paymentsOperator: Record<string, string>;
    let paymentsAdmin: Record<string, string>;
    let searchOperator: Record<string, string>;
    let searchAdmin: Record<string, string>;
    const kubectl = (...args: string[]) =>
      execKubectl('kubectl', ['--kubeconfig', join(dir, 'fleet-aws.kubeconfig'), ...args], { timeout: 20_000 });
    /** `kubectl create -f`: the sandbox takes JSON and YAML bodies, not the protobuf of `kubectl create namespace`. */
    const kubectlCreate = async (manifest: string) => {
      const file = join(dir, `object-${randomUUID()}.yaml`);
      await writeFile(file, manifest);
      await kubectl('create', '-f', file);
    };
    const ownerOnCluster = async (namespace: string, name: string) =>
      (await kubectl('get', 'configmap', name, '-n', namespace, '-o', 'jsonpath={.data.owner}')).stdout;
    const labelsOnCluster = async (namespace: string, name: string) =>
      JSON.parse(
        (await kubectl('get', 'configmap', name, '-n', namespace, '-o', 'jsonpath={.metadata.labels}')).stdout,
      );
    const publish = (token: Record<string, string>, application: string, version: string, manifests: string) =>
      plane.http.post(`/v1/applications/${application}/releases`).set(token).send({ version, manifests });
    const deploy = async (token: Record<string, string>, application: string, release: string, adopt?: boolean) => {
      const created = await plane.http
        .post('/v1/deployments')
        .set(token)
        .send({ application, release, placement: {}, ...(adopt === undefined ? {} : { adopt }) })
        .expect(201);
      return waitForDeployment(plane, created.body.id, ['Succeeded', 'Failed', 'PartiallyFailed']);
    };

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'fleetplane-tenancy-'));
      sandbox = await startFastSandbox(dir, [THREE_CLOUDS[0]]);
      plane = await startControlPlane(backend, { FLEETPLANE_RATE_LIMIT_PER_MINUTE: '100000' });
      admin = bearer(plane.adminToken);
      await registerFleet(plane, sandbox, dir);
      paymentsOperator = bearer(await tokenFor(plane, 'payments', 'operator'));
      paymentsAdmin = bearer(await tokenFor(plane, 'payments', 'admin'));
      searchOperator = bearer(await tokenFor(plane, 'search', 'operator'));
      searchAdmin = bearer(await tokenFor(plane, 'search', 'admin'));
      await plane.http
        .post('/v1/applications')
        .set(paymentsOperator)
        .send({ name: 'ledger', defaultNamespace: 'payments' })
        .expect(201);
      await plane.http
        .post('/v1/applications')
        .set(searchOperator)
        .send({ name: 'indexer', defaultNamespace: 'search' })
        .expect(201);
      await publish(paymentsOperator, 'ledger', '1.0.0', configMap('ledger-config', 'ledger')).expect(201);
      assert.equal((await deploy(paymentsOperator, 'ledger', '1.0.0')).state, 'Succeeded');
    });
    after(async () => {
      await plane?.close();
      await sandbox?.stop();
      await rm(dir, { recursive: true, force: true });
    });

    describe('deployment lists', () => {
      it("show a team its own deployments only, even when it names another team's application", async () => {
        const listed = async (token: Record<string, string>, query = '') =>
          (await plane.http.get(`/v1/deployments${query}`).set(token).expect(200)).body.items.map(
            (deployment: { application: string }) => deployment.application,
          );
        const payments = await listed(paymentsOperator);
        assert.ok(payments.length > 0 && payments.every((application: string) => application === 'ledger'));
        assert.ok(!(await listed(searchOperator)).includes('ledger'));
        assert.deepEqual(await listed(searchOperator, '?application=ledger'), []);
        assert.ok((await listed(admin, '?application=ledger')).length > 0);
      });
    });

    describe('namespace claims', () => {
      it("refuses an application whose default namespace another team's application claims, naming the owner", async () => {
        const refused = await plane.http
          .post('/v1/applications')
          .set(searchOperator)
          .send({ name: 'squatter', defaultNamespace: 'payments' })
          .expect(409);
        assert.match(refused.body.detail, /belongs to application ledger of team payments/);
        await plane.http
          .post('/v1/applications')
          .set(paymentsOperator)
          .send({ name: 'billing', defaultNamespace: 'payments' })
          .expect(201);
      });

      it("lists claims, each team its own and platform admins every team's", async () => {
        const names = async (token: Record<string, string>, query: string) =>
          (await plane.http.get(`/v1/namespace-claims?${query}`).set(token).expect(200)).body.items
            .map((claim: { application: string }) => claim.application)
            .sort();
        assert.deepEqual(await names(paymentsOperator, 'namespace=payments'), ['billing', 'ledger']);
        assert.deepEqual(await names(searchOperator, 'namespace=payments'), []);
        assert.deepEqual(await names(admin, 'application=indexer'), ['indexer']);
      });

      it("lets only the holding team's admin grant its namespace to another team's application", async () => {
        const grant = { namespace: 'payments', application: 'indexer' };
        const refused = await plane.http.post('/v1/namespace-claims').set(searchAdmin).send(grant).expect(403);
        assert.match(refused.body.detail, /belongs to team payments/);
        const own = (await plane.http.get('/v1/namespace-claims?application=ledger').set(paymentsAdmin)).body.items[0];
        const last = await plane.http.delete(`/v1/namespace-claims/${own.id}`).set(paymentsAdmin).expect(409);
        assert.match(last.body.detail, /last claim of ledger on its default namespace/);
        const audited = await plane.http.get('/v1/audit').set(admin).expect(200);
        assert.ok(
          audited.body.items.some((event: { action: string }) => event.action === 'namespace-claim.grant'),
          'grants are audited',
        );
      });
    });

    describe('releases and deployments', () => {
      it("refuses a release with an object in another team's namespace, naming the object and its owner", async () => {
        const response = await publish(
          searchOperator,
          'indexer',
          '0.9.0',
          documents(configMap('index-config', 'indexer'), configMap('stolen', 'indexer', 'payments')),
        ).expect(422);
        assert.deepEqual(
          response.body.errors.map((error: { field: string }) => error.field),
          ['manifests[1]'],
        );
        assert.match(
          response.body.errors[0].message,
          /ConfigMap\/payments\/stolen: .*application ledger of team payments/,
        );
      });

      it('refuses a deployment and a preview into a namespace another team claims on a cluster, naming the cluster', async () => {
        await plane.http
          .post('/v1/namespace-claims')
          .set(paymentsAdmin)
          .send({ namespace: 'vault', application: 'ledger', cluster: 'fleet-aws' })
          .expect(201);
        await publish(searchOperator, 'indexer', '1.0.0', configMap('index-config', 'indexer', 'vault')).expect(201);
        const body = { application: 'indexer', release: '1.0.0', placement: {} };
        for (const path of ['/v1/deployments', '/v1/deployments/render']) {
          const response = await plane.http
            .post(path)
            .set(searchOperator)
            .send(path.endsWith('render') ? { ...body, cluster: 'fleet-aws' } : body)
            .expect(422);
          assert.deepEqual(
            response.body.errors.map((error: { field: string }) => error.field),
            ['release'],
          );
          assert.match(
            response.body.errors[0].message,
            /ConfigMap\/vault\/index-config: namespace vault belongs to application ledger of team payments \(on fleet-aws\)/,
          );
        }
      });

      it("refuses a non-platform team's Namespace and ClusterRoleBinding until a platform admin allows the binding", async () => {
        const namespace = await publish(
          searchOperator,
          'indexer',
          '1.0.1',
          'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: search-extra\n',
        ).expect(422);
        assert.match(namespace.body.errors[0].message, /Namespace\/search-extra: .*cluster-scoped kind Namespace/);
        const binding = await publish(searchOperator, 'indexer', '1.0.2', clusterRoleBinding).expect(422);
        assert.match(binding.body.errors[0].message, /rbac\.authorization\.k8s\.io\/ClusterRoleBinding/);
        const policy = { allowedKinds: ['rbac.authorization.k8s.io/ClusterRoleBinding'] };
        await plane.http.put('/v1/cluster-scoped-kinds/search').set(searchAdmin).send(policy).expect(403);
        await plane.http.put('/v1/cluster-scoped-kinds/search').set(admin).send(policy).expect(200);
        const read = await plane.http.get('/v1/cluster-scoped-kinds/search').set(searchOperator).expect(200);
        assert.deepEqual(read.body.allowedKinds, policy.allowedKinds);
        await publish(searchOperator, 'indexer', '1.0.2', clusterRoleBinding).expect(201);
      });
    });

    describe('objects on the cluster', () => {
      it('never overwrites an object it does not own, naming its owner, and adopts an unowned one when asked', async () => {
        await kubectlCreate('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: search\n');
        await kubectlCreate(configMap('legacy', 'by-hand', 'search'));
        await kubectlCreate(
          configMap('forged', 'ledger', 'search').replace(
            'metadata:\n',
            'metadata:\n  labels:\n    app.kubernetes.io/managed-by: fleetplane\n    fleetplane.io/application: ledger\n',
          ),
        );
        await publish(searchOperator, 'indexer', '1.1.0', configMap('legacy', 'indexer')).expect(201);
        const refused = await deploy(searchOperator, 'indexer', '1.1.0');
        assert.equal(refused.state, 'Failed');
        assert.match(
          refused.targets[0].lastError,
          /ConfigMap\/search\/legacy \(not managed by Fleetplane; field managers kubectl/,
        );
        assert.equal(await ownerOnCluster('search', 'legacy'), 'by-hand');

        assert.equal((await deploy(searchOperator, 'indexer', '1.1.0', true)).state, 'Succeeded');
        assert.equal(await ownerOnCluster('search', 'legacy'), 'indexer');

        await publish(searchOperator, 'indexer', '1.1.1', configMap('forged', 'indexer')).expect(201);
        const foreign = await deploy(searchOperator, 'indexer', '1.1.1', true);
        assert.equal(foreign.state, 'Failed', "another team's object is not adopted without its consent");
        assert.match(
          foreign.targets[0].lastError,
          /ConfigMap\/search\/forged \(owned by application ledger of team payments\)/,
        );
        assert.equal(await ownerOnCluster('search', 'forged'), 'ledger');
      });

      it("adopts another team's object once that team granted the namespace", async () => {
        const manifests = configMap('ledger-config', 'indexer', 'payments');
        await publish(searchOperator, 'indexer', '1.2.0', manifests).expect(422);
        await plane.http
          .post('/v1/namespace-claims')
          .set(paymentsAdmin)
          .send({ namespace: 'payments', application: 'indexer', cluster: 'fleet-aws' })
          .expect(201);
        await publish(searchOperator, 'indexer', '1.2.0', manifests).expect(201);
        const refused = await deploy(searchOperator, 'indexer', '1.2.0');
        assert.equal(refused.state, 'Failed');
        assert.match(
          refused.targets[0].lastError,
          /ConfigMap\/payments\/ledger-config \(owned by application ledger of team payments\)/,
        );
        assert.equal(await ownerOnCluster('payments', 'ledger-config'), 'ledger');
        assert.equal((await deploy(searchOperator, 'indexer', '1.2.0', true)).state, 'Succeeded');
        assert.equal(await ownerOnCluster('payments', 'ledger-config'), 'indexer');
        assert.equal((await labelsOnCluster('payments', 'ledger-config'))['fleetplane.io/application'], 'indexer');
      });

      it('never prunes an object that another application took over or that lost its labels', async () => {
        await publish(
          searchOperator,
          'indexer',
          '1.3.0',
          documents(
            configMap('index-config', 'indexer'),
            configMap('handed-over', 'indexer'),
            configMap('disowned', 'indexer'),
          ),
        ).expect(201);
        assert.equal((await deploy(searchOperator, 'indexer', '1.3.0')).state, 'Succeeded');
        await kubectl(
          'label',
          'configmap',
          'handed-over',
          '-n',
          'search',
          'fleetplane.io/application=ledger',
          '--overwrite',
        );
        await kubectl(
          'label',
          'configmap',
          'disowned',
          '-n',
          'search',
          'app.kubernetes.io/managed-by-',
          'fleetplane.io/application-',
        );
        await publish(searchOperator, 'indexer', '1.4.0', configMap('index-config', 'indexer')).expect(201);
        assert.equal((await deploy(searchOperator, 'indexer', '1.4.0')).state, 'Succeeded');
        assert.equal(await ownerOnCluster('search', 'handed-over'), 'indexer');
        assert.equal(await ownerOnCluster('search', 'disowned'), 'indexer');
      });
    });
  });
}
