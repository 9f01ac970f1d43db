import { Injectable } from '@nestjs/common';
import { DeploymentTargetEntity, InventoryEntry } from '@fleetplane/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { DeploymentChanges } from '../deployment-changes';

/** The columns of a target that the rollout writes; everything else (placement, drift) is left alone. */
export type TargetProgress = Pick<
  DeploymentTargetEntity,
  'state' | 'stateSince' | 'attempts' | 'lastError' | 'appliedObjects' | 'readiness'
>;

export interface TargetWrite {
  target: DeploymentTargetEntity;
  fields: Partial<TargetProgress>;
  /** Recorded in the deployment's event history (the live stream) with the target's new state. */
  event?: string;
  /** `add` before objects are sent (the union is returned); `replace` once the cluster runs exactly these. */
  inventory?: { applicationId: string; add?: InventoryEntry[]; replace?: InventoryEntry[] };
}

interface Queued {
  write: TargetWrite;
  done: (inventory: InventoryEntry[] | undefined) => void;
  failed: (error: unknown) => void;
}

const MAX_BATCH = 500;

const COLUMNS: Record<keyof TargetProgress, { column: string; type: string }> = {
  state: { column: 'state', type: 'varchar' },
  stateSince: { column: 'state_since', type: 'timestamptz' },
  attempts: { column: 'attempts', type: 'int' },
  lastError: { column: 'last_error', type: 'text' },
  appliedObjects: { column: 'applied_objects', type: 'jsonb' },
  readiness: { column: 'readiness', type: 'jsonb' },
};

/**
 * Group commit for the rollout's per-target writes. Hundreds of targets progress at once; each write
 * resolves only once it is committed (a target never takes its next step on an unstored state), but
 * the writes that arrive while a commit is in flight share the next one: one transaction of at most
 * four statements for a whole batch instead of a transaction per target.
 */
@Injectable()
export class TargetWrites {
  private queue: Queued[] = [];
  private draining: Promise<void> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly changes: DeploymentChanges,
  ) {}

  /** Resolves with the application's inventory on the cluster after an `inventory.add`. */
  write(write: TargetWrite): Promise<InventoryEntry[] | undefined> {
    return new Promise((done, failed) => {
      this.queue.push({ write, done, failed });
      this.draining ??= new Promise<void>((started) => setImmediate(started)).then(() => this.drain());
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) await this.commit(this.queue.splice(0, MAX_BATCH));
    } finally {
      this.draining = undefined;
    }
  }

  private async commit(batch: Queued[]): Promise<void> {
    let inventories: Map<string, InventoryEntry[]>;
    try {
      inventories = await this.dataSource.transaction(async (manager) => {
        const added = await this.addToInventories(manager, batch);
        await this.replaceInventories(manager, batch);
        await this.updateTargets(manager, batch);
        await this.insertEvents(manager, batch);
        return added;
      });
    } catch (error) {
      for (const queued of batch) queued.failed(error);
      return;
    }
    for (const deploymentId of new Set(batch.map(({ write }) => write.target.deploymentId)))
      this.changes.changed(deploymentId);
    for (const { write, done } of batch) {
      Object.assign(write.target, write.fields);
      done(
        write.inventory?.add ? inventories.get(inventoryKey(write.inventory.applicationId, write.target)) : undefined,
      );
    }
  }

  /** One UPDATE per set of changed columns: a target's objects are written when they change, not with every move. */
  private async updateTargets(manager: EntityManager, batch: Queued[]): Promise<void> {
    const byColumns = new Map<string, Array<Record<string, unknown>>>();
    for (const { write } of batch) {
      const names = (Object.keys(write.fields) as Array<keyof TargetProgress>).filter((name) => name in COLUMNS);
      if (names.length === 0) continue;
      const key = names.sort().join(',');
      const row: Record<string, unknown> = { id: write.target.id };
      for (const name of names) row[COLUMNS[name].column] = write.fields[name];
      byColumns.set(key, [...(byColumns.get(key) ?? []), row]);
    }
    for (const [key, rows] of byColumns) {
      const columns = key.split(',').map((name) => COLUMNS[name as keyof TargetProgress]);
      await manager.query(
        `UPDATE deployment_targets AS t
         SET ${columns.map(({ column }) => `${column} = v.${column}`).join(', ')}, updated_at = now()
         FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, ${columns.map(({ column, type }) => `${column} ${type}`).join(', ')})
         WHERE t.id = v.id`,
        [JSON.stringify(rows)],
      );
    }
  }

  private async insertEvents(manager: EntityManager, batch: Queued[]): Promise<void> {
    const events = batch.flatMap(({ write: { target, fields, event } }) =>
      event === undefined
        ? []
        : [
            {
              deployment_id: target.deploymentId,
              subject: target.clusterName,
              state: fields.state ?? target.state,
              message: event,
            },
          ],
    );
    if (events.length === 0) return;
    await manager.query(
      `INSERT INTO deployment_events (deployment_id, subject, state, message)
       SELECT deployment_id, subject, state, message
       FROM jsonb_to_recordset($1::jsonb) AS e(deployment_id uuid, subject varchar, state varchar, message text)`,
      [JSON.stringify(events)],
    );
  }

  private async addToInventories(manager: EntityManager, batch: Queued[]): Promise<Map<string, InventoryEntry[]>> {
    const rows = inventoryRows(batch, 'add');
    const inventories = new Map<string, InventoryEntry[]>();
    if (rows.length === 0) return inventories;
    const stored = (await manager.query(
      `INSERT INTO cluster_inventories AS i (application_id, cluster_id, objects)
       SELECT application_id, cluster_id, objects
       FROM jsonb_to_recordset($1::jsonb) AS v(application_id uuid, cluster_id uuid, objects jsonb)
       ON CONFLICT (application_id, cluster_id) DO UPDATE
       SET objects = (SELECT COALESCE(jsonb_agg(DISTINCT entry), '[]') FROM jsonb_array_elements(i.objects || EXCLUDED.objects) entry),
           updated_at = now()
       RETURNING application_id, cluster_id, objects`,
      [JSON.stringify(rows)],
    )) as Array<{ application_id: string; cluster_id: string; objects: InventoryEntry[] }>;
    for (const row of stored) inventories.set(`${row.application_id}/${row.cluster_id}`, row.objects);
    return inventories;
  }

  private async replaceInventories(manager: EntityManager, batch: Queued[]): Promise<void> {
    const rows = inventoryRows(batch, 'replace');
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO cluster_inventories (application_id, cluster_id, objects)
       SELECT application_id, cluster_id, objects
       FROM jsonb_to_recordset($1::jsonb) AS v(application_id uuid, cluster_id uuid, objects jsonb)
       ON CONFLICT (application_id, cluster_id) DO UPDATE SET objects = EXCLUDED.objects, updated_at = now()`,
      [JSON.stringify(rows)],
    );
  }
}

/**
 * One row per application and cluster (an upsert may touch a row once): two deployments of one
 * application on one cluster in the same batch add up, and the later replacement wins.
 */
function inventoryRows(batch: Queued[], change: 'add' | 'replace') {
  const rows = new Map<string, { application_id: string; cluster_id: string; objects: InventoryEntry[] }>();
  for (const { write } of batch) {
    const objects = write.inventory?.[change];
    if (!write.inventory || !objects) continue;
    const key = inventoryKey(write.inventory.applicationId, write.target);
    const earlier = change === 'add' ? (rows.get(key)?.objects ?? []) : [];
    rows.set(key, {
      application_id: write.inventory.applicationId,
      cluster_id: write.target.clusterId,
      objects: [...earlier, ...objects],
    });
  }
  return [...rows.values()];
}

function inventoryKey(applicationId: string, target: DeploymentTargetEntity): string {
  return `${applicationId}/${target.clusterId}`;
}
