import { Injectable } from '@nestjs/common';
import { requestContext } from '@fleetplane/http';
import { AuditEventEntity } from '@fleetplane/persistence';
import { EntityManager } from 'typeorm';

export interface AuditEntry {
  action: string;
  resourceType: string;
  resourceId: string;
  team?: string | null;
  before?: object | null;
  after?: object | null;
  /**
   * Who acted, for work done before anyone is authenticated (a sign-in naming the person who tried);
   * otherwise the request's principal is the actor.
   */
  actor?: string;
}

const SECRET_FIELD = /secret|password|token|credential|kubeconfig|private|key$/i;
const REDACTED = '[redacted]';

/**
 * Appends to the audit log inside the caller's transaction, so a mutation and its record commit
 * together or not at all. Who and which request come from the request context.
 */
@Injectable()
export class AuditLog {
  async record(manager: EntityManager, entry: AuditEntry): Promise<void> {
    const context = requestContext.current();
    const principal = context?.principal;
    await manager.insert(AuditEventEntity, {
      actor: entry.actor ?? principal?.actor ?? 'system',
      actorTeam: principal?.team ?? null,
      action: entry.action,
      resourceType: entry.resourceType,
      resourceId: entry.resourceId,
      team: entry.team ?? null,
      requestId: context?.requestId ?? null,
      before: entry.before ? (redactSecrets(entry.before) as object) : null,
      after: entry.after ? (redactSecrets(entry.after) as object) : null,
    });
  }
}

/** A deep copy with the value of every secret-looking field replaced, whatever its nesting. */
export function redactSecrets(value: object): Record<string, unknown> {
  return redact(JSON.parse(JSON.stringify(value))) as Record<string, unknown>;
}

function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([field, inner]) => [
      field,
      SECRET_FIELD.test(field) && inner !== null ? REDACTED : redact(inner),
    ]),
  );
}
