import type { KubeConfig } from '@kubernetes/client-node';
import { KubeObject, managerName, ownedObjectsSelector } from '@fleetplane/objects';
import { DriftedField, detectDrift } from '../drift/detect-drift';
import { evaluateReadiness } from '../readiness/evaluate-readiness';
import { LiveObject } from '../readiness/live-object';
import { AppliedObject } from './applied-object';
import { applyTiers } from './apply-tiers';
import { ResourceType, collectionPath, objectPath } from './built-in-resources';
import { CallOptions, ClusterTransport } from './cluster-transport';
import type { ApiServerConnection } from './connection/api-server-connection';
import { ownedElsewherePaths } from './drift-ignore-paths';
import { KubeApiError, isKubeApiError } from './kube-api-error';
import { ApplyManifest, KindRef, ObjectRef, refOf, refOnly } from './object-ref';
import { ReadinessReport, WaitForReadyOptions, pollReadiness } from './poll-readiness';
import { ResourceResolver } from './resource-resolver';
import { abortedError } from './translate-error';

export interface KubeClusterClientOptions {
  /** Names the cluster in errors. Default: the kubeconfig's current cluster name. */
  clusterName?: string;
  /** Per-request timeout unless a call sets its own. Default 10 s. */
  requestTimeoutMs?: number;
  /** Parallel connections to a cluster that speaks only HTTP/1.1 (HTTP/2 needs one). Default 4. */
  maxSockets?: number;
  /** Default `fleetplane`. */
  userAgent?: string;
  /**
   * Connections to share (the health prober's, for one): requests ride on warm connections, and
   * {@link KubeClusterClient.close} leaves them open.
   */
  connection?: ApiServerConnection;
}

export interface ApplyOptions extends CallOptions {
  /** Default `fleetplane`; the engine names one manager per application (`fleetplane/<application>`). */
  fieldManager?: string;
  /** Take over fields other managers own instead of failing with Conflict. Default true. */
  force?: boolean;
}

export interface DeleteOptions extends CallOptions {
  /** Default `Background`: the object goes at once, its dependents (ReplicaSets, Pods) after. */
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  /**
   * Delete only exactly the object that was read: the API server refuses (Conflict) when its uid or
   * resourceVersion differs, e.g. it was re-created or changed hands since.
   */
  preconditions?: { uid: string; resourceVersion?: string };
}

export interface ObjectDrift {
  object: ObjectRef;
  /** The object is gone from the cluster. */
  missing: boolean;
  /** Fields we applied whose live value differs; empty when in sync (or missing). */
  fields: DriftedField[];
}

const LIST_PAGE_SIZE = 500;

/** PATCHes of one tier in flight together: a large release must not open hundreds of streams at once. */
const MAX_APPLIES_IN_FLIGHT = 16;

/**
 * Rendered manifests are shared by every cluster that renders alike and never changed once rendered,
 * so each is serialized once for all the clusters it goes to.
 */
const applyBodies = new WeakMap<object, string>();

function applyBodyOf(object: ApplyManifest): string {
  let body = applyBodies.get(object);
  if (body === undefined) applyBodies.set(object, (body = JSON.stringify(object)));
  return body;
}

/**
 * Talks to one cluster's API server for the fan-out engine: server-side apply, reads, owned-object
 * listing, deletes, readiness and drift, each in as few requests as the API allows. One instance per
 * cluster; it keeps one set of kept-alive connections and the cluster's discovery answers. Every
 * method rejects only with {@link KubeApiError}.
 */
export class KubeClusterClient {
  readonly clusterName: string;
  private readonly transport: ClusterTransport;
  private readonly resolver: ResourceResolver;
  private readonly defaultNamespace: string;

  /** Throws (synchronously, a plain Error) when the kubeconfig has no current cluster or no https server. */
  constructor(kubeConfig: KubeConfig, options: KubeClusterClientOptions = {}) {
    this.clusterName = options.clusterName ?? kubeConfig.getCurrentCluster()?.name ?? 'cluster';
    this.defaultNamespace = kubeConfig.getContextObject(kubeConfig.getCurrentContext())?.namespace ?? 'default';
    this.transport = new ClusterTransport(kubeConfig, this.clusterName, {
      requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
      maxSockets: options.maxSockets ?? 4,
      userAgent: options.userAgent ?? 'fleetplane',
      ...(options.connection === undefined ? {} : { connection: options.connection }),
    });
    this.resolver = new ResourceResolver(
      async (path, call) => JSON.parse(await this.transport.send({ method: 'GET', path }, call)) as unknown,
      this.clusterName,
    );
  }

  /** Discovery documents this client has fetched so far (built-in kinds need none). */
  get discoveryRequests(): number {
    return this.resolver.discoveryRequests;
  }

  /**
   * Creates each namespace that does not exist yet, one request per name, leaving existing ones
   * untouched. Resolves with the names it created. Rejects on the first failure other than
   * AlreadyExists (Forbidden, Unreachable, ...), naming the namespace.
   */
  async ensureNamespaces(names: readonly string[], call: CallOptions = {}): Promise<string[]> {
    const created: string[] = [];
    for (const name of names) {
      const body = JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
      try {
        await this.transport.send({ method: 'POST', path: '/api/v1/namespaces', body }, call);
        created.push(name);
      } catch (error) {
        if (isKubeApiError(error, 'AlreadyExists')) continue;
        throw failureAbout(error, { apiVersion: 'v1', kind: 'Namespace', name });
      }
    }
    return created;
  }

  /**
   * Server-side applies the objects, one PATCH each once its resource is known (built-in kinds:
   * immediately; other kinds: one discovery request per group/version per client). Objects go in tiers,
   * in the order given ({@link applyTiers}): namespaces and CRDs, then what workloads refer to, then the
   * rest, each tier's PATCHes sent together (at most {@link MAX_APPLIES_IN_FLIGHT} at once). Resolves
   * with what each apply produced, in order. Rejects, once its tier has settled, with the KubeApiError of
   * the first object that failed (`object` names it; the tiers before were applied, and so may be others
   * of its tier): Conflict (with `conflicts`) when not forced, Invalid (with `causes` field paths),
   * NotFound when its namespace is missing, UnknownKind, and the transport errors (Unreachable,
   * Unauthorized, TooManyRequests, ServerError, Aborted). The objects are taken as immutable: each is
   * serialized once, however many clusters it is applied to.
   */
  async apply(objects: readonly ApplyManifest[], options: ApplyOptions = {}): Promise<AppliedObject[]> {
    const query = new URLSearchParams({
      fieldManager: options.fieldManager ?? managerName,
      force: String(options.force ?? true),
    }).toString();
    const call = callOf(options);
    const applied: AppliedObject[] = [];
    for (const tier of applyTiers(objects)) {
      for (let start = 0; start < tier.length; start += MAX_APPLIES_IN_FLIGHT) {
        const batch = tier.slice(start, start + MAX_APPLIES_IN_FLIGHT);
        const outcomes = await Promise.allSettled(batch.map((object) => this.applyOne(object, query, call)));
        for (const outcome of outcomes) {
          if (outcome.status === 'rejected') throw outcome.reason;
          applied.push(outcome.value);
        }
      }
    }
    return applied;
  }

  /**
   * Reads one object. Resolves with undefined when it does not exist. Rejects with UnknownKind when the
   * cluster does not serve its kind, and with the transport errors.
   */
  async get(ref: ObjectRef, call: CallOptions = {}): Promise<LiveObject | undefined> {
    try {
      const answer = await this.onResource(ref, call, (type) =>
        this.transport.send({ method: 'GET', path: objectPath(type, this.namespaceFor(type, ref), ref.name) }, call),
      );
      return JSON.parse(answer) as LiveObject;
    } catch (error) {
      if (isKubeApiError(error, 'NotFound')) return undefined;
      throw failureAbout(error, ref);
    }
  }

  /** Reads several objects in parallel, in the order given (undefined for missing ones); rejects as {@link get}. */
  readLive(refs: readonly ObjectRef[], call: CallOptions = {}): Promise<(LiveObject | undefined)[]> {
    return Promise.all(refs.map((ref) => this.get(ref, call)));
  }

  /**
   * Lists, across all namespaces, the objects of the given kinds that carry fleetplane's ownership labels
   * for `application` (the candidates for prune), one paginated list per kind. Objects come back with
   * apiVersion and kind set. Rejects with UnknownKind for a kind the cluster does not serve, Forbidden
   * when RBAC does not allow a cluster-wide list, and the transport errors.
   */
  async listOwned(application: string, kinds: readonly KindRef[], call: CallOptions = {}): Promise<KubeObject[]> {
    const lists = await Promise.all(kinds.map((kind) => this.listAll(kind, ownedObjectsSelector(application), call)));
    return lists.flat();
  }

  /**
   * Deletes one object. Resolves true when the API server accepted the delete, false when the object
   * (or its kind) was already gone. Rejects with the transport errors, Forbidden, and Conflict when
   * `preconditions` no longer hold.
   */
  async delete(ref: ObjectRef, options: DeleteOptions = {}): Promise<boolean> {
    const call = callOf(options);
    const query = `propagationPolicy=${options.propagationPolicy ?? 'Background'}`;
    const body =
      options.preconditions === undefined
        ? {}
        : { body: JSON.stringify({ apiVersion: 'v1', kind: 'DeleteOptions', preconditions: options.preconditions }) };
    try {
      await this.onResource(ref, call, (type) =>
        this.transport.send(
          { method: 'DELETE', path: `${objectPath(type, this.namespaceFor(type, ref), ref.name)}?${query}`, ...body },
          call,
        ),
      );
      return true;
    } catch (error) {
      if (isKubeApiError(error, 'NotFound') || isKubeApiError(error, 'UnknownKind')) return false;
      throw failureAbout(error, ref);
    }
  }

  /**
   * Waits until every applied object is Ready at the generation its apply produced, one of them Failed,
   * or `deadlineMs` passes (then `timedOut`, objects still Progressing; reads in flight are cancelled). Objects already settled in
   * their apply response cost no request; the others are polled with one GET each per interval.
   * Rejects with Aborted when the signal fires, with a non-retryable error (Unauthorized, Forbidden, ...)
   * at once, and with the last retryable error (Unreachable, ...) if the cluster still failed to answer
   * when the deadline came.
   */
  waitForReady(applied: readonly AppliedObject[], options: WaitForReadyOptions): Promise<ReadinessReport> {
    return pollReadiness(
      applied,
      (ref, signal) => this.get(ref, { signal }),
      options,
      () => abortedError({ cluster: this.clusterName, method: 'GET', path: 'readiness wait' }, options.signal?.reason),
      (namespace, labelSelector, signal) => this.listPods(namespace, labelSelector, { signal }),
    );
  }

  /** The pods of one namespace matching a label selector (one page: a workload's pods, not a cluster's). */
  async listPods(namespace: string, labelSelector: string, call: CallOptions = {}): Promise<LiveObject[]> {
    const query = new URLSearchParams({ labelSelector, limit: String(LIST_PAGE_SIZE) }).toString();
    const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods?${query}`;
    const answer = await this.transport.send({ method: 'GET', path }, call);
    return (JSON.parse(answer) as { items?: LiveObject[] }).items ?? [];
  }

  /**
   * Compares each applied manifest with its live object, field by field, over the fields we applied only
   * (`spec.replicas` of a workload an applied HPA scales is skipped). One GET per object, in parallel.
   * Rejects as {@link get}.
   */
  async driftOf(applied: readonly ApplyManifest[], call: CallOptions = {}): Promise<ObjectDrift[]> {
    const live = await this.readLive(applied.map(refOf), call);
    return applied.map((object, index) => {
      const current = live[index];
      const ref = refOf(object);
      if (current === undefined) return { object: ref, missing: true, fields: [] };
      const fields = detectDrift(object, current, { ignorePaths: ownedElsewherePaths(applied, object) });
      return { object: ref, missing: false, fields };
    });
  }

  /** Closes the kept-alive connections. The client stays usable; a later call reconnects. */
  close(): void {
    this.transport.close();
  }

  private async applyOne(object: ApplyManifest, query: string, call: CallOptions): Promise<AppliedObject> {
    const ref = refOf(object);
    try {
      const body = applyBodyOf(object);
      const answer = await this.onResource(ref, call, (type) =>
        this.transport.send(
          {
            method: 'PATCH',
            path: `${objectPath(type, this.namespaceFor(type, ref), ref.name)}?${query}`,
            body,
            contentType: 'application/apply-patch+yaml',
          },
          call,
        ),
      );
      return appliedFrom(ref, JSON.parse(answer) as LiveObject);
    } catch (error) {
      throw failureAbout(error, ref);
    }
  }

  private namespaceFor(type: ResourceType, ref: ObjectRef): string | undefined {
    return type.namespaced ? (ref.namespace ?? this.defaultNamespace) : undefined;
  }

  /**
   * Runs a request against the resource path of `ref`'s kind. A 404 that names no object means the
   * path itself is not served (a built-in version the cluster dropped, a CRD whose scope changed):
   * discovery is asked once, and the request repeated on the path the cluster does serve.
   */
  private async onResource<T>(ref: KindRef, call: CallOptions, send: (type: ResourceType) => Promise<T>): Promise<T> {
    const type = await this.resolver.resolve(ref, call);
    try {
      return await send(type);
    } catch (error) {
      if (!isKubeApiError(error, 'NotFound') || error.detailsName !== undefined) throw error;
      const served = await this.resolver.rediscover(ref, type, call);
      if (served === undefined) throw error;
      return send(served);
    }
  }

  private async listAll(kind: KindRef, labelSelector: string, call: CallOptions): Promise<KubeObject[]> {
    const items: KubeObject[] = [];
    let continueToken: string | undefined;
    do {
      const query = new URLSearchParams({ labelSelector, limit: String(LIST_PAGE_SIZE) });
      if (continueToken !== undefined) query.set('continue', continueToken);
      const answer = await this.onResource(kind, call, (type) =>
        this.transport.send({ method: 'GET', path: `${collectionPath(type, undefined)}?${query.toString()}` }, call),
      );
      const page = JSON.parse(answer) as { items?: KubeObject[]; metadata?: { continue?: string } };
      // List items omit apiVersion and kind; callers compare identities, so they are filled in.
      for (const item of page.items ?? []) items.push({ ...item, apiVersion: kind.apiVersion, kind: kind.kind });
      continueToken = page.metadata?.continue || undefined;
    } while (continueToken !== undefined);
    return items;
  }
}

function appliedFrom(ref: ObjectRef, live: LiveObject): AppliedObject {
  const metadata = live.metadata ?? {};
  const generation = metadata.generation;
  const appliedAt = Date.now();
  return {
    ...refOnly({ ...ref, namespace: typeof metadata.namespace === 'string' ? metadata.namespace : ref.namespace }),
    uid: String(metadata['uid'] ?? ''),
    ...(typeof generation === 'number' ? { generation } : {}),
    resourceVersion: String(metadata['resourceVersion'] ?? ''),
    appliedAt,
    readinessAtApply: evaluateReadiness(live, { appliedGeneration: generation ?? 0 }),
  };
}

function callOf(options: CallOptions): CallOptions {
  return {
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  };
}

/** Client errors name the object they concern; anything else is a bug and passes through as it is. */
function failureAbout(error: unknown, ref: ObjectRef): unknown {
  return error instanceof KubeApiError ? error.about(ref) : error;
}
