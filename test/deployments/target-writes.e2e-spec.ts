import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  ClusterInventoryEntity,
  DeploymentEntity,
  DeploymentEventEntity,
  DeploymentTargetEntity,
  ReleaseEntity,
} from '@fleetplane/persistence';
import { DataSource } from 'typeorm';
import { TargetWrites } from '../../apps/control-plane/src/deployments/engine/target-writes';
import { backends } from '../support/database';
import { RunningControlPlane, bearer, startControlPlane } from '../support/control-plane';

const configMap = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop', name });

for (const backend of backends()) {
  describe(`group commit of rollout writes (${backend} database)`, { timeout: 120_000 }, () => {
    let plane: RunningControlPlane;
    let writes: TargetWrites;
    let applicationId: string;
    let deploymentId: string;
    let statements: string[];

    before(async () => {
      plane = await startControlPlane(backend);
      writes = plane.app.get(TargetWrites);
      const created = await plane.http
        .post('/v1/applications')
        .set(bearer(plane.adminToken))
        .send({ name: 'ledger', defaultNamespace: 'shop' })
        .expect(201);
      applicationId = created.body.id;
      deploymentId = await storeDeployment(plane.dataSource, applicationId);
      statements = countStatements(plane.dataSource);
    });
    after(() => plane?.close());

    it('stores the writes that arrive together in one statement, each resolved once it is stored', async () => {
      const targets = await storeTargets(plane.dataSource, deploymentId, 40);
      statements.length = 0;
      const stateSince = new Date();
      await Promise.all(
        targets.map((target) =>
          writes
            .write({ target, fields: { state: 'Applying', stateSince }, event: 'wave 0 started' })
            .then(async () => {
              const stored = await plane.dataSource
                .getRepository(DeploymentTargetEntity)
                .findOneByOrFail({ id: target.id });
              assert.equal(stored.state, 'Applying', 'visible as soon as the write resolves');
            }),
        ),
      );
      assert.equal(statements.filter((sql) => sql.startsWith('WITH')).length, 1, statements.join('\n'));
      assert.equal(statements.filter((sql) => /^(START TRANSACTION|BEGIN)/.test(sql)).length, 0);
      assert.deepEqual(
        targets.map((target) => target.state),
        targets.map(() => 'Applying'),
        'the held rows follow',
      );
      const events = await plane.dataSource
        .getRepository(DeploymentEventEntity)
        .countBy({ deploymentId, state: 'Applying', message: 'wave 0 started' });
      assert.equal(events, 40);
    });

    it('answers an addition with the inventory it produced, and lets a replacement narrow it', async () => {
      const [target] = await storeTargets(plane.dataSource, deploymentId, 1);
      const first = await writes.write({
        target,
        fields: { attempts: 1 },
        inventory: { applicationId, add: [configMap('a'), configMap('b')] },
      });
      const second = await writes.write({
        target,
        fields: { attempts: 2 },
        inventory: { applicationId, add: [configMap('b'), configMap('c')] },
      });
      assert.deepEqual(names(first), ['a', 'b']);
      assert.deepEqual(names(second), ['a', 'b', 'c'], 'a union, each object once');
      await writes.write({ target, fields: {}, inventory: { applicationId, replace: [configMap('c')] } });
      const stored = await plane.dataSource
        .getRepository(ClusterInventoryEntity)
        .findOneByOrFail({ applicationId, clusterId: target.clusterId });
      assert.deepEqual(names(stored.objects), ['c']);
      assert.equal(target.attempts, 2);
    });

    it('never adds to and replaces one inventory in the same statement, which PostgreSQL refuses', async () => {
      const [adding, replacing] = await storeTargets(plane.dataSource, deploymentId, 2);
      replacing.clusterId = adding.clusterId;
      const [added] = await Promise.all([
        writes.write({ target: adding, fields: {}, inventory: { applicationId, add: [configMap('x')] } }),
        writes.write({ target: replacing, fields: {}, inventory: { applicationId, replace: [configMap('y')] } }),
      ]);
      assert.deepEqual(names(added), ['x']);
      const stored = await plane.dataSource
        .getRepository(ClusterInventoryEntity)
        .findOneByOrFail({ applicationId, clusterId: adding.clusterId });
      assert.deepEqual(names(stored.objects), ['y'], 'applied in the order they were asked');
    });

    it('fails every write of a batch that cannot be stored, and stores none of it', async () => {
      const [good, bad] = await storeTargets(plane.dataSource, deploymentId, 2);
      const tooLong = 'x'.repeat(40);
      const results = await Promise.allSettled([
        writes.write({ target: good, fields: { state: 'Applying' }, event: 'starting' }),
        writes.write({ target: bad, fields: { state: tooLong as never }, event: 'starting' }),
      ]);
      assert.deepEqual(
        results.map((result) => result.status),
        ['rejected', 'rejected'],
      );
      const stored = await plane.dataSource.getRepository(DeploymentTargetEntity).findOneByOrFail({ id: good.id });
      assert.equal(stored.state, 'Pending');
      assert.equal(good.state, 'Pending', 'the held row is left as stored');
      assert.equal(await plane.dataSource.getRepository(DeploymentEventEntity).countBy({ message: 'starting' }), 0);
    });
  });
}

function names(objects: Array<{ name: string }> | undefined): string[] {
  return (objects ?? []).map((object) => object.name).sort();
}

/** Records the SQL of every statement the data source runs from now on (all of them go through a query runner). */
function countStatements(dataSource: DataSource): string[] {
  const seen: string[] = [];
  const createQueryRunner = dataSource.createQueryRunner.bind(dataSource);
  dataSource.createQueryRunner = ((mode) => {
    const runner = createQueryRunner(mode);
    const run = runner.query.bind(runner);
    runner.query = ((sql: string, parameters?: unknown[], structured?: boolean) => {
      seen.push(sql.trim());
      return run(sql, parameters, structured as never);
    }) as typeof runner.query;
    return runner;
  }) as DataSource['createQueryRunner'];
  return seen;
}

async function storeDeployment(dataSource: DataSource, applicationId: string): Promise<string> {
  const release = await dataSource.getRepository(ReleaseEntity).save({
    applicationId,
    version: '1.0.0',
    contentHash: 'sha256:0',
    objects: [],
    imageMap: {},
    createdBy: 'test',
  });
  const deployment = await dataSource.getRepository(DeploymentEntity).save({
    applicationId,
    releaseId: release.id,
    previousReleaseId: null,
    kind: 'rollout',
    spec: {},
    plan: {},
    state: 'Progressing',
    reason: '',
    approvedWaves: [],
    cancelRequested: false,
    parked: false,
    leaseHolder: null,
    leaseExpiresAt: null,
    createdBy: 'test',
    finishedAt: null,
  });
  return deployment.id;
}

async function storeTargets(dataSource: DataSource, deploymentId: string, count: number) {
  const repository = dataSource.getRepository(DeploymentTargetEntity);
  const rows = Array.from({ length: count }, (_, index) =>
    repository.create({
      deploymentId,
      clusterId: randomUUID(),
      clusterName: `cluster-${index}`,
      candidate: {},
      wave: 0,
      state: 'Pending',
    }),
  );
  return repository.save(rows);
}
