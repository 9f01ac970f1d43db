import { randomUUID } from 'node:crypto';
import { ClusterApi, bucketOf } from '../api/cluster-api';
import { KubeObject } from '../api/types';
import { nowTimestamp } from '../apply/managed-fields';
import { TYPES } from './workload-helpers';

export type EventType = 'Normal' | 'Warning';

export interface EventLimits {
  /** Oldest events in a namespace are dropped beyond this many. */
  perNamespace: number;
  /** Events not repeated for this long are dropped, as the API server's 1 h event TTL does. */
  ttlMs: number;
}

export const DEFAULT_EVENT_LIMITS: EventLimits = { perNamespace: 200, ttlMs: 3_600_000 };

/**
 * Writes core/v1 Events for what the simulated controllers do. A repeat (same object, reason and
 * message) bumps count and lastTimestamp on the existing Event, as client-go's recorder does.
 * Events are bounded per namespace and expire, so a busy sandbox holds a fixed number of them.
 */
export class EventRecorder {
  /** Event names per namespace, oldest first. */
  private readonly byNamespace = new Map<string, string[]>();
  private readonly lastSeen = new Map<string, number>();

  constructor(
    private readonly api: ClusterApi,
    private readonly limits: EventLimits = DEFAULT_EVENT_LIMITS,
  ) {
    for (const event of api.store.list(bucketOf(TYPES.event))) this.remember(event);
  }

  record(object: KubeObject, type: EventType, reason: string, message: string, component: string): void {
    const namespace = object.metadata.namespace ?? 'default';
    const name = `${object.metadata.name}.${this.key(object, reason, message)}`;
    const existing = this.api.store.get(bucketOf(TYPES.event), namespace, name);
    const now = nowTimestamp();
    this.lastSeen.set(`${namespace}/${name}`, Date.now());
    if (existing) {
      this.api.store.put(bucketOf(TYPES.event), {
        ...existing,
        count: Number(existing.count ?? 1) + 1,
        lastTimestamp: now,
      });
      return;
    }
    const event: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace, uid: randomUUID(), creationTimestamp: now },
      involvedObject: {
        apiVersion: object.apiVersion ?? 'v1',
        kind: object.kind ?? '',
        name: object.metadata.name ?? '',
        ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}),
        uid: object.metadata.uid ?? '',
        resourceVersion: object.metadata.resourceVersion ?? '',
      },
      reason,
      message,
      source: { component },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: component,
      reportingInstance: '',
    };
    this.api.store.put(bucketOf(TYPES.event), event);
    this.remember(event);
    this.trim(namespace);
  }

  /** Drops events not seen within the TTL. */
  expire(): void {
    const cutoff = Date.now() - this.limits.ttlMs;
    for (const [namespace, names] of this.byNamespace) {
      const kept = names.filter((name) => {
        if ((this.lastSeen.get(`${namespace}/${name}`) ?? 0) >= cutoff) return true;
        this.drop(namespace, name);
        return false;
      });
      this.byNamespace.set(namespace, kept);
    }
  }

  private remember(event: KubeObject): void {
    const namespace = event.metadata.namespace!;
    const names = this.byNamespace.get(namespace) ?? [];
    names.push(event.metadata.name!);
    this.byNamespace.set(namespace, names);
    if (!this.lastSeen.has(`${namespace}/${event.metadata.name}`))
      this.lastSeen.set(`${namespace}/${event.metadata.name}`, Date.parse(String(event.lastTimestamp)) || Date.now());
  }

  private trim(namespace: string): void {
    const names = this.byNamespace.get(namespace)!;
    while (names.length > this.limits.perNamespace) this.drop(namespace, names.shift()!);
  }

  private drop(namespace: string, name: string): void {
    this.lastSeen.delete(`${namespace}/${name}`);
    const event = this.api.store.get(bucketOf(TYPES.event), namespace, name);
    if (event) this.api.store.remove(bucketOf(TYPES.event), event);
  }

  /** A stable suffix per (object, reason, message), so repeats find the Event they aggregate into. */
  private key(object: KubeObject, reason: string, message: string): string {
    const text = `${object.metadata.uid}|${reason}|${message}`;
    let hash = 0x811c9dc5;
    for (let index = 0; index < text.length; index++) {
      hash ^= text.charCodeAt(index);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash.toString(16).padStart(8, '0');
  }
}
