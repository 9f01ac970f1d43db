import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FAST_TIMELINE, TestSandbox, eventually, startTestSandbox } from './support';

const CLUSTER = 'verbs-1';
const NAMESPACE = 'default';

/** The HPA sync period of the sandbox under test; the real controller's is 15 s. */
const HPA_SYNC_MS = 200;
/** The scale-down stabilization window, passed by moving the sandbox clock rather than by waiting. */
const HPA_STABILIZATION_MS = 60_000;

interface Condition {
  type: string;
  status: string;
  reason: string;
}

interface HpaStatus {
  currentReplicas: number;
  desiredReplicas: number;
  currentMetrics?: Array<{ resource: { current: { averageUtilization: number } } }>;
  conditions: Condition[];
}

/** One line of `kubectl get hpa --watch -o jsonpath={.status}`: a status as the controller wrote it. */
function parseStatus(line: string): HpaStatus {
  return JSON.parse(line) as HpaStatus;
}

function whereStatus(line: string, accept: (status: HpaStatus) => boolean): HpaStatus | undefined {
  const status = parseStatus(line);
  return accept(status) ? status : undefined;
}

function utilizationOf(status: HpaStatus): number | undefined {
  return status.currentMetrics?.[0]?.resource.current.averageUtilization;
}

function byType(status: { conditions: Condition[] }): Record<string, [string, string]> {
  return Object.fromEntries(
    status.conditions.map((condition) => [condition.type, [condition.status, condition.reason]]),
  );
}

function deployment(name: string, replicas: number, image = 'nginx:1.27.2'): string {
  return JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NAMESPACE },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image }] } },
    },
  });
}

function cronJob(name: string, spec: Record<string, unknown>): string {
  return JSON.stringify({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace: NAMESPACE },
    spec: {
      schedule: '*/5 * * * *',
      jobTemplate: {
        metadata: { labels: { cron: name } },
        spec: {
          template: { spec: { restartPolicy: 'Never', containers: [{ name: 'task', image: 'busybox:1.36' }] } },
        },
      },
      ...spec,
    },
  });
}

describe('kubectl verbs and controllers a real cluster answers', { timeout: 120_000 }, () => {
  let env: TestSandbox;
  const kubectl = (...args: string[]) => env.kubectl(CLUSTER, args);
  const apply = async (manifest: string) => {
    const result = await env.kubectl(CLUSTER, ['apply', '-f', '-'], { input: manifest });
    assert.equal(result.code, 0, result.stderr);
  };
  const json = (...args: string[]) => env.kubectlJson(CLUSTER, args);
  /** Every status an object is given from now on, in order, as kubectl's watch prints them. */
  const watchStatus = (resource: string, name: string) =>
    env.watch(CLUSTER, ['get', resource, name, '--watch', '-o', 'jsonpath={.status}{"\\n"}']);

  before(async () => {
    env = await startTestSandbox([{ name: CLUSTER }], {
      timeline: { ...FAST_TIMELINE, hpaSyncMs: HPA_SYNC_MS, hpaStabilizationMs: HPA_STABILIZATION_MS },
    });
  });
  after(() => env.close());

  it('creates a Job named after the scheduled minute when a CronJob fires, and tracks it in status', async () => {
    await apply(cronJob('report', {}));
    env.sandbox.advanceClock(CLUSTER, 300);
    const job = await eventually(async () => {
      const jobs = await json('get', 'jobs', '-l', 'cron=report');
      return jobs.items[0];
    });
    const cron = await json('get', 'cronjob', 'report');
    const scheduled = Date.parse(cron.status.lastScheduleTime);
    assert.equal(job.metadata.name, `report-${scheduled / 60_000}`);
    assert.equal(scheduled % 300_000, 0);
    assert.deepEqual(
      job.metadata.ownerReferences.map((owner: { kind: string; name: string; controller: boolean }) => [
        owner.kind,
        owner.name,
        owner.controller,
      ]),
      [['CronJob', 'report', true]],
    );
    assert.equal(
      job.metadata.annotations['batch.kubernetes.io/cronjob-scheduled-timestamp'],
      cron.status.lastScheduleTime,
    );
    const completed = await eventually(async () => {
      const latest = await json('get', 'cronjob', 'report');
      return latest.status.lastSuccessfulTime ? latest : undefined;
    });
    assert.equal(completed.status.active, undefined);
    const events = await json('get', 'events', '--field-selector', 'involvedObject.name=report');
    const reasons = events.items.map((event: { reason: string }) => event.reason);
    assert.ok(reasons.includes('SuccessfulCreate'), reasons.join());
    assert.ok(reasons.includes('SawCompletedJob'), reasons.join());
  });

  it('keeps only successfulJobsHistoryLimit finished Jobs and never fires while suspended', async () => {
    await apply(cronJob('trim', { successfulJobsHistoryLimit: 1 }));
    for (let firing = 0; firing < 3; firing++) {
      env.sandbox.advanceClock(CLUSTER, 300);
      await eventually(async () => {
        const cron = await json('get', 'cronjob', 'trim');
        return cron.status.lastScheduleTime && !cron.status.active ? true : undefined;
      });
    }
    await eventually(async () =>
      (await json('get', 'jobs', '-l', 'cron=trim')).items.length === 1 ? true : undefined,
    );
    await apply(cronJob('paused', { suspend: true }));
    env.sandbox.advanceClock(CLUSTER, 600);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal((await json('get', 'jobs', '-l', 'cron=paused')).items.length, 0);
  });

  it('does not start a second Job while one runs under concurrencyPolicy Forbid', async () => {
    await apply(
      cronJob('exclusive', {
        concurrencyPolicy: 'Forbid',
        jobTemplate: {
          metadata: { labels: { cron: 'exclusive' } },
          spec: {
            template: {
              spec: { restartPolicy: 'Never', containers: [{ name: 'task', image: 'busybox:crashloop-forever' }] },
            },
            backoffLimit: 100,
          },
        },
      }),
    );
    env.sandbox.advanceClock(CLUSTER, 300);
    await eventually(async () => ((await json('get', 'jobs', '-l', 'cron=exclusive')).items.length ? true : undefined));
    env.sandbox.advanceClock(CLUSTER, 300);
    await eventually(async () => {
      const events = await json('get', 'events', '--field-selector', 'involvedObject.name=exclusive');
      return events.items.some((event: { reason: string }) => event.reason === 'JobAlreadyActive') ? true : undefined;
    });
    assert.equal((await json('get', 'jobs', '-l', 'cron=exclusive')).items.length, 1);
  });

  it('scales a Deployment to ceil(current * utilization / target) within min and max, with the real conditions', async () => {
    await apply(deployment('api', 2));
    await apply(
      JSON.stringify({
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'api', namespace: NAMESPACE },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' },
          minReplicas: 2,
          maxReplicas: 5,
          metrics: [
            { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } },
          ],
        },
      }),
    );
    const withoutMetric = await eventually(async () => {
      const hpa = await json('get', 'hpa', 'api');
      return hpa.status?.conditions ? hpa : undefined;
    });
    assert.deepEqual(byType(withoutMetric.status).ScalingActive, ['False', 'FailedGetResourceMetric']);
    // The utilization is what the serving pods report, so it is set once both are ready.
    const rollout = await kubectl('rollout', 'status', 'deployment/api', '--timeout=20s');
    assert.equal(rollout.code, 0, rollout.stderr);

    const statuses = watchStatus('hpa', 'api');
    try {
      await statuses.next(parseStatus);
      env.sandbox.setCpuUtilization(CLUSTER, { namespace: NAMESPACE, hpa: 'api' }, 100);
      const scaled = await statuses.next((line) => whereStatus(line, (status) => status.desiredReplicas === 4));
      assert.equal(scaled.currentReplicas, 2);
      assert.deepEqual(scaled.currentMetrics, [
        { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 100 } } },
      ]);
      assert.deepEqual(byType(scaled).ScalingActive, ['True', 'ValidMetricFound']);
      assert.deepEqual(byType(scaled).ScalingLimited, ['False', 'DesiredWithinRange']);
      assert.deepEqual(byType(scaled).AbleToScale, ['True', 'SucceededRescale']);
      assert.equal((await json('get', 'deployment', 'api')).spec.replicas, 4);

      // The load set on 2 pods spreads over 4 once the new ones serve: utilization meets the target and the count holds.
      const spread = await statuses.next((line) => whereStatus(line, (status) => utilizationOf(status) === 50));
      assert.deepEqual([spread.currentReplicas, spread.desiredReplicas], [4, 4]);
      assert.equal((await json('get', 'deployment', 'api')).spec.replicas, 4);

      // 400% at 4 replicas spreads to 320% at 5, still above the target, so the HPA stays at max.
      env.sandbox.setCpuUtilization(CLUSTER, { namespace: NAMESPACE, hpa: 'api' }, 400);
      const limited = await statuses.next((line) => whereStatus(line, (status) => status.desiredReplicas === 5));
      assert.deepEqual(byType(limited).ScalingLimited, ['True', 'TooManyReplicas']);
      const atMax = await statuses.next((line) => whereStatus(line, (status) => utilizationOf(status) === 320));
      assert.deepEqual([atMax.currentReplicas, atMax.desiredReplicas], [5, 5]);
    } finally {
      statuses.stop();
    }
    const events = await json('get', 'events', '--field-selector', 'involvedObject.kind=HorizontalPodAutoscaler');
    assert.ok(
      events.items.some(
        (event: { reason: string; message: string }) =>
          event.reason === 'SuccessfulRescale' && event.message.startsWith('New size: 5;'),
      ),
    );
  });

  it('holds a scale-down for the stabilization window, then applies it', async () => {
    const statuses = watchStatus('hpa', 'api');
    try {
      await statuses.next(parseStatus);
      env.sandbox.setCpuUtilization(CLUSTER, { namespace: NAMESPACE, hpa: 'api' }, 10);
      const held = await statuses.next((line) => whereStatus(line, (status) => utilizationOf(status) === 10));
      assert.equal(held.desiredReplicas, 5);
      assert.deepEqual(byType(held).AbleToScale, ['True', 'ScaleDownStabilized']);
      // The syncs within the window keep holding the count: nothing scales down on real time alone.
      await new Promise((resolve) => setTimeout(resolve, 3 * HPA_SYNC_MS));
      assert.equal((await json('get', 'deployment', 'api')).spec.replicas, 5);

      env.sandbox.advanceClock(CLUSTER, HPA_STABILIZATION_MS / 1000);
      const applied = await statuses.next((line) => whereStatus(line, (status) => status.desiredReplicas === 2));
      assert.deepEqual(byType(applied).ScalingLimited, ['True', 'TooFewReplicas']);
      assert.equal((await json('get', 'deployment', 'api')).spec.replicas, 2);
    } finally {
      statuses.stop();
    }
  });

  it('waits through watch for Available, complete and delete', async () => {
    await apply(deployment('waiter', 2));
    const available = await kubectl('wait', '--for=condition=Available', 'deploy/waiter', '--timeout=20s');
    assert.equal(available.code, 0, available.stderr);
    assert.match(available.stdout, /deployment.apps\/waiter condition met/);
    await apply(
      JSON.stringify({
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'once', namespace: NAMESPACE },
        spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'task', image: 'busybox:1.36' }] } } },
      }),
    );
    const complete = await kubectl('wait', '--for=condition=complete', 'job/once', '--timeout=20s');
    assert.equal(complete.code, 0, complete.stderr);
    assert.match(complete.stdout, /job.batch\/once condition met/);
    assert.equal((await kubectl('delete', 'job/once', '--wait=false')).code, 0);
    const deleted = await kubectl('wait', '--for=delete', 'job/once', '--timeout=20s');
    assert.equal(deleted.code, 0, deleted.stderr);
  });

  it('answers kubectl logs with a simulated log per container, honouring --tail, -c and --previous', async () => {
    const logs = await kubectl('logs', 'deploy/waiter');
    assert.equal(logs.code, 0, logs.stderr);
    assert.match(
      logs.stdout,
      /^sandbox: container "main" of pod default\/waiter-\S+ started from image nginx:1\.27\.2\n/,
    );
    const tailed = await kubectl('logs', 'deploy/waiter', '--tail=1', '-c', 'main');
    assert.equal(tailed.stdout, 'sandbox: main is serving (simulated)\n');
    const missing = await kubectl('logs', 'deploy/waiter', '-c', 'sidecar');
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /container sidecar is not valid for pod waiter-/);

    await apply(deployment('crashy', 1, 'registry.example.com/api:v2-crashloop'));
    const crash = await eventually(async () => {
      const result = await kubectl('logs', 'deploy/crashy', '--previous');
      return result.code === 0 ? result : undefined;
    });
    assert.match(crash.stdout, /simulated crash/);
    const events = await kubectl(
      'events',
      '--for',
      `pod/${(await json('get', 'pods', '-l', 'app=crashy')).items[0].metadata.name}`,
    );
    assert.equal(events.code, 0, events.stderr);
    assert.match(events.stdout, /Warning\s+BackOff\s+Pod\/crashy-\S+\s+Back-off restarting failed container main/);
    assert.match(events.stdout, /Normal\s+Scheduled/);
  });

  it('lists the Deployment controller events with kubectl events', async () => {
    const events = await kubectl('events', '--for', 'deployment/waiter');
    assert.equal(events.code, 0, events.stderr);
    assert.match(
      events.stdout,
      /Normal\s+ScalingReplicaSet\s+Deployment\/waiter\s+Scaled up replica set waiter-\S+ from 0 to 2/,
    );
  });

  it('answers kubectl auth can-i for the admin user, one verb or the full list', async () => {
    const single = await kubectl('auth', 'can-i', 'create', 'deployments');
    assert.equal(single.code, 0, single.stderr);
    assert.equal(single.stdout.trim(), 'yes');
    const list = await kubectl('auth', 'can-i', '--list');
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /^\*\.\*\s+\[\]\s+\[\]\s+\[\*\]$/m);
  });

  it('refuses exec and port-forward with a message saying the sandbox runs no containers', async () => {
    const pod = (await json('get', 'pods', '-l', 'app=waiter')).items[0].metadata.name;
    const exec = await kubectl('exec', pod, '--', 'ls');
    assert.equal(exec.code, 1);
    assert.match(exec.stderr, /the sandbox does not stream to containers: pods\/exec is not supported/);
    const forward = await kubectl('port-forward', pod, '18080:80');
    assert.equal(forward.code, 1);
    assert.match(forward.stderr, /the sandbox does not stream to containers: pods\/portforward is not supported/);
  });

  it('lets kubectl top say the Metrics API is not available', async () => {
    for (const what of ['pod', 'node']) {
      const top = await kubectl('top', what);
      assert.equal(top.code, 1);
      assert.match(top.stderr, /Metrics API not available/);
    }
  });

  it('exposes the clock and the simulated metric on the admin endpoint, refusing a clock moved back', async () => {
    const admin = env.sandbox.adminUrl!;
    const post = (path: string, method: string, body: unknown) =>
      fetch(`${admin}/clusters/${CLUSTER}${path}`, { method, body: JSON.stringify(body) });
    const advanced = await post('/clock', 'POST', { advanceSeconds: 60 });
    assert.equal(advanced.status, 200);
    const { offsetSeconds } = (await advanced.json()) as { offsetSeconds: number };
    assert.ok(offsetSeconds >= 60);
    assert.equal((await post('/clock', 'POST', { advanceSeconds: -5 })).status, 400);
    assert.equal((await post('/metrics/default/api', 'PUT', { cpuUtilization: 90 })).status, 200);
    assert.equal((await post('/metrics/default/api', 'PUT', { cpuUtilization: 'high' })).status, 400);
    assert.equal((await post('/metrics/default/api', 'DELETE', {})).status, 200);
  });
});
