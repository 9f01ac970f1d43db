import { Injectable } from '@nestjs/common';
import type { BindingSnapshot } from '@fleetplane/bindings';
import { requestContext } from '@fleetplane/http';
import {
  BindingChange,
  BindingRevisionEntity,
  ServiceBindingEntity,
  ServiceInstanceEntity,
} from '@fleetplane/persistence';
import { AuditLog } from '@fleetplane/security';
import { EntityManager } from 'typeorm';

/** Who is acting, as the audit log names them. */
export function currentActor(): string {
  const principal = requestContext.current()?.principal;
  return principal ? principal.actor : 'system';
}

/**
 * The one writer of binding revisions: every change to a binding, its instance's endpoint or its
 * credential goes through `record`, which bumps the revision (for all but a creation) and appends the
 * history row and the audit entry in the caller's transaction. No secret value is in either.
 */
@Injectable()
export class BindingRevisions {
  constructor(private readonly audit: AuditLog) {}

  async record(
    manager: EntityManager,
    binding: ServiceBindingEntity,
    instance: ServiceInstanceEntity,
    change: BindingChange,
    application: string,
  ): Promise<void> {
    await manager.insert(BindingRevisionEntity, {
      bindingId: binding.id,
      applicationId: binding.applicationId,
      name: binding.name,
      revision: binding.revision,
      change,
      snapshot: snapshotOf(binding, instance),
      actor: currentActor(),
    });
    await this.audit.record(manager, {
      action: `binding.${change}`,
      resourceType: 'binding',
      resourceId: `${application}/${binding.name}`,
      team: binding.team,
      after: { id: binding.id, revision: binding.revision, ...snapshotOf(binding, instance) },
    });
  }

  /**
   * An instance's endpoint moved: each binding to it (found and locked by the caller, with its
   * application) is a new revision.
   */
  async instanceChanged(
    manager: EntityManager,
    instance: ServiceInstanceEntity,
    bindings: ServiceBindingEntity[],
  ): Promise<void> {
    for (const binding of bindings) {
      binding.revision += 1;
      await manager.update(ServiceBindingEntity, { id: binding.id }, { revision: binding.revision });
      await this.record(
        manager,
        binding,
        instance,
        'endpoint-changed',
        binding.application?.name ?? binding.applicationId,
      );
    }
  }
}

export function snapshotOf(binding: ServiceBindingEntity, instance: ServiceInstanceEntity): BindingSnapshot {
  return {
    scope: binding.scope,
    instanceId: instance.id,
    ...(instance.endpointHost
      ? {
          instanceEndpoint: {
            host: instance.endpointHost,
            ...(instance.endpointPort ? { port: instance.endpointPort } : {}),
          },
        }
      : {}),
    ...(instance.uri ? { instanceUri: instance.uri } : {}),
    role: binding.role,
    locality: binding.locality,
    credential: binding.credential,
    workloads: binding.workloads,
    env: binding.env,
  };
}

/** JSON with object keys sorted at every level: jsonb hands keys back in its own order, so compare this. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}
