import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The process's Prometheus registries; modules add their own metrics to them. Series labelled with a
 * cluster's name go in `perClusterRegistry`: cluster names belong to teams, so they are not shown to
 * every scrape (see `exposition`).
 */
@Injectable()
export class MetricsRegistry {
  readonly registry = new Registry();
  readonly perClusterRegistry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'fleetplane_http_request_duration_seconds',
      help: 'HTTP request latency by route template and status code.',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
  }

  readonly contentType = this.registry.contentType;

  /** The text a scrape gets: the aggregate series, and the per-cluster ones only when asked for. */
  async exposition(options: { perCluster: boolean }): Promise<string> {
    if (!options.perCluster) return this.registry.metrics();
    return Registry.merge([this.registry, this.perClusterRegistry]).metrics();
  }

  /** Express middleware timing every request; labelled by route template, never by raw path (bounded cardinality). */
  httpMiddleware() {
    return (request: Request, response: Response, next: NextFunction) => {
      const stop = this.httpDuration.startTimer();
      response.on('finish', () => {
        const route = request.route?.path ? `${request.baseUrl}${String(request.route.path)}` : 'unmatched';
        stop({ method: request.method, route, status: String(response.statusCode) });
      });
      next();
    };
  }
}
