import { randomBytes, randomUUID } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { ApplyConflictError, serverSideApply } from '../apply/server-side-apply';
import { managedFieldsAfterUpdate, nowTimestamp } from '../apply/managed-fields';
import { applyJsonPatch } from '../patch/json-patch';
import { jsonEqual } from '../patch/json-equal';
import { applyMergePatch } from '../patch/merge-patch';
import { PatchError } from '../patch/patch-error';
import { applyStrategicMergePatch } from '../patch/strategic-merge-patch';
import { ObjectStore, objectKey } from '../storage/object-store';
import { sameFieldsExcept, shareUnchanged } from '../storage/share-unchanged';
import {
  SelectorError,
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
} from '../storage/selectors';
import { applyDefaults } from '../validation/defaults';
import { validateName, validateObject } from '../validation/validate';
import {
  ApiError,
  alreadyExists,
  badRequest,
  conflict,
  invalid,
  notFound,
  staleResourceVersion,
  statusFailure,
} from './api-error';
import { establishedStatus, typesFromDefinition } from './custom-resources';
import { getPath, selectorToString, setPath } from './object-paths';
import { ResourceCatalog, ResourceType, apiVersionOf } from './resource-catalog';
import { JsonObject, JsonValue, KubeObject, ManagedFieldsEntry, isJsonObject, isKubeObject } from './types';

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';
export type Subresource = 'status' | 'scale';
export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

export interface WriteContext {
  dryRun?: boolean;
  fieldManager?: string;
  /** Used to name the field manager when the client sends none, as the API server does. */
  userAgent?: string;
  force?: boolean;
}

export interface ListOptions {
  labelSelector?: string | null;
  fieldSelector?: string | null;
  limit?: number;
  continue?: string | null;
}

export interface ListResult {
  items: KubeObject[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

export interface DeleteOptions {
  propagationPolicy?: PropagationPolicy;
  dryRun?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
}

const NAMESPACES: Pick<ResourceType, 'group' | 'resource'> = { group: '', resource: 'namespaces' };
const FOREGROUND_FINALIZER = 'foregroundDeletion';
const GARBAGE_COLLECTION_POLL_MS = 20;
const METADATA_AND_STATUS: ReadonlySet<string> = new Set(['metadata', 'status']);
const MANAGED_FIELDS: ReadonlySet<string> = new Set(['managedFields']);

export function bucketOf(type: Pick<ResourceType, 'group' | 'resource'>): string {
  return `${type.group}/${type.resource}`;
}

/**
 * The API semantics of one cluster on top of its object store: validation, defaulting, optimistic
 * concurrency, generation, managed fields, patching, deletion with finalizers and garbage collection.
 * HTTP handlers and the simulated controllers both go through it.
 */
export class ClusterApi {
  private nextServiceIp = 10;

  constructor(
    readonly store: ObjectStore,
    readonly catalog: ResourceCatalog,
  ) {}

  tryGet(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.store.get(bucketOf(type), type.namespaced ? namespace : undefined, name);
  }

  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const object = this.tryGet(type, namespace, name);
    if (!object) throw notFound(type, name);
    return object;
  }

  list(type: ResourceType, namespace: string | undefined, options: ListOptions = {}): ListResult {
    let labels;
    let fields;
    try {
      labels = parseLabelSelector(options.labelSelector);
      fields = parseFieldSelector(options.fieldSelector);
    } catch (error) {
      if (error instanceof SelectorError) throw badRequest(error.message);
      throw error;
    }
    let items = this.store
      .list(bucketOf(type), type.namespaced ? namespace : undefined)
      .filter((object) => matchesLabels(labels, object.metadata.labels) && matchesFields(fields, object));
    let resourceVersion = String(this.store.currentResourceVersion);
    if (options.continue) {
      const token = decodeContinue(options.continue);
      items = items.filter((object) => objectKey(object.metadata.namespace, object.metadata.name!) > token.key);
      resourceVersion = token.resourceVersion;
    }
    if (options.limit && options.limit > 0 && items.length > options.limit) {
      const page = items.slice(0, options.limit);
      const last = page[page.length - 1].metadata;
      return {
        items: page,
        resourceVersion,
        continue: encodeContinue(objectKey(last.namespace, last.name!), resourceVersion),
        remainingItemCount: items.length - page.length,
      };
    }
    return { items, resourceVersion };
  }

  create(type: ResourceType, namespace: string | undefined, body: JsonValue, context: WriteContext): KubeObject {
    const object = this.checkBody(type, body, namespace);
    const metadata = object.metadata;
    if (metadata.resourceVersion) {
      throw invalid(type, metadata.name ?? '', [
        {
          reason: 'FieldValueInvalid',
          message: 'Invalid value: "must not be set on create"',
          field: 'metadata.resourceVersion',
        },
      ]);
    }
    if (!metadata.name && metadata.generateName) metadata.name = `${metadata.generateName}${randomSuffix()}`;
    if (!metadata.name) {
      throw invalid(type, '', [
        {
          reason: 'FieldValueRequired',
          message: 'Required value: name or generateName is required',
          field: 'metadata.name',
        },
      ]);
    }
    this.requireNamespace(type, metadata.namespace);
    const nameProblems = validateName(type.kind, metadata.name);
    if (nameProblems.length > 0) throw invalid(type, metadata.name, nameProblems);
    if (this.tryGet(type, metadata.namespace, metadata.name)) throw alreadyExists(type, metadata.name);
    return this.createPrepared(type, object, context, undefined);
  }

  update(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    body: JsonValue,
    context: WriteContext,
    subresource?: Subresource,
  ): KubeObject {
    const current = this.get(type, namespace, name);
    if (subresource === 'scale') return this.updateScale(type, current, body, context);
    const incoming = this.checkBody(type, body, namespace, subresource ? undefined : type.kind);
    if (incoming.metadata.name !== name) {
      throw badRequest(
        `the name of the object (${String(incoming.metadata.name)}) does not match the name on the URL (${name})`,
      );
    }
    if (incoming.metadata.resourceVersion && incoming.metadata.resourceVersion !== current.metadata.resourceVersion) {
      throw staleResourceVersion(type, name);
    }
    return this.replace(type, current, incoming, context, subresource);
  }

  patch(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    patchType: PatchType,
    rawBody: string,
    context: WriteContext,
    subresource?: Subresource,
  ): KubeObject {
    const body = parsePatchBody(rawBody, patchType);
    if (patchType === 'apply') return this.apply(type, namespace, name, body, context, subresource);
    if (patchType === 'strategic' && !type.builtIn) {
      throw new ApiError(
        statusFailure(
          415,
          'UnsupportedMediaType',
          `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`,
        ),
      );
    }
    const current = this.get(type, namespace, name);
    if (subresource === 'scale') {
      const patchedScale = patchJson(this.scaleOf(type, current), patchType, body);
      return this.updateScale(type, current, patchedScale, context);
    }
    const patched = patchJson(current, patchType, body);
    if (!isKubeObject(patched)) throw badRequest('metadata must be an object');
    if (patched.metadata.resourceVersion !== current.metadata.resourceVersion && patched.metadata.resourceVersion) {
      throw staleResourceVersion(type, name);
    }
    return this.replace(type, current, patched, context, subresource);
  }

  delete(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    options: DeleteOptions = {},
  ): { object: KubeObject; removed: boolean } {
    const current = this.get(type, namespace, name);
    const preconditions = options.preconditions ?? {};
    if (preconditions.uid && preconditions.uid !== current.metadata.uid) {
      throw conflict(
        type,
        name,
        `Precondition failed: UID in precondition: ${preconditions.uid}, UID in object meta: ${current.metadata.uid}`,
      );
    }
    if (preconditions.resourceVersion && preconditions.resourceVersion !== current.metadata.resourceVersion) {
      throw conflict(
        type,
        name,
        `Precondition failed: ResourceVersion in precondition: ${preconditions.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`,
      );
    }
    if (options.dryRun) return { object: current, removed: true };
    if (current.metadata.deletionTimestamp) return { object: current, removed: false };
    const policy = options.propagationPolicy ?? 'Background';
    if (policy === 'Orphan') this.orphanDependents(current);
    if (type.kind === 'Namespace' && type.builtIn)
      return { object: this.terminateNamespace(type, current), removed: false };

    const finalizers = [...(current.metadata.finalizers ?? [])];
    if (policy === 'Foreground' && this.dependentsOf(current).length > 0) finalizers.push(FOREGROUND_FINALIZER);
    if (finalizers.length === 0) {
      this.removeObject(type, current);
      return { object: current, removed: true };
    }
    const terminating = structuredClone(current);
    terminating.metadata.deletionTimestamp = nowTimestamp();
    terminating.metadata.deletionGracePeriodSeconds = 0;
    terminating.metadata.finalizers = finalizers;
    const stored = this.store.put(bucketOf(type), terminating);
    if (finalizers.includes(FOREGROUND_FINALIZER)) this.deleteForeground(type, stored);
    return { object: stored, removed: false };
  }

  deleteCollection(
    type: ResourceType,
    namespace: string | undefined,
    listOptions: ListOptions,
    options: DeleteOptions,
  ): KubeObject[] {
    const { items } = this.list(type, namespace, {
      labelSelector: listOptions.labelSelector,
      fieldSelector: listOptions.fieldSelector,
    });
    return items.map((item) => this.delete(type, item.metadata.namespace, item.metadata.name!, options).object);
  }

  /** The autoscaling/v1 Scale view of an object with a scale subresource. */
  scaleOf(type: ResourceType, object: KubeObject): KubeObject {
    const scale = type.scale;
    if (!scale) throw notFound(type, object.metadata.name!);
    const selector = scale.labelSelectorPath ? getPath(object, scale.labelSelectorPath) : undefined;
    const specSelector = type.builtIn ? selectorToString(object.spec?.selector) : undefined;
    return {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: {
        name: object.metadata.name!,
        ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}),
        uid: object.metadata.uid!,
        resourceVersion: object.metadata.resourceVersion!,
        creationTimestamp: object.metadata.creationTimestamp!,
      },
      spec: { replicas: (getPath(object, scale.specReplicasPath) as number | undefined) ?? 0 },
      status: {
        replicas: (getPath(object, scale.statusReplicasPath) as number | undefined) ?? 0,
        selector: specSelector ?? (typeof selector === 'string' ? selector : ''),
      },
    };
  }

  /** Controllers write status directly: no managed fields, no generation change, and no-ops are skipped. */
  writeStatus(type: ResourceType, object: KubeObject, status: JsonObject): KubeObject {
    const latest = this.tryGet(type, object.metadata.namespace, object.metadata.name!);
    if (!latest || latest.metadata.uid !== object.metadata.uid) return latest ?? object;
    const shared = shareUnchanged(latest.status, status);
    if (shared === latest.status) return latest;
    return this.store.put(bucketOf(type), { ...latest, status: shared });
  }

  /** Controllers write spec changes (replica counts) directly; generation still moves. */
  writeSpec(type: ResourceType, object: KubeObject, spec: JsonObject): KubeObject {
    const latest = this.tryGet(type, object.metadata.namespace, object.metadata.name!);
    if (!latest || latest.metadata.uid !== object.metadata.uid) return latest ?? object;
    const shared = shareUnchanged(latest.spec, spec);
    if (shared === latest.spec) return latest;
    const generation = type.tracksGeneration ? (latest.metadata.generation ?? 0) + 1 : latest.metadata.generation;
    return this.store.put(bucketOf(type), { ...latest, metadata: { ...latest.metadata, generation }, spec: shared });
  }

  /**
   * Controllers create the objects they own (ReplicaSets, Pods) without field-manager bookkeeping.
   * `copiedFrom` is what the object was built from (its owner's template, shaped like the object):
   * the parts that come out equal are stored as shared references, so ten thousand pods of a few
   * templates do not hold ten thousand copies of the same spec.
   */
  createOwned(type: ResourceType, object: KubeObject, copiedFrom?: JsonObject): KubeObject {
    if (this.tryGet(type, object.metadata.namespace, object.metadata.name!))
      throw alreadyExists(type, object.metadata.name!);
    return this.createPrepared(type, object, {}, 'kube-controller-manager', copiedFrom);
  }

  /** Removes an object at once, as a kubelet does with a terminated pod. */
  removeNow(type: ResourceType, object: KubeObject): void {
    this.removeObject(type, object);
  }

  private createPrepared(
    type: ResourceType,
    object: KubeObject,
    context: WriteContext,
    controller?: string,
    copiedFrom?: JsonObject,
  ): KubeObject {
    const metadata = object.metadata;
    metadata.uid = randomUUID();
    metadata.creationTimestamp = nowTimestamp();
    delete metadata.deletionTimestamp;
    delete metadata.deletionGracePeriodSeconds;
    if (type.tracksGeneration) metadata.generation = 1;
    if (type.subresources.includes('status') && type.builtIn) delete object.status;
    applyDefaults(type, object, () => this.allocateServiceIp());
    this.validate(type, object);
    if (type.kind === 'CustomResourceDefinition' && type.builtIn)
      object.status = establishedStatus(object, metadata.creationTimestamp);
    if (!controller && !metadata.managedFields) {
      metadata.managedFields = managedFieldsAfterUpdate(
        undefined,
        object,
        this.managerName(context),
        apiVersionOf(type),
      );
    }
    if (context.dryRun) return object;
    return this.persist(type, copiedFrom ? shareUnchanged(copiedFrom, object) : object);
  }

  private apply(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    body: JsonValue,
    context: WriteContext,
    subresource?: Subresource,
  ): KubeObject {
    if (!context.fieldManager) throw badRequest('PATCH, fieldManager is required for apply requests');
    const applied = this.checkBody(type, body, namespace, type.kind);
    if (applied.metadata.name !== name) {
      throw badRequest(
        `the name of the object (${String(applied.metadata.name)}) does not match the name on the URL (${name})`,
      );
    }
    const live = this.tryGet(type, namespace, name);
    if (!live) this.requireNamespace(type, applied.metadata.namespace);
    let result;
    try {
      result = serverSideApply(live, applied, {
        manager: context.fieldManager,
        force: context.force ?? false,
        apiVersion: apiVersionOf(type),
      });
    } catch (error) {
      if (error instanceof ApplyConflictError) throw conflict(type, name, error.message, error.causes);
      throw error;
    }
    const object = result.object;
    object.apiVersion = apiVersionOf(type);
    object.kind = type.kind;
    object.metadata.managedFields = result.managedFields;
    if (!live) {
      const nameProblems = validateName(type.kind, name);
      if (nameProblems.length > 0) throw invalid(type, name, nameProblems);
      delete object.metadata.resourceVersion;
      return this.createPrepared(type, object, context);
    }
    if (applied.metadata.resourceVersion && applied.metadata.resourceVersion !== live.metadata.resourceVersion) {
      throw staleResourceVersion(type, name);
    }
    return this.replace(type, live, object, { ...context, fieldManager: undefined }, subresource, true);
  }

  /** Common tail of update, patch and apply: carry server-owned fields over, validate, persist. */
  private replace(
    type: ResourceType,
    current: KubeObject,
    incoming: KubeObject,
    context: WriteContext,
    subresource: Subresource | undefined,
    managedFieldsDecided = false,
  ): KubeObject {
    const requestedManagedFields = incoming.metadata.managedFields !== undefined;
    let next: KubeObject;
    if (subresource === 'status') {
      next = { ...current, status: incoming.status };
    } else {
      next = incoming;
      next.apiVersion = current.apiVersion;
      next.kind = current.kind;
      const keep = current.metadata;
      next.metadata = {
        ...next.metadata,
        name: keep.name,
        uid: keep.uid,
        creationTimestamp: keep.creationTimestamp,
        resourceVersion: keep.resourceVersion,
        ...(keep.namespace ? { namespace: keep.namespace } : {}),
        ...(keep.generation !== undefined ? { generation: keep.generation } : {}),
        ...(keep.deletionTimestamp
          ? { deletionTimestamp: keep.deletionTimestamp, deletionGracePeriodSeconds: keep.deletionGracePeriodSeconds }
          : {}),
      };
      if (type.subresources.includes('status')) {
        if (current.status === undefined) delete next.status;
        else next.status = current.status;
      }
      applyDefaults(type, next, () => this.allocateServiceIp());
      this.validate(type, next);
    }
    if (type.kind === 'CustomResourceDefinition' && type.builtIn && next.metadata.creationTimestamp) {
      next.status = { ...establishedStatus(next, next.metadata.creationTimestamp), ...(next.status ?? {}) };
    }
    // From here on, equal subtrees of the two versions are the same references.
    next = shareUnchanged(current, next);
    const specChanged = !sameFieldsExcept(current, next, METADATA_AND_STATUS);
    const metadataChanged = !sameFieldsExcept(
      current.metadata as JsonObject,
      next.metadata as JsonObject,
      MANAGED_FIELDS,
    );
    if (!specChanged && !metadataChanged && current.status === next.status) {
      if (!managedFieldsDecided || sameManagers(current.metadata.managedFields, next.metadata.managedFields))
        return current;
    }
    next = { ...next, metadata: { ...next.metadata } };
    if (type.tracksGeneration && specChanged && subresource !== 'status')
      next.metadata.generation = (current.metadata.generation ?? 0) + 1;
    // kubectl rewrites managedFields itself when upgrading client-side apply to server-side apply.
    const requestSetManagedFields =
      requestedManagedFields && next.metadata.managedFields !== current.metadata.managedFields;
    if (subresource === 'status') next.metadata.managedFields = current.metadata.managedFields;
    else if (!managedFieldsDecided && !requestSetManagedFields) {
      const updated = managedFieldsAfterUpdate(current, next, this.managerName(context), apiVersionOf(type));
      next.metadata.managedFields = shareUnchanged(current.metadata.managedFields, updated);
    }
    if (!next.metadata.managedFields?.length) delete next.metadata.managedFields;
    if (context.dryRun) return next;
    return this.persist(type, next);
  }

  private persist(type: ResourceType, object: KubeObject): KubeObject {
    if (object.metadata.deletionTimestamp && !object.metadata.finalizers?.length) {
      this.removeObject(type, object);
      return object;
    }
    const stored = this.store.put(bucketOf(type), object);
    if (type.kind === 'CustomResourceDefinition' && type.builtIn) {
      for (const served of typesFromDefinition(stored)) this.catalog.add(served);
    }
    return stored;
  }

  private removeObject(type: ResourceType, object: KubeObject): void {
    this.store.remove(bucketOf(type), object);
    if (type.kind === 'CustomResourceDefinition' && type.builtIn) {
      const served = typesFromDefinition(object);
      for (const customType of served) this.catalog.remove(customType);
      const [first] = served;
      if (first) for (const instance of this.store.list(bucketOf(first))) this.store.remove(bucketOf(first), instance);
    }
    // Background propagation: dependents go once their owner is gone.
    setImmediate(() => this.collectGarbage(object));
  }

  private collectGarbage(owner: KubeObject): void {
    for (const { type, object } of this.dependentsOf(owner)) {
      if (this.tryGet(type, object.metadata.namespace, object.metadata.name!)) {
        this.delete(type, object.metadata.namespace, object.metadata.name!, { propagationPolicy: 'Background' });
      }
    }
  }

  private dependentsOf(owner: KubeObject): Array<{ type: ResourceType; object: KubeObject }> {
    const dependents: Array<{ type: ResourceType; object: KubeObject }> = [];
    const seen = new Set<string>();
    for (const type of this.catalog.all()) {
      const bucket = bucketOf(type);
      if (seen.has(bucket)) continue;
      seen.add(bucket);
      for (const object of this.store.list(
        bucket,
        owner.metadata.namespace && type.namespaced ? owner.metadata.namespace : undefined,
      )) {
        if (object.metadata.ownerReferences?.some((reference) => reference.uid === owner.metadata.uid))
          dependents.push({ type, object });
      }
    }
    return dependents;
  }

  private orphanDependents(owner: KubeObject): void {
    for (const { type, object } of this.dependentsOf(owner)) {
      const orphan = structuredClone(object);
      orphan.metadata.ownerReferences = object.metadata.ownerReferences!.filter(
        (reference) => reference.uid !== owner.metadata.uid,
      );
      if (orphan.metadata.ownerReferences.length === 0) delete orphan.metadata.ownerReferences;
      this.store.put(bucketOf(type), orphan);
    }
  }

  /** Foreground deletion: dependents are deleted first; the owner goes when the last one is gone. */
  private deleteForeground(type: ResourceType, owner: KubeObject): void {
    for (const dependent of this.dependentsOf(owner)) {
      if (!dependent.object.metadata.deletionTimestamp) {
        this.delete(dependent.type, dependent.object.metadata.namespace, dependent.object.metadata.name!, {
          propagationPolicy: 'Foreground',
        });
      }
    }
    const finish = (): void => {
      const latest = this.tryGet(type, owner.metadata.namespace, owner.metadata.name!);
      if (!latest || latest.metadata.uid !== owner.metadata.uid) return;
      if (this.dependentsOf(latest).length > 0) {
        setTimeout(finish, GARBAGE_COLLECTION_POLL_MS);
        return;
      }
      const finalizers = (latest.metadata.finalizers ?? []).filter((finalizer) => finalizer !== FOREGROUND_FINALIZER);
      this.persist(type, { ...latest, metadata: { ...latest.metadata, finalizers } });
    };
    setTimeout(finish, GARBAGE_COLLECTION_POLL_MS);
  }

  /** A namespace turns Terminating, its contents are deleted, then the namespace itself goes. */
  private terminateNamespace(type: ResourceType, namespace: KubeObject): KubeObject {
    const terminating = structuredClone(namespace);
    terminating.metadata.deletionTimestamp = nowTimestamp();
    terminating.status = { ...(terminating.status ?? {}), phase: 'Terminating' };
    const stored = this.store.put(bucketOf(type), terminating);
    setTimeout(() => {
      const seen = new Set<string>();
      for (const contentType of this.catalog.all()) {
        if (!contentType.namespaced || seen.has(bucketOf(contentType))) continue;
        seen.add(bucketOf(contentType));
        for (const object of this.store.list(bucketOf(contentType), namespace.metadata.name)) {
          this.store.remove(bucketOf(contentType), object);
        }
      }
      this.store.remove(bucketOf(type), stored);
    }, GARBAGE_COLLECTION_POLL_MS);
    return stored;
  }

  private updateScale(type: ResourceType, current: KubeObject, body: JsonValue, context: WriteContext): KubeObject {
    const scaleType = type.scale;
    if (!scaleType) throw notFound(type, current.metadata.name!);
    const replicas = isJsonObject(body) && isJsonObject(body.spec) ? body.spec.replicas : undefined;
    if (typeof replicas !== 'number' || replicas < 0 || !Number.isInteger(replicas)) {
      throw invalid(type, current.metadata.name!, [
        {
          reason: 'FieldValueInvalid',
          message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`,
          field: 'spec.replicas',
        },
      ]);
    }
    const bodyVersion = isJsonObject(body) && isJsonObject(body.metadata) ? body.metadata.resourceVersion : undefined;
    if (bodyVersion && bodyVersion !== current.metadata.resourceVersion)
      throw staleResourceVersion(type, current.metadata.name!);
    const next = structuredClone(current);
    setPath(next, scaleType.specReplicasPath, replicas);
    const stored = this.replace(type, current, next, context, undefined);
    return this.scaleOf(type, stored);
  }

  private checkBody(
    type: ResourceType,
    body: JsonValue,
    namespace: string | undefined,
    expectedKind?: string,
  ): KubeObject {
    if (!isJsonObject(body)) throw badRequest('the body of the request must be a JSON object');
    if (expectedKind && body.kind && body.kind !== expectedKind) {
      throw badRequest(
        `the kind of the object (${String(body.kind)}) does not match the kind of the resource (${expectedKind})`,
      );
    }
    const metadata = isJsonObject(body.metadata) ? body.metadata : {};
    const object = { ...body, apiVersion: apiVersionOf(type), kind: type.kind, metadata };
    if (!isKubeObject(object)) throw badRequest('the spec and status of the object must be JSON objects');
    if (type.namespaced) {
      if (object.metadata.namespace && namespace && object.metadata.namespace !== namespace) {
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      object.metadata.namespace = namespace ?? object.metadata.namespace;
      if (!object.metadata.namespace) throw badRequest('the namespace of the object is required');
    } else delete object.metadata.namespace;
    return object;
  }

  private requireNamespace(type: ResourceType, namespace: string | undefined): void {
    if (!type.namespaced || !namespace) return;
    const found = this.store.get(bucketOf(NAMESPACES), undefined, namespace);
    if (!found) throw notFound(NAMESPACES, namespace);
    if (found.metadata.deletionTimestamp) {
      throw new ApiError(
        statusFailure(
          403,
          'Forbidden',
          `unable to create new content in namespace ${namespace} because it is being terminated`,
        ),
      );
    }
  }

  private validate(type: ResourceType, object: KubeObject): void {
    const causes = validateObject(type, object);
    if (causes.length > 0) throw invalid(type, object.metadata.name ?? '', causes);
  }

  private managerName(context: WriteContext): string {
    return context.fieldManager ?? context.userAgent?.split('/')[0] ?? 'unknown';
  }

  private allocateServiceIp(): string {
    const index = this.nextServiceIp++;
    return `10.96.${Math.floor(index / 250) % 250}.${(index % 250) + 1}`;
  }
}

function parsePatchBody(raw: string, patchType: PatchType): JsonValue {
  try {
    return patchType === 'apply' && !raw.trimStart().startsWith('{')
      ? (parseYaml(raw) as JsonValue)
      : (JSON.parse(raw) as JsonValue);
  } catch (error) {
    throw badRequest(`error decoding patch: ${(error as Error).message}`);
  }
}

function patchJson(target: JsonObject, patchType: Exclude<PatchType, 'apply'>, body: JsonValue): JsonObject {
  try {
    if (patchType === 'json') return applyJsonPatch(target, body);
    if (patchType === 'merge') {
      const result = applyMergePatch(target, body);
      if (!isJsonObject(result)) throw new PatchError('merge patch must produce an object');
      return result;
    }
    return applyStrategicMergePatch(target, body);
  } catch (error) {
    if (error instanceof PatchError) throw new ApiError(statusFailure(422, 'Invalid', error.message));
    throw error;
  }
}

function sameManagers(left: ManagedFieldsEntry[] | undefined, right: ManagedFieldsEntry[] | undefined): boolean {
  const strip = (entries: ManagedFieldsEntry[] | undefined): JsonValue =>
    (entries ?? []).map(({ time: _time, ...rest }) => rest);
  return jsonEqual(strip(left), strip(right));
}

function randomSuffix(): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  return [...randomBytes(5)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

function encodeContinue(key: string, resourceVersion: string): string {
  return Buffer.from(JSON.stringify({ key, resourceVersion })).toString('base64url');
}

function decodeContinue(token: string): { key: string; resourceVersion: string } {
  try {
    const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      key?: unknown;
      resourceVersion?: unknown;
    };
    if (typeof decoded.key === 'string' && typeof decoded.resourceVersion === 'string') {
      return { key: decoded.key, resourceVersion: decoded.resourceVersion };
    }
  } catch {
    // fall through to the API server's answer for a malformed token
  }
  throw badRequest('continue key is not valid: incorrect encoded start resourceVersion');
}
