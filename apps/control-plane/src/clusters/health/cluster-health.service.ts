import { Injectable, OnModuleInit } from '@nestjs/common';
import { MetricsRegistry, PageQuery, paginate } from '@fleetplane/http';
import {
  CLUSTER_HEALTH_STATES,
  ClusterEntity,
  ClusterHealthState,
  ClusterHealthTransitionEntity,
} from '@fleetplane/persistence';
import { Counter, Gauge, Histogram } from 'prom-client';
import { Observable, Subject } from 'rxjs';
import { DataSource } from 'typeorm';
import { ClusterView } from '../dto/cluster.view';
import { ClusterHealthReportView } from './cluster-health.view';
import { ProbeResult } from './probe-cluster';

/** A change of a cluster's derived health, as published to in-process subscribers (failover runbooks). */
export interface ClusterHealthTransition {
  clusterId: string;
  cluster: string;
  from: ClusterHealthState;
  to: ClusterHealthState;
  reason: string;
  at: Date;
}

const RECENT_PROBES_KEPT = 20;

/**
 * Keeps each cluster's derived health: recent probe results in memory, the current state and every
 * transition in the database, and publishes transitions to subscribers and metrics.
 */
@Injectable()
export class ClusterHealthService implements OnModuleInit {
  private readonly recent = new Map<string, ProbeResult[]>();
  private readonly transitionsSubject = new Subject<ClusterHealthTransition>();
  private stateGauge: Gauge<'cluster' | 'state'>;
  private probeLatency: Histogram<'provider'>;
  private transitionCounter: Counter<'to'>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly metrics: MetricsRegistry,
  ) {}

  /** Every transition from now on; subscribers must not block (they run on the prober's path). */
  get transitions(): Observable<ClusterHealthTransition> {
    return this.transitionsSubject.asObservable();
  }

  onModuleInit(): void {
    const registers = [this.metrics.registry];
    this.stateGauge = new Gauge({
      name: 'fleetplane_cluster_health',
      help: '1 for the current derived health state of each cluster.',
      labelNames: ['cluster', 'state'],
      registers: [this.metrics.perClusterRegistry],
    });
    this.probeLatency = new Histogram({
      name: 'fleetplane_cluster_probe_duration_seconds',
      help: 'Health probe wall time, cloud and API checks together.',
      labelNames: ['provider'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.transitionCounter = new Counter({
      name: 'fleetplane_cluster_health_transitions_total',
      help: 'Health transitions by new state.',
      labelNames: ['to'],
      registers,
    });
  }

  /**
   * Records a round of probes in one transaction (two statements, whatever the fleet's size): every
   * cluster's latest probe, and a transition row for each changed state. Transitions are published after
   * the commit, so a subscriber never sees a state the database does not have.
   */
  async recordRound(
    results: Array<{ cluster: ClusterEntity; probe: ProbeResult }>,
  ): Promise<ClusterHealthTransition[]> {
    if (results.length === 0) return [];
    const transitions: ClusterHealthTransition[] = [];
    for (const { cluster, probe } of results) {
      this.remember(cluster.id, probe);
      this.probeLatency.observe({ provider: cluster.provider }, probe.latencyMs / 1000);
      for (const state of CLUSTER_HEALTH_STATES)
        this.stateGauge.set({ cluster: cluster.name, state }, state === probe.state ? 1 : 0);
      if (cluster.health !== probe.state) {
        transitions.push({
          clusterId: cluster.id,
          cluster: cluster.name,
          from: cluster.health,
          to: probe.state,
          reason: probe.reason,
          at: probe.at,
        });
      }
    }
    await this.dataSource.transaction(async (manager) => {
      // Raw SQL on purpose: TypeORM's update would bump the row version, and the version is the ETag of
      // people's edits (If-Match); a probe must not make their copy stale.
      await manager.query(
        `UPDATE clusters c SET last_probe_at = u.at, last_probe_latency_ms = u.latency, health_reason = u.reason,
           health = u.state, health_changed_at = CASE WHEN c.health = u.state THEN c.health_changed_at ELSE u.at END,
           capacity = COALESCE(u.capacity, c.capacity)
         FROM unnest($1::uuid[], $2::timestamptz[], $3::int[], $4::text[], $5::varchar[], $6::jsonb[])
           AS u(id, at, latency, reason, state, capacity)
         WHERE c.id = u.id`,
        [
          results.map((r) => r.cluster.id),
          results.map((r) => r.probe.at),
          results.map((r) => r.probe.latencyMs),
          results.map((r) => r.probe.reason),
          results.map((r) => r.probe.state),
          results.map((r) => (r.probe.capacity ? JSON.stringify(r.probe.capacity) : null)),
        ],
      );
      if (transitions.length > 0) {
        await manager.query(
          `INSERT INTO cluster_health_transitions (cluster_id, "from", "to", reason, at)
           SELECT t.id, t.from_state, t.to_state, t.reason, t.at
           FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::text[], $5::timestamptz[]) AS t(id, from_state, to_state, reason, at)
           WHERE EXISTS (SELECT 1 FROM clusters WHERE clusters.id = t.id)`,
          [
            transitions.map((t) => t.clusterId),
            transitions.map((t) => t.from),
            transitions.map((t) => t.to),
            transitions.map((t) => t.reason),
            transitions.map((t) => t.at),
          ],
        );
      }
    });
    for (const transition of transitions) {
      this.transitionCounter.inc({ to: transition.to });
      this.transitionsSubject.next(transition);
    }
    return transitions;
  }

  forget(clusterId: string): void {
    this.recent.delete(clusterId);
  }

  async report(cluster: ClusterEntity, page: PageQuery): Promise<ClusterHealthReportView> {
    const query = this.dataSource
      .getRepository(ClusterHealthTransitionEntity)
      .createQueryBuilder('t')
      .where('t.clusterId = :id', { id: cluster.id });
    const transitions = await paginate(query, page, {
      time: 't.at',
      id: 't.id',
      timeOf: (t) => t.at,
      idOf: (t) => t.id,
    });
    return {
      cluster: cluster.name,
      current: ClusterView.of(cluster).health,
      recentProbes: (this.recent.get(cluster.id) ?? []).map((probe) => ({ ...probe, at: probe.at.toISOString() })),
      transitions: transitions.items.map((t) => ({ at: t.at.toISOString(), from: t.from, to: t.to, reason: t.reason })),
      nextCursor: transitions.nextCursor,
    };
  }

  private remember(clusterId: string, probe: ProbeResult): void {
    const list = this.recent.get(clusterId) ?? [];
    list.unshift(probe);
    list.length = Math.min(list.length, RECENT_PROBES_KEPT);
    this.recent.set(clusterId, list);
  }
}
