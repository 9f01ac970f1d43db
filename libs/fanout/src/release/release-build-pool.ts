import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { FanoutError } from '../common/fanout-error';
import { ManifestError } from '../manifests/manifest.errors';
import { ParseManifestsOptions } from '../manifests/parse-manifests';
import { ReleaseInput, buildRelease } from './build-release';
import { BuildReply, BuildRequest, Refusal } from './release-build-messages';
import { Release } from './release';
import { ReleaseError } from './release.errors';

export interface ReleaseBuildPoolOptions {
  /** Worker threads at most; each builds one release at a time, the others wait their turn. */
  threads: number;
  /** Manifests larger than this (UTF-8 text, or the JSON of a list) are built on a worker thread. */
  offThreadFromBytes: number;
  /** The heap a worker may grow to; past it the worker is stopped and the release refused as too large. */
  maxWorkerHeapMb: number;
}

export const defaultReleaseBuildPoolOptions: ReleaseBuildPoolOptions = {
  threads: 2,
  offThreadFromBytes: 64 * 1024,
  maxWorkerHeapMb: 512,
};

// Compiled beside this file (scripts/build.mjs builds every .ts under libs), so dist/ holds it too.
const WORKER_FILE = join(__dirname, 'release-worker.js');

// An anchor is what aliases repeat: a small text with a few can expand to megabytes, so it goes off-thread too.
const YAML_ANCHOR = /(?:^|[\s[{,])&[^\s[\]{},]/m;

interface Job {
  request: BuildRequest;
  resolve: (release: Release) => void;
  reject: (error: Error) => void;
}

/**
 * Builds releases (parse, bounded alias expansion, object checks, hash) off the event loop when their
 * manifests are big or hold YAML anchors, so one large upload cannot stall every other request; small
 * ones are built inline, where a thread hop would cost more than the build. Rejects exactly as
 * buildRelease throws: a ManifestError or ReleaseError for a refused release (a worker that runs out of
 * heap refuses it as MANIFEST_TOO_LARGE), another Error for a failure of the build itself.
 */
export class ReleaseBuildPool {
  private readonly options: ReleaseBuildPoolOptions;
  private readonly idle: Worker[] = [];
  private readonly queue: Job[] = [];
  private running = 0;
  private closed = false;

  constructor(options: Partial<ReleaseBuildPoolOptions> = {}) {
    this.options = { ...defaultReleaseBuildPoolOptions, ...options };
  }

  async build(input: ReleaseInput, options: ParseManifestsOptions = {}): Promise<Release> {
    if (!this.belongsOffThread(input)) return buildRelease(input, options);
    if (this.closed) throw new Error('the release build pool is closed');
    return new Promise((resolve, reject) => {
      this.queue.push({ request: { input, options }, resolve, reject });
      this.dispatch();
    });
  }

  /** Stops the idle workers and refuses the waiting builds; a build in flight finishes, then its worker stops. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('the release build pool is closed'));
    await Promise.all(this.idle.splice(0).map((worker) => worker.terminate()));
  }

  private belongsOffThread({ manifests }: ReleaseInput): boolean {
    if (typeof manifests !== 'string') return jsonBytes(manifests) > this.options.offThreadFromBytes;
    return Buffer.byteLength(manifests, 'utf8') > this.options.offThreadFromBytes || YAML_ANCHOR.test(manifests);
  }

  private dispatch(): void {
    while (this.queue.length > 0 && (this.idle.length > 0 || this.running < this.options.threads)) {
      const job = this.queue.shift()!;
      this.run(this.idle.pop() ?? this.startWorker(), job);
    }
  }

  private startWorker(): Worker {
    const worker = new Worker(WORKER_FILE, {
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxWorkerHeapMb },
    });
    // A job's own listeners report its failures; these keep an idle worker's end from crashing the process.
    worker.on('error', () => undefined);
    worker.on('exit', () => {
      const index = this.idle.indexOf(worker);
      if (index >= 0) this.idle.splice(index, 1);
    });
    return worker;
  }

  private run(worker: Worker, job: Job): void {
    this.running++;
    worker.ref();
    const settle = (outcome: () => void, reusable: boolean) => {
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      this.running--;
      if (reusable && !this.closed) {
        // An idle worker must not keep the process alive.
        worker.unref();
        this.idle.push(worker);
      } else void worker.terminate();
      outcome();
      this.dispatch();
    };
    const onMessage = (reply: BuildReply) => settle(() => settleJob(job, reply), true);
    const onError = (error: Error & { code?: string }) => settle(() => job.reject(workerFailure(error)), false);
    const onExit = (code: number) =>
      settle(() => job.reject(new Error(`the release build worker exited with code ${code}`)), false);
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    worker.postMessage(job.request);
  }
}

function settleJob(job: Job, reply: BuildReply): void {
  switch (reply.kind) {
    case 'built':
      return job.resolve(reply.release);
    case 'refused':
      return job.reject(refusal(reply.error));
    case 'failed':
      return job.reject(new Error(reply.message));
  }
}

/** The error a worker refused the release with, rebuilt as the class buildRelease throws inline. */
function refusal(error: Refusal): FanoutError {
  switch (error.source) {
    case 'release':
      return new ReleaseError(error.code, error.message, error.details);
    case 'manifest':
      return new ManifestError(error.code, error.message, error.details);
    case 'fanout':
      return new FanoutError(error.code, error.message, error.details);
  }
}

function workerFailure(error: Error & { code?: string }): Error {
  if (error.code !== 'ERR_WORKER_OUT_OF_MEMORY') return error;
  const message = 'the manifests need more memory to parse than a release may take';
  return new ManifestError('MANIFEST_TOO_LARGE', message, [{ path: '', message }]);
}

function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}
