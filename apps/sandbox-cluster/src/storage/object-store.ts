import { KubeObject } from '../api/types';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: WatchEventType;
  /** "group/resource" of the object, so watchers can filter cheaply. */
  bucket: string;
  object: KubeObject;
  /** The object as it was before a modification, so selector-filtered watches can see it leave. */
  previous?: KubeObject;
  resourceVersion: number;
}

export type StoreListener = (event: StoreEvent) => void;

/** How many past events a watch can resume from before it gets 410 Gone. */
const DEFAULT_HISTORY_SIZE = 256;

export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

/**
 * One cluster's objects. Stored objects are never mutated after being written: every write stores a
 * new object, so readers and the watch history can share references without copying.
 */
export class ObjectStore {
  private resourceVersion = 0;
  private readonly buckets = new Map<string, Map<string, KubeObject>>();
  private readonly history: StoreEvent[] = [];
  private historyStart = 0;
  private readonly listeners = new Set<StoreListener>();

  constructor(private readonly historySize = DEFAULT_HISTORY_SIZE) {}

  get currentResourceVersion(): number {
    return this.resourceVersion;
  }

  /** The oldest resourceVersion a watch may start from; anything older is 410 Gone. */
  get oldestWatchableVersion(): number {
    const oldest = this.history[this.historyStart];
    return oldest ? oldest.resourceVersion - 1 : this.resourceVersion;
  }

  get(bucket: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.buckets.get(bucket)?.get(objectKey(namespace, name));
  }

  /** Objects sorted by namespace then name, the order list pagination relies on. */
  list(bucket: string, namespace?: string): KubeObject[] {
    const objects = this.buckets.get(bucket);
    if (!objects) return [];
    const keys = [...objects.keys()].sort();
    const result: KubeObject[] = [];
    for (const key of keys) {
      const object = objects.get(key)!;
      if (namespace === undefined || object.metadata.namespace === namespace) result.push(object);
    }
    return result;
  }

  count(bucket: string): number {
    return this.buckets.get(bucket)?.size ?? 0;
  }

  bucketNames(): string[] {
    return [...this.buckets.keys()];
  }

  /**
   * Stores the object under a fresh resourceVersion and tells watchers. The top level and metadata are
   * copied (callers build new versions by spreading the previous one); nested values become shared
   * with the store and must not be mutated afterwards.
   */
  put(bucket: string, written: KubeObject): KubeObject {
    const key = objectKey(written.metadata.namespace, written.metadata.name!);
    let objects = this.buckets.get(bucket);
    if (!objects) {
      objects = new Map();
      this.buckets.set(bucket, objects);
    }
    const previous = objects.get(key);
    const object = { ...written, metadata: { ...written.metadata, resourceVersion: String(++this.resourceVersion) } };
    objects.set(key, object);
    this.record({
      type: previous ? 'MODIFIED' : 'ADDED',
      bucket,
      object,
      previous,
      resourceVersion: this.resourceVersion,
    });
    return object;
  }

  remove(bucket: string, object: KubeObject): void {
    const objects = this.buckets.get(bucket);
    const key = objectKey(object.metadata.namespace, object.metadata.name!);
    if (!objects?.delete(key)) return;
    // A deleted object is reported with the resourceVersion of its deletion, as the API server does.
    const deleted: KubeObject = {
      ...object,
      metadata: { ...object.metadata, resourceVersion: String(++this.resourceVersion) },
    };
    this.record({ type: 'DELETED', bucket, object: deleted, resourceVersion: this.resourceVersion });
  }

  /** Loads objects without events, for restoring persisted state. */
  restore(bucket: string, objects: KubeObject[], resourceVersion: number): void {
    const map = new Map<string, KubeObject>();
    for (const object of objects) map.set(objectKey(object.metadata.namespace, object.metadata.name!), object);
    this.buckets.set(bucket, map);
    this.resourceVersion = Math.max(this.resourceVersion, resourceVersion);
  }

  /** Events after the given resourceVersion, or undefined when history no longer reaches back that far. */
  eventsSince(resourceVersion: number): StoreEvent[] | undefined {
    if (resourceVersion < this.oldestWatchableVersion) return undefined;
    return this.history.slice(this.historyStart).filter((event) => event.resourceVersion > resourceVersion);
  }

  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private record(event: StoreEvent): void {
    this.history.push(event);
    if (this.history.length - this.historyStart > this.historySize) {
      this.historyStart++;
      // Compact occasionally rather than shifting the array on every write.
      if (this.historyStart >= this.historySize) {
        this.history.splice(0, this.historyStart);
        this.historyStart = 0;
      }
    }
    for (const listener of this.listeners) listener(event);
  }
}
