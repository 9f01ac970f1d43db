import { Injectable } from '@nestjs/common';
import { DeploymentTargetEntity, InventoryEntry } from '@fleetplane/persistence';
import { DataSource } from 'typeorm';
import { DeploymentChanges } from '../deployment-changes';

/** The columns of a target that the rollout writes; everything else (placement, drift) is left alone. */
export type TargetProgress = Pick<
  DeploymentTargetEntity,
  | 'state'
  | 'stateSince'
  | 'applyingAt'
  | 'waitingReadyAt'
  | 'finishedAt'
  | 'attempts'
  | 'lastError'
  | 'appliedObjects'
  | 'appliedBindings'
  | 'readiness'
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
  applyingAt: { column: 'applying_at', type: 'timestamptz' },
  waitingReadyAt: { column: 'waiting_ready_at', type: 'timestamptz' },
  finishedAt: { column: 'finished_at', type: 'timestamptz' },
  attempts: { column: 'attempts', type: 'int' },
  lastError: { column: 'last_error', type: 'text' },
  appliedObjects: { column: 'applied_objects', type: 'jsonb' },
  appliedBindings: { column: 'applied_bindings', type: 'jsonb' },
  readiness: { column: 'readiness', type: 'jsonb' },
};

/** One data-modifying part of a batch's statement; `$rows` stands for its rows, passed as one jsonb parameter. */
interface Part {
  sql: string;
  rows: unknown[];
}

interface InventoryRow {
  application_id: string;
  cluster_id: string;
  objects: InventoryEntry[];
}

/**
 * Group commit for the rollout's per-target writes. Hundreds of targets progress at once; each write
 * resolves only once it is committed (a target never takes its next step on an unstored state), but
 * the writes that arrive while a commit is in flight share the next one: a single statement (its parts
 * joined as data-modifying CTEs, so atomic without a transaction) for a whole batch.
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
      while (this.queue.length > 0) await this.commit(this.queue.splice(0, batchLength(this.queue)));
    } finally {
      this.draining = undefined;
    }
  }

  private async commit(batch: Queued[]): Promise<void> {
    const parts = [...targetUpdates(batch), ...eventInserts(batch), ...inventoryReplacements(batch)];
    const additions = inventoryRows(batch, 'add');
    let added: InventoryRow[];
    try {
      added = await this.run(parts, additions);
    } catch (error) {
      for (const queued of batch) queued.failed(error);
      return;
    }
    const inventories = new Map(added.map((row) => [`${row.application_id}/${row.cluster_id}`, row.objects]));
    for (const deploymentId of new Set(batch.map(({ write }) => write.target.deploymentId)))
      this.changes.changed(deploymentId);
    for (const { write, done } of batch) {
      Object.assign(write.target, write.fields);
      done(
        write.inventory?.add ? inventories.get(inventoryKey(write.inventory.applicationId, write.target)) : undefined,
      );
    }
  }

  /** The parts as CTEs of one statement, which answers with the inventories the additions produced. */
  private async run(parts: Part[], additions: InventoryRow[]): Promise<InventoryRow[]> {
    const all = additions.length > 0 ? [...parts, inventoryAddition(additions)] : parts;
    if (all.length === 0) return [];
    const ctes = all.map((part, index) => `p${index} AS (${part.sql.replace('$rows', `$${index + 1}`)})`);
    const last = additions.length > 0 ? `SELECT * FROM p${all.length - 1}` : 'SELECT 1';
    return (await this.dataSource.query(
      `WITH ${ctes.join(',\n')}\n${last}`,
      all.map((part) => JSON.stringify(part.rows)),
    )) as InventoryRow[];
  }
}

/** One UPDATE per set of changed columns: a target's objects are written when they change, not with every move. */
function targetUpdates(batch: Queued[]): Part[] {
  const byColumns = new Map<string, Array<Record<string, unknown>>>();
  for (const { write } of batch) {
    const names = (Object.keys(write.fields) as Array<keyof TargetProgress>).filter((name) => name in COLUMNS);
    if (names.length === 0) continue;
    const key = names.sort().join(',');
    const row: Record<string, unknown> = { id: write.target.id };
    for (const name of names) row[COLUMNS[name].column] = write.fields[name];
    const rows = byColumns.get(key) ?? [];
    rows.push(row);
    byColumns.set(key, rows);
  }
  return [...byColumns].map(([key, rows]) => {
    const columns = key.split(',').map((name) => COLUMNS[name as keyof TargetProgress]);
    return {
      sql: `UPDATE deployment_targets AS t
        SET ${columns.map(({ column }) => `${column} = v.${column}`).join(', ')}, updated_at = now()
        FROM jsonb_to_recordset($rows::jsonb) AS v(id uuid, ${columns.map(({ column, type }) => `${column} ${type}`).join(', ')})
        WHERE t.id = v.id`,
      rows,
    };
  });
}

function eventInserts(batch: Queued[]): Part[] {
  const rows = batch.flatMap(({ write: { target, fields, event } }) =>
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
  if (rows.length === 0) return [];
  return [
    {
      sql: `INSERT INTO deployment_events (deployment_id, subject, state, message)
        SELECT deployment_id, subject, state, message
        FROM jsonb_to_recordset($rows::jsonb) AS e(deployment_id uuid, subject varchar, state varchar, message text)`,
      rows,
    },
  ];
}

function inventoryReplacements(batch: Queued[]): Part[] {
  const rows = inventoryRows(batch, 'replace');
  if (rows.length === 0) return [];
  return [
    {
      sql: `INSERT INTO cluster_inventories (application_id, cluster_id, objects)
        SELECT application_id, cluster_id, objects
        FROM jsonb_to_recordset($rows::jsonb) AS v(application_id uuid, cluster_id uuid, objects jsonb)
        ON CONFLICT (application_id, cluster_id) DO UPDATE SET objects = EXCLUDED.objects, updated_at = now()`,
      rows,
    },
  ];
}

function inventoryAddition(rows: InventoryRow[]): Part {
  return {
    sql: `INSERT INTO cluster_inventories AS i (application_id, cluster_id, objects)
      SELECT application_id, cluster_id, objects
      FROM jsonb_to_recordset($rows::jsonb) AS v(application_id uuid, cluster_id uuid, objects jsonb)
      ON CONFLICT (application_id, cluster_id) DO UPDATE
      SET objects = (SELECT COALESCE(jsonb_agg(DISTINCT entry), '[]') FROM jsonb_array_elements(i.objects || EXCLUDED.objects) entry),
          updated_at = now()
      RETURNING application_id, cluster_id, objects`,
    rows,
  };
}

/**
 * One row per application and cluster (an upsert may touch a row once): two deployments of one
 * application on one cluster in the same batch add up, and the later replacement wins.
 */
function inventoryRows(batch: Queued[], change: 'add' | 'replace'): InventoryRow[] {
  const rows = new Map<string, InventoryRow>();
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

/**
 * How many queued writes the next statement takes: at most MAX_BATCH, and never an addition and a
 * replacement of the same inventory row together (one statement may modify a row only once).
 */
function batchLength(queue: Queued[]): number {
  const changeOf = new Map<string, 'add' | 'replace'>();
  const limit = Math.min(queue.length, MAX_BATCH);
  for (let index = 0; index < limit; index++) {
    const { inventory, target } = queue[index].write;
    if (!inventory) continue;
    const change = inventory.add ? 'add' : 'replace';
    const key = inventoryKey(inventory.applicationId, target);
    if ((changeOf.get(key) ?? change) !== change) return index;
    changeOf.set(key, change);
  }
  return limit;
}

function inventoryKey(applicationId: string, target: DeploymentTargetEntity): string {
  return `${applicationId}/${target.clusterId}`;
}
