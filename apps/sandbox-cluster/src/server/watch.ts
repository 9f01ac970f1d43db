import { ApiRequest, ApiResponse } from './exchange';
import { ClusterApi, bucketOf } from '../api/cluster-api';
import { statusFailure } from '../api/api-error';
import { ResourceType, apiVersionOf } from '../api/resource-catalog';
import { JsonObject, KubeObject } from '../api/types';
import { StoreEvent } from '../storage/object-store';
import { LabelSelector, matchesFields, matchesLabels, parseFieldSelector } from '../storage/selectors';
import { toTable } from './table';

export interface WatchRequest {
  type: ResourceType;
  namespace?: string;
  name?: string;
  labels: LabelSelector;
  fieldSelector: ReturnType<typeof parseFieldSelector>;
  resourceVersion?: string;
  timeoutSeconds?: number;
  bookmarks: boolean;
  asTable: boolean;
  /** Delay before each event, the slow-watch fault. Read per event so it can change mid-watch. */
  eventDelayMs: () => number;
}

const BOOKMARK_INTERVAL_MS = 15_000;

/**
 * Streams watch events as the API server does: newline-delimited JSON over a chunked response,
 * starting with synthetic ADDED events when no resourceVersion is given, replaying history from a
 * resourceVersion, or a single ERROR event carrying 410 Gone when that version is too old.
 */
export function serveWatch(api: ClusterApi, request: ApiRequest, response: ApiResponse, watch: WatchRequest): void {
  const bucket = bucketOf(watch.type);
  const version = apiVersionOf(watch.type);
  const matches = (object: KubeObject | undefined): boolean =>
    object !== undefined &&
    (!watch.type.namespaced || watch.namespace === undefined || object.metadata.namespace === watch.namespace) &&
    (watch.name === undefined || object.metadata.name === watch.name) &&
    matchesLabels(watch.labels, object.metadata.labels) &&
    matchesFields(watch.fieldSelector, object);

  response.writeHead(200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
  });
  // HTTP/2 sends the headers with writeHead; HTTP/1.1 holds them back until the first write.
  response.flushHeaders?.();

  let pending = Promise.resolve();
  let closed = false;
  const write = (type: string, object: KubeObject | JsonObject): void => {
    const presented =
      watch.asTable && type !== 'ERROR' && type !== 'BOOKMARK'
        ? toTable(watch.type, [object as KubeObject], {}, false)
        : object;
    const line = `${JSON.stringify({ type, object: presented })}\n`;
    const delay = watch.eventDelayMs();
    if (delay <= 0) {
      if (!closed) response.write(line);
      return;
    }
    pending = pending.then(
      () =>
        new Promise<void>((resolve) =>
          setTimeout(() => {
            if (!closed) response.write(line);
            resolve();
          }, delay),
        ),
    );
  };
  const present = (object: KubeObject): KubeObject =>
    object.apiVersion === version ? object : { ...object, apiVersion: version };

  const deliver = (event: StoreEvent): void => {
    if (event.bucket !== bucket) return;
    const now = matches(event.object);
    const before = event.type === 'MODIFIED' ? matches(event.previous) : now;
    if (now && before) write(event.type, present(event.object));
    else if (now) write('ADDED', present(event.object));
    else if (before) write('DELETED', present(event.object));
  };

  const requested = watch.resourceVersion;
  if (!requested || requested === '0') {
    for (const object of api.store.list(bucket, watch.type.namespaced ? watch.namespace : undefined)) {
      if (matches(object)) write('ADDED', present(object));
    }
  } else {
    const history = api.store.eventsSince(Number(requested));
    if (!history) {
      const oldest = api.store.oldestWatchableVersion;
      write('ERROR', statusFailure(410, 'Expired', `too old resource version: ${requested} (${oldest})`));
      void pending.then(() => response.end());
      return;
    }
    for (const event of history) deliver(event);
  }

  const unsubscribe = api.store.subscribe(deliver);
  const timers: NodeJS.Timeout[] = [];
  const finish = (): void => {
    if (closed) return;
    closed = true;
    unsubscribe();
    for (const timer of timers) clearTimeout(timer);
    response.end();
  };
  if (watch.timeoutSeconds && watch.timeoutSeconds > 0) timers.push(setTimeout(finish, watch.timeoutSeconds * 1000));
  if (watch.bookmarks) {
    const bookmark = setInterval(() => {
      write('BOOKMARK', {
        kind: watch.type.kind,
        apiVersion: version,
        metadata: { resourceVersion: String(api.store.currentResourceVersion) },
      });
    }, BOOKMARK_INTERVAL_MS);
    timers.push(bookmark);
  }
  request.on('close', finish);
  response.on('close', finish);
}
