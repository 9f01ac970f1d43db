import { randomBytes } from 'node:crypto';
import { ApiRequest, ApiResponse } from '../server/exchange';
import { Http2SecureServer, createSecureServer } from 'node:http2';
import { Socket } from 'node:net';
import { ClusterApi } from '../api/cluster-api';
import { statusFailure } from '../api/api-error';
import { typesFromDefinition } from '../api/custom-resources';
import { ResourceCatalog } from '../api/resource-catalog';
import { ClusterControllers, ClusterCapacity, Timeline } from '../controllers/cluster-controllers';
import { ActiveFaults, NO_FAULTS, SandboxFault, requestDelayMs, shouldInjectError } from '../faults/faults';
import { RequestLog } from '../faults/request-log';
import { handleApiRequest } from '../server/api-handler';
import { sendStatus } from '../server/http-io';
import { ObjectStore } from '../storage/object-store';
import { ClusterCertificates, createClusterCertificates } from '../tls/certificates';

/** What makes a cluster the same cluster across restarts: its address and credentials. */
export interface ClusterIdentity {
  port: number;
  token: string;
  certificates: ClusterCertificates;
}

export interface SandboxClusterOptions {
  name: string;
  labels: Record<string, string>;
  capacity: ClusterCapacity;
  timeline: Timeline;
  store?: ObjectStore;
  identity?: ClusterIdentity;
}

const UNPROTECTED_PATHS = new Set(['/healthz', '/livez', '/readyz']);

/** One simulated cluster: its own CA, token, HTTPS listener, object store and controllers. */
export class SandboxCluster {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly token: string;
  readonly caPem: string;
  readonly certificates: ClusterCertificates;
  readonly store: ObjectStore;
  readonly api: ClusterApi;
  readonly requestLog = new RequestLog();
  private readonly controllers: ClusterControllers;
  private readonly server: Http2SecureServer;
  private readonly sockets = new Set<Socket>();
  private faults: ActiveFaults = { ...NO_FAULTS };
  private boundPort = 0;
  private listening = false;

  constructor(options: SandboxClusterOptions) {
    this.name = options.name;
    this.labels = options.labels;
    const certificates = options.identity?.certificates ?? createClusterCertificates(options.name);
    this.certificates = certificates;
    this.caPem = certificates.caPem;
    this.token = options.identity?.token ?? randomBytes(24).toString('base64url');
    this.boundPort = options.identity?.port ?? 0;
    this.store = options.store ?? new ObjectStore();
    this.api = new ClusterApi(this.store, new ResourceCatalog());
    // Restored definitions must be served again before any request arrives.
    for (const definition of this.store.list('apiextensions.k8s.io/customresourcedefinitions')) {
      for (const type of typesFromDefinition(definition)) this.api.catalog.add(type);
    }
    this.controllers = new ClusterControllers(this.api, {
      clusterName: options.name,
      capacity: options.capacity,
      timeline: options.timeline,
    });
    // HTTP/2 as a real API server speaks it (negotiated by ALPN), and HTTP/1.1 for clients without it.
    this.server = createSecureServer(
      {
        key: certificates.serverKeyPem,
        cert: certificates.serverCertPem,
        allowHTTP1: true,
        // Idle HTTP/1.1 connections stay 30 s, as before HTTP/2 was served (Node's default is 5 s).
        http1Options: { keepAliveTimeout: 30_000 },
      },
      (request, response) => {
        void this.handle(request, response);
      },
    );
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  get port(): number {
    return this.boundPort;
  }

  get serverUrl(): string {
    return `https://127.0.0.1:${this.boundPort}`;
  }

  async start(): Promise<void> {
    this.controllers.start();
    await this.listen(this.boundPort);
  }

  identity(): ClusterIdentity {
    return { port: this.boundPort, token: this.token, certificates: this.certificates };
  }

  currentFaults(): ActiveFaults {
    return { ...this.faults };
  }

  async injectFault(fault: SandboxFault): Promise<void> {
    this.faults = {
      ...this.faults,
      ...Object.fromEntries(Object.entries(fault).filter(([, value]) => value !== undefined)),
    };
    await this.applyOutage();
  }

  async clearFaults(): Promise<void> {
    this.faults = { ...NO_FAULTS };
    await this.applyOutage();
  }

  /** Moves the clock CronJobs and HPAs act on forward; returns the total offset in seconds. */
  advanceClock(seconds: number): number {
    return this.controllers.advanceClock(seconds);
  }

  /** The simulated CPU utilization (percent of requests) one HPA reads; undefined withdraws it. */
  setCpuUtilization(namespace: string, hpa: string, percent: number | undefined): void {
    this.controllers.setCpuUtilization(namespace, hpa, percent);
  }

  async stop(): Promise<void> {
    this.controllers.stop();
    await this.closeListener();
  }

  private async applyOutage(): Promise<void> {
    if (this.faults.outage && this.listening) await this.closeListener();
    if (!this.faults.outage && !this.listening) await this.listen(this.boundPort);
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        this.boundPort = (this.server.address() as { port: number }).port;
        this.listening = true;
        resolve();
      });
    });
  }

  private closeListener(): Promise<void> {
    if (!this.listening) return Promise.resolve();
    this.listening = false;
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      // An outage drops established connections (and watches) too, not just new ones.
      for (const socket of this.sockets) socket.destroy();
    });
  }

  private async handle(request: ApiRequest, response: ApiResponse): Promise<void> {
    const started = performance.now();
    const time = new Date().toISOString();
    const isWatch = /[?&]watch=(true|1)/.test(request.url ?? '');
    const log = (): void => {
      this.requestLog.add({
        time,
        method: request.method ?? 'GET',
        path: request.url ?? '/',
        status: response.statusCode,
        latencyMs: Math.round((performance.now() - started) * 100) / 100,
        userAgent: request.headers['user-agent'],
        httpVersion: request.httpVersion,
      });
    };
    // Watches are logged when their stream starts, so a test sees them while they are still open.
    const faults = this.faults;
    const delay = requestDelayMs(faults);
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    if (isWatch) {
      const writeHead = response.writeHead.bind(response) as (...args: unknown[]) => ApiResponse;
      response.writeHead = ((...args: unknown[]) => {
        const result = writeHead(...args);
        log();
        return result;
      }) as typeof response.writeHead;
    } else response.once('close', log);

    if (!UNPROTECTED_PATHS.has(request.url ?? '')) {
      if (faults.expiredToken || request.headers.authorization !== `Bearer ${this.token}`) {
        request.resume();
        sendStatus(response, statusFailure(401, 'Unauthorized', 'Unauthorized'));
        return;
      }
    }
    if (shouldInjectError(faults)) {
      request.resume();
      if (faults.errorStatus === 429) {
        const status = statusFailure(
          429,
          'TooManyRequests',
          'the server has received too many requests and has asked us to try again later',
          {
            retryAfterSeconds: faults.retryAfterSeconds,
          },
        );
        sendStatus(response, status, { 'Retry-After': String(faults.retryAfterSeconds) });
      } else sendStatus(response, statusFailure(500, 'InternalError', 'Internal error occurred: injected fault'));
      return;
    }
    await handleApiRequest(this.api, request, response, {
      serverAddress: `127.0.0.1:${this.boundPort}`,
      watchEventDelayMs: () => this.faults.slowWatchMs,
    });
  }
}
