import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LiveObject } from './live-object';
import { podFailureOf, templateImagesOf } from './pod-failure';

const NOW = Date.parse('2026-12-03T12:00:00Z');
const templateImages = new Map([['web', 'ghcr.io/acme/shop:2.0.0']]);

function pod(
  name: string,
  ageSeconds: number,
  waiting: { reason: string; message?: string } | undefined,
  image = 'ghcr.io/acme/shop:2.0.0',
): LiveObject {
  return {
    kind: 'Pod',
    metadata: { name, creationTimestamp: new Date(NOW - ageSeconds * 1000).toISOString() },
    spec: { containers: [{ name: 'web', image }] },
    status: {
      containerStatuses: [
        {
          name: 'web',
          restartCount: 3,
          state: waiting ? { waiting } : { running: { startedAt: '2026-12-03T11:59:00Z' } },
        },
      ],
    },
  };
}

describe('podFailureOf', () => {
  it('fails a workload whose pod has crash-looped for longer than the threshold, naming pod, container and reason', () => {
    const failure = podFailureOf(
      [pod('shop-1', 10, undefined), pod('shop-2', 45, { reason: 'CrashLoopBackOff', message: 'back-off 10s' })],
      { templateImages, afterMs: 30_000, now: NOW },
    );
    assert.equal(failure?.state, 'Failed');
    assert.equal(failure?.reason, 'CrashLoopBackOff');
    assert.match(
      failure?.message ?? '',
      /pod shop-2 container web: CrashLoopBackOff \(back-off 10s\), 45s after it was created/,
    );
  });

  it('gives a failing pod the threshold before it counts', () => {
    const young = pod('shop-1', 5, { reason: 'ImagePullBackOff' });
    assert.equal(podFailureOf([young], { templateImages, afterMs: 30_000, now: NOW }), undefined);
  });

  it('counts every unrecoverable waiting reason, in init containers too, and no transient one', () => {
    for (const reason of ['ImagePullBackOff', 'ErrImagePull', 'CreateContainerConfigError', 'InvalidImageName'])
      assert.equal(
        podFailureOf([pod('p', 60, { reason })], { templateImages, afterMs: 1_000, now: NOW })?.reason,
        reason,
      );
    assert.equal(
      podFailureOf([pod('p', 60, { reason: 'ContainerCreating' })], { templateImages, afterMs: 1_000, now: NOW }),
      undefined,
    );
    const initFailing: LiveObject = {
      ...pod('p', 60, undefined),
      status: { initContainerStatuses: [{ name: 'migrate', state: { waiting: { reason: 'CrashLoopBackOff' } } }] },
    };
    assert.match(
      podFailureOf([initFailing], { templateImages, afterMs: 1_000, now: NOW })?.message ?? '',
      /container migrate: CrashLoopBackOff/,
    );
  });

  it('ignores pods of an older template: the rollout replaces them', () => {
    const old = pod('shop-old', 600, { reason: 'CrashLoopBackOff' }, 'ghcr.io/acme/shop:1.0.0');
    assert.equal(podFailureOf([old], { templateImages, afterMs: 30_000, now: NOW }), undefined);
  });

  it('reads the template images of a workload', () => {
    const workload: LiveObject = {
      kind: 'Deployment',
      spec: {
        template: {
          spec: {
            containers: [
              { name: 'web', image: 'a:1' },
              { name: 'proxy', image: 'b:2' },
            ],
          },
        },
      },
    };
    assert.deepEqual(
      [...templateImagesOf(workload)],
      [
        ['web', 'a:1'],
        ['proxy', 'b:2'],
      ],
    );
  });
});
