import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { firstValueFrom, filter, take, timeout } from 'rxjs';
import { CreateClusterCommand, CreateNodegroupCommand, EKSClient } from '@aws-sdk/client-eks';
import { AuditEventEntity, ClusterEntity, EncryptedSecretEntity } from '@fleetplane/persistence';
import { CloudProviders } from '@fleetplane/providers';
import { Sandbox, startSandbox } from '@fleetplane/sandbox';
import { ClusterCredentials } from '../../apps/control-plane/src/clusters/cluster-credentials';
import { ClusterHealthService } from '../../apps/control-plane/src/clusters/health/cluster-health.service';
import { HealthProber } from '../../apps/control-plane/src/clusters/health/health-prober';
import { RunningMoto, startMoto } from '../providers/fakes/moto-server';
import { backends } from '../support/database';
import { RunningControlPlane, bearer, startControlPlane, tokenFor } from '../support/control-plane';

const AWS_KEYS = {
  type: 'aws-static-keys',
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

for (const backend of backends()) {
  describe(`cluster registry (${backend} database)`, { timeout: 180_000 }, () => {
    let plane: RunningControlPlane;
    let sandbox: Sandbox;
    let moto: RunningMoto;
    let kubeconfigDir: string;
    let admin: Record<string, string>;

    const kubeconfigOf = (name: string) => readFile(join(kubeconfigDir, `${name}.kubeconfig`), 'utf8');
    const registerSandbox = async (name: string, overrides: Record<string, unknown> = {}) => ({
      name,
      environment: 'staging',
      labels: { tier: name === 'sb-aws' ? 'critical' : 'standard' },
      ref: { provider: 'sandbox', name, labels: sandbox.clusters.find((c) => c.name === name)!.labels },
      credential: { type: 'kubeconfig', kubeconfig: await kubeconfigOf(name) },
      ...overrides,
    });

    before(async () => {
      kubeconfigDir = await mkdtemp(join(tmpdir(), 'fleetplane-registry-'));
      sandbox = await startSandbox({
        clusters: [
          { name: 'sb-aws', labels: { cloud: 'aws', region: 'us-east-1' } },
          { name: 'sb-gcp', labels: { cloud: 'gcp', region: 'europe-west1' } },
          { name: 'sb-azure', labels: { cloud: 'azure', region: 'westeurope' } },
          { name: 'sb-spare', labels: { cloud: 'aws', region: 'us-east-1' } },
        ],
        kubeconfigDir,
        adminPort: false,
      });
      moto = await startMoto();
      // A copy: the SDK writes its own bookkeeping into the credentials object it is given.
      const eks = new EKSClient({ region: 'us-west-2', endpoint: moto.endpoint, credentials: { ...AWS_KEYS } });
      const cluster = {
        version: '1.31',
        roleArn: 'arn:aws:iam::123456789012:role/eks',
        resourcesVpcConfig: { subnetIds: ['subnet-1'] },
      };
      await eks.send(new CreateClusterCommand({ ...cluster, name: 'prod-usw2', tags: { env: 'prod' } }));
      await eks.send(new CreateClusterCommand({ ...cluster, name: 'dev-usw2', tags: { env: 'dev' } }));
      await eks.send(
        new CreateNodegroupCommand({
          clusterName: 'prod-usw2',
          nodegroupName: 'general',
          nodeRole: cluster.roleArn,
          subnets: ['subnet-1'],
          instanceTypes: ['m6i.large'],
          scalingConfig: { minSize: 2, maxSize: 6, desiredSize: 3 },
        }),
      );
      plane = await startControlPlane(backend, {
        FLEETPLANE_EKS_ENDPOINT: moto.endpoint,
        FLEETPLANE_STS_ENDPOINT: moto.endpoint,
        FLEETPLANE_EKS_REGIONS: 'us-west-2',
        FLEETPLANE_HEALTH_TIMEOUT_MS: '2000',
      });
      admin = bearer(plane.adminToken);
    });

    after(async () => {
      await plane?.close();
      await sandbox?.stop();
      await moto?.stop();
      await rm(kubeconfigDir, { recursive: true, force: true });
    });

    describe('registering', () => {
      it('registers a cluster after describing it, storing its credential encrypted and never returning it', async () => {
        const body = await registerSandbox('sb-aws');
        const created = await plane.http.post('/v1/clusters').set(admin).send(body).expect(201);
        assert.equal(created.headers.location, '/v1/clusters/sb-aws');
        assert.equal(created.body.cloud, 'aws');
        assert.equal(created.body.region, 'us-east-1');
        assert.match(created.body.cloudDescription.endpoint, /^https:\/\/127\.0\.0\.1:\d+$/);
        const token = sandbox.clusters.find((c) => c.name === 'sb-aws')!.token;
        const read = await plane.http.get('/v1/clusters/sb-aws').set(admin).expect(200);
        assert.equal(JSON.stringify(read.body).includes(token), false);
        const row = await plane.dataSource.getRepository(ClusterEntity).findOneByOrFail({ name: 'sb-aws' });
        const secret = await plane.dataSource
          .getRepository(EncryptedSecretEntity)
          .findOneByOrFail({ id: row.credentialSecretId });
        assert.equal(secret.sealed.includes(Buffer.from(token)), false);
        const audit = await plane.dataSource
          .getRepository(AuditEventEntity)
          .findOneByOrFail({ action: 'cluster.register', resourceId: 'sb-aws' });
        assert.equal(JSON.stringify(audit.after).includes(token), false);
        for (const name of ['sb-gcp', 'sb-azure'])
          await plane.http
            .post('/v1/clusters')
            .set(admin)
            .send(await registerSandbox(name))
            .expect(201);
      });

      it('registers a cluster without an environment under its environment label, else `default`', async () => {
        const environmentOf = async (labels: Record<string, string>) => {
          const body = { ...(await registerSandbox('sb-spare')), environment: undefined, labels };
          const created = await plane.http.post('/v1/clusters').set(admin).send(body).expect(201);
          await plane.http.delete('/v1/clusters/sb-spare').set(admin).expect(200);
          return created.body.environment;
        };
        assert.equal(await environmentOf({}), 'default');
        assert.equal(await environmentOf({ environment: 'qa', 'fleetplane.io/environment': 'staging' }), 'staging');
        assert.equal(await environmentOf({ environment: 'qa' }), 'qa');
        assert.equal(await environmentOf({ environment: 'QA_1' }), 'default', 'a label value that is no DNS label');
      });

      it('registers an EKS cluster through the cloud API, with its node groups', async () => {
        const created = await plane.http
          .post('/v1/clusters')
          .set(admin)
          .send({
            name: 'eks-prod',
            environment: 'prod',
            ref: { provider: 'eks', region: 'us-west-2', name: 'prod-usw2' },
            credential: AWS_KEYS,
          });
        assert.equal(created.status, 201, JSON.stringify(created.body));
        assert.equal(created.body.cloud, 'aws');
        assert.equal(created.body.cloudDescription.cloudStatus, 'ACTIVE');
        assert.deepEqual(
          created.body.cloudDescription.nodePools.map((p: { name: string; instanceTypes: string[] }) => [
            p.name,
            p.instanceTypes,
          ]),
          [['general', ['m6i.large']]],
        );
        assert.equal(created.body.cloudDescription.tags.env, 'prod');
      });

      it('refuses a cluster the cloud does not know with 404 and the cloud’s error code, storing nothing', async () => {
        const secretsBefore = await plane.dataSource.getRepository(EncryptedSecretEntity).count();
        const response = await plane.http
          .post('/v1/clusters')
          .set(admin)
          .send({
            name: 'ghost',
            ref: { provider: 'eks', region: 'us-west-2', name: 'no-such-cluster' },
            credential: AWS_KEYS,
          })
          .expect(404);
        assert.equal(response.body.cloudCode, 'ResourceNotFoundException');
        assert.equal(await plane.dataSource.getRepository(ClusterEntity).existsBy({ name: 'ghost' }), false);
        assert.equal(await plane.dataSource.getRepository(EncryptedSecretEntity).count(), secretsBefore);
      });

      it('names each wrong field of a registration', async () => {
        const response = await plane.http
          .post('/v1/clusters')
          .set(admin)
          .send({
            name: 'Bad_Name',
            labels: { 'bad key!': 'x' },
            ref: { provider: 'eks', region: 'mars-1', name: 'x' },
            credential: { type: 'aws-static-keys', accessKeyId: 'short' },
          })
          .expect(400);
        const fields = response.body.errors.map((e: { field: string }) => e.field);
        for (const field of ['name', 'labels', 'ref.region', 'credential.accessKeyId', 'credential.secretAccessKey'])
          assert.ok(fields.includes(field), `${field} in ${fields}`);
      });

      it('refuses a credential of another cloud for the provider', async () => {
        const response = await plane.http
          .post('/v1/clusters')
          .set(admin)
          .send({
            name: 'mixed',
            ref: { provider: 'eks', region: 'us-west-2', name: 'prod-usw2' },
            credential: { type: 'kubeconfig', kubeconfig: await kubeconfigOf('sb-aws') },
          })
          .expect(400);
        assert.deepEqual(response.body.errors, [
          {
            field: 'credential.type',
            message: 'must be one of aws-default-chain, aws-static-keys, aws-assume-role for provider eks',
          },
        ]);
      });

      it('refuses a taken name with 409, leaving the first registration as it was', async () => {
        const response = await plane.http
          .post('/v1/clusters')
          .set(admin)
          .send(await registerSandbox('sb-gcp', { name: 'sb-aws' }))
          .expect(409);
        assert.deepEqual(response.body.errors, [{ field: 'name', message: 'is taken' }]);
        assert.equal((await plane.http.get('/v1/clusters/sb-aws').set(admin)).body.cloud, 'aws');
      });

      it('refuses a cloud cluster registered already under another name with 409 naming the first', async () => {
        const response = await plane.http
          .post('/v1/clusters')
          .set(admin)
          .send({
            name: 'eks-prod-again',
            ref: { provider: 'eks', region: 'us-west-2', name: 'prod-usw2' },
            credential: AWS_KEYS,
          })
          .expect(409);
        assert.equal(response.body.detail, 'This cluster is already registered as eks-prod.');
        assert.deepEqual(response.body.errors, [{ field: 'ref', message: 'is already registered as eks-prod' }]);
        assert.equal(await plane.dataSource.getRepository(ClusterEntity).existsBy({ name: 'eks-prod-again' }), false);
      });

      it('refuses another team’s duplicate with 409 without naming the cluster it cannot see', async () => {
        const outsider = await tokenFor(plane, 'duplicators', 'operator');
        const response = await plane.http
          .post('/v1/clusters')
          .set(bearer(outsider))
          .send({
            name: 'mine-now',
            ref: { provider: 'eks', region: 'us-west-2', name: 'prod-usw2' },
            credential: AWS_KEYS,
          })
          .expect(409);
        assert.equal(response.body.detail, 'This cluster is already registered by another team.');
        assert.equal(JSON.stringify(response.body).includes('eks-prod'), false);
      });

      it('refuses a second kubeconfig registration of one API server with 409', async () => {
        const kubeconfigCluster = async (name: string) => ({
          name,
          ref: { provider: 'kubeconfig', context: 'sb-aws' },
          credential: { type: 'kubeconfig', kubeconfig: await kubeconfigOf('sb-aws') },
        });
        await plane.http
          .post('/v1/clusters')
          .set(admin)
          .send(await kubeconfigCluster('kc-first'))
          .expect(201);
        try {
          const response = await plane.http
            .post('/v1/clusters')
            .set(admin)
            .send(await kubeconfigCluster('kc-second'))
            .expect(409);
          assert.equal(response.body.detail, 'This cluster is already registered as kc-first.');
        } finally {
          await plane.http.delete('/v1/clusters/kc-first').set(admin).expect(200);
        }
      });

      it('lets only one of two concurrent registrations of one cluster through, the other answered 409', async () => {
        const kubeconfig = await kubeconfigOf('sb-gcp');
        const register = (name: string) =>
          plane.http
            .post('/v1/clusters')
            .set(admin)
            .send({
              name,
              ref: { provider: 'kubeconfig', context: 'sb-gcp' },
              credential: { type: 'kubeconfig', kubeconfig },
            });
        const answers = await Promise.all([register('race-a'), register('race-b')]);
        assert.deepEqual(answers.map((answer) => answer.status).sort(), [201, 409]);
        const winner = answers.find((answer) => answer.status === 201)!.body.name;
        assert.equal(
          answers.find((answer) => answer.status === 409)!.body.detail,
          `This cluster is already registered as ${winner}.`,
        );
        await plane.http.delete(`/v1/clusters/${winner}`).set(admin).expect(200);
      });

      it('keeps the control plane’s own cloud identity for platform admins', async () => {
        const operator = await tokenFor(plane, 'apps', 'operator');
        const response = await plane.http
          .post('/v1/clusters')
          .set(bearer(operator))
          .send({
            name: 'ambient',
            ref: { provider: 'eks', region: 'us-west-2', name: 'prod-usw2' },
            credential: { type: 'aws-default-chain' },
          })
          .expect(403);
        assert.match(response.body.detail, /only platform admins/);
      });
    });

    describe('importing', () => {
      it('gives clusters imported without an environment their environment label, else `default`', async () => {
        const importDev = async (namePrefix: string, labels?: Record<string, string>) => {
          await plane.http
            .post('/v1/clusters/import')
            .set(admin)
            .send({
              scope: { provider: 'eks' },
              credential: AWS_KEYS,
              filter: { tags: { env: 'dev' } },
              namePrefix,
              labels,
            })
            .expect(200);
          const imported = await plane.http.get(`/v1/clusters/${namePrefix}dev-usw2`).set(admin).expect(200);
          await plane.http.delete(`/v1/clusters/${namePrefix}dev-usw2`).set(admin).expect(200);
          return imported.body.environment;
        };
        assert.equal(await importDev('plain-'), 'default');
        assert.equal(await importDev('labelled-', { 'fleetplane.io/environment': 'dev' }), 'dev');
      });

      it('discovers an account’s clusters and registers those matching the filter, reporting each', async () => {
        const response = await plane.http
          .post('/v1/clusters/import')
          .set(admin)
          .send({
            scope: { provider: 'eks', regions: ['us-west-2'] },
            credential: AWS_KEYS,
            filter: { tags: { env: 'dev' } },
            namePrefix: 'aws-',
            environment: 'dev',
          })
          .expect(200);
        const outcomes = Object.fromEntries(
          response.body.clusters.map((c: { cloudName: string; outcome: string }) => [c.cloudName, c.outcome]),
        );
        assert.deepEqual(outcomes, { 'prod-usw2': 'filtered-out', 'dev-usw2': 'registered' });
        assert.equal(response.body.registered, 1);
        const imported = await plane.http.get('/v1/clusters/aws-dev-usw2').set(admin).expect(200);
        assert.equal(imported.body.environment, 'dev');
        const again = await plane.http
          .post('/v1/clusters/import')
          .set(admin)
          .send({ scope: { provider: 'eks' }, credential: AWS_KEYS, namePrefix: 'aws-' })
          .expect(200);
        assert.equal(
          again.body.clusters.find((c: { cloudName: string }) => c.cloudName === 'dev-usw2').outcome,
          'already-registered',
        );
        assert.deepEqual(
          again.body.clusters.find((c: { cloudName: string }) => c.cloudName === 'prod-usw2'),
          {
            cloudName: 'prod-usw2',
            region: 'us-west-2',
            name: 'eks-prod',
            outcome: 'already-registered',
            reason: 'registered as eks-prod',
          },
          'registered by hand as eks-prod before, so not again as aws-prod-usw2',
        );
        assert.equal(again.body.registered, 0);
        await plane.http.get('/v1/clusters/aws-prod-usw2').set(admin).expect(404);
      });

      it('reports a cluster another team registered as already registered, without its name', async () => {
        const outsider = await tokenFor(plane, 'importers', 'operator');
        const response = await plane.http
          .post('/v1/clusters/import')
          .set(bearer(outsider))
          .send({ scope: { provider: 'eks' }, credential: AWS_KEYS, filter: { name: 'prod-usw2' } })
          .expect(200);
        assert.deepEqual(
          response.body.clusters.find((c: { cloudName: string }) => c.cloudName === 'prod-usw2'),
          {
            cloudName: 'prod-usw2',
            region: 'us-west-2',
            name: 'prod-usw2',
            outcome: 'already-registered',
            reason: 'registered by another team',
          },
        );
      });
    });

    describe('listing and editing', () => {
      it('filters by cloud, region, environment and label selector', async () => {
        const names = async (query: string) =>
          (await plane.http.get(`/v1/clusters?${query}`).set(admin).expect(200)).body.items
            .map((c: { name: string }) => c.name)
            .sort();
        assert.deepEqual(await names('provider=sandbox&cloud=gcp'), ['sb-gcp']);
        assert.deepEqual(await names('region=westeurope'), ['sb-azure']);
        assert.deepEqual(await names('environment=staging&selector=tier%20in%20(critical)'), ['sb-aws']);
        assert.deepEqual(await names('provider=sandbox&selector=tier!%3Dcritical'), ['sb-azure', 'sb-gcp']);
        assert.deepEqual(await names('selector=!tier'), ['aws-dev-usw2', 'eks-prod']);
        assert.deepEqual(await names('selector=tier%3Dstandard'), ['sb-azure', 'sb-gcp']);
        assert.deepEqual(await names('selector=tier'), ['sb-aws', 'sb-azure', 'sb-gcp']);
        assert.deepEqual(await names('selector=tier%20in%20(critical%2Cstandard)'), ['sb-aws', 'sb-azure', 'sb-gcp']);
        assert.deepEqual(await names('selector=tier%20notin%20(critical)'), [
          'aws-dev-usw2',
          'eks-prod',
          'sb-azure',
          'sb-gcp',
        ]);
        const bad = await plane.http.get('/v1/clusters?selector=tier%20in%20(').set(admin).expect(400);
        assert.equal(bad.body.errors[0].field, 'query.selector');
      });

      it('edits labels with optimistic concurrency', async () => {
        const current = await plane.http.get('/v1/clusters/sb-gcp').set(admin).expect(200);
        const edited = await plane.http
          .patch('/v1/clusters/sb-gcp')
          .set(admin)
          .set('If-Match', current.headers.etag)
          .send({ labels: { tier: 'critical', team: 'search' } })
          .expect(200);
        assert.deepEqual(edited.body.labels, { tier: 'critical', team: 'search' });
        await plane.http
          .patch('/v1/clusters/sb-gcp')
          .set(admin)
          .set('If-Match', current.headers.etag)
          .send({ labels: {} })
          .expect(412);
      });

      it('cordons and uncordons, recording each change once', async () => {
        assert.equal(
          (await plane.http.post('/v1/clusters/sb-azure/cordon').set(admin).expect(200)).body.cordoned,
          true,
        );
        await plane.http.post('/v1/clusters/sb-azure/cordon').set(admin).expect(200);
        assert.deepEqual(
          (await plane.http.get('/v1/clusters?cordoned=true').set(admin)).body.items.map(
            (c: { name: string }) => c.name,
          ),
          ['sb-azure'],
        );
        assert.equal(
          (await plane.http.post('/v1/clusters/sb-azure/uncordon').set(admin).expect(200)).body.cordoned,
          false,
        );
        const cordons = await plane.dataSource
          .getRepository(AuditEventEntity)
          .countBy({ action: 'cluster.cordon', resourceId: 'sb-azure' });
        assert.equal(cordons, 1);
      });

      it('hides another team’s clusters', async () => {
        const viewer = await tokenFor(plane, 'outsiders', 'viewer');
        await plane.http.get('/v1/clusters/sb-aws').set(bearer(viewer)).expect(404);
        assert.deepEqual((await plane.http.get('/v1/clusters').set(bearer(viewer)).expect(200)).body.items, []);
      });
    });

    describe('health', () => {
      const prober = () => plane.app.get(HealthProber);
      const stateOf = async (name: string) =>
        (await plane.http.get(`/v1/clusters/${name}`).set(admin).expect(200)).body.health;

      it('probes every cluster and derives Healthy from the cloud and the API', async () => {
        const round = await prober().probeAll();
        assert.equal(round.probed, 5);
        for (const name of ['sb-aws', 'sb-gcp', 'sb-azure']) assert.equal((await stateOf(name)).state, 'Healthy');
        const report = await plane.http.get('/v1/clusters/sb-aws/health').set(admin).expect(200);
        assert.equal(report.body.recentProbes[0].api.ok, true);
        assert.deepEqual(
          report.body.transitions.map((t: { from: string; to: string }) => `${t.from}->${t.to}`),
          ['Unknown->Healthy'],
        );
      });

      it('marks a cluster in outage Unreachable, publishes the transition, and does not delay the others', async () => {
        const published = firstValueFrom(
          plane.app.get(ClusterHealthService).transitions.pipe(
            filter((t) => t.cluster === 'sb-gcp'),
            take(1),
            timeout(30_000),
          ),
        );
        await sandbox.fault('sb-gcp', { outage: true });
        await sandbox.fault('sb-azure', { latencyMs: 10_000 });
        try {
          const round = await prober().probeAll();
          assert.ok(round.wallMs < 10_000, `one slow cluster held the round for ${round.wallMs} ms`);
          const transition = await published;
          assert.deepEqual([transition.from, transition.to], ['Healthy', 'Unreachable']);
          assert.equal((await stateOf('sb-gcp')).state, 'Unreachable');
          assert.equal((await stateOf('sb-azure')).state, 'Unreachable');
          assert.equal((await stateOf('sb-azure')).reason, 'Kubernetes API: API server unreachable');
          assert.equal((await stateOf('sb-aws')).state, 'Healthy');
        } finally {
          await sandbox.clearFaults('sb-gcp');
          await sandbox.clearFaults('sb-azure');
        }
        await prober().probeAll();
        assert.equal((await stateOf('sb-gcp')).state, 'Healthy');
      });

      it('marks a cluster whose token expired CredentialError, with the API server’s message', async () => {
        await sandbox.fault('sb-aws', { expiredToken: true });
        try {
          await prober().probeAll();
          const health = await stateOf('sb-aws');
          assert.equal(health.state, 'CredentialError');
          assert.match(health.reason, /CredentialInvalid/);
        } finally {
          await sandbox.clearFaults('sb-aws');
        }
      });

      it('exports each cluster’s state as a metric to a platform token', async () => {
        const metrics = await plane.http.get('/metrics').set(admin).expect(200);
        assert.match(metrics.text, /fleetplane_cluster_health\{cluster="sb-aws",state="CredentialError"\} 1/);
        assert.match(metrics.text, /fleetplane_cluster_health_transitions_total\{to="Unreachable"\} \d+/);
      });

      it('names no cluster to an anonymous scrape or another team’s token, which see the aggregate series', async () => {
        const teamViewer = bearer(await tokenFor(plane, 'metrics-readers', 'viewer'));
        for (const metrics of [
          await plane.http.get('/metrics').expect(200),
          await plane.http.get('/metrics').set(teamViewer).expect(200),
        ]) {
          assert.doesNotMatch(metrics.text, /sb-aws|sb-gcp|sb-azure|cluster="/);
          assert.match(metrics.text, /fleetplane_cluster_health_transitions_total\{to="Unreachable"\} \d+/);
        }
      });
    });

    describe('deregistering', () => {
      it('forgets the cluster, its credential, its history and its cached access together', async () => {
        const row = await plane.dataSource.getRepository(ClusterEntity).findOneByOrFail({ name: 'sb-azure' });
        const providers = plane.app.get(CloudProviders);
        const { ref, credential } = await plane.app.get(ClusterCredentials).of(row);
        const cached = await providers.access(ref, credential);
        assert.equal(await providers.access(ref, credential), cached);
        await plane.http.delete('/v1/clusters/sb-azure').set(admin).expect(200);
        assert.notEqual(await providers.access(ref, credential), cached, 'issued anew: the cache forgot it');
        await plane.http.get('/v1/clusters/sb-azure').set(admin).expect(404);
        assert.equal(
          await plane.dataSource.getRepository(EncryptedSecretEntity).existsBy({ id: row.credentialSecretId }),
          false,
        );
      });
    });
  });
}
