import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BatchedLoader } from './batched-loader';
import { InventoryEntry } from './entities/cluster-inventory.entity';

/**
 * What an application may have left on a cluster (see ClusterInventoryEntity), read for many targets at
 * once: a rollout asks for every cluster of a wave within moments, and they share queries.
 */
@Injectable()
export class InventoryReads {
  private readonly loader: BatchedLoader<string, InventoryEntry[]>;

  constructor(dataSource: DataSource) {
    this.loader = new BatchedLoader(async (keys) => {
      const pairs = keys.map(splitKey);
      const rows: Array<{ application_id: string; cluster_id: string; objects: InventoryEntry[] }> =
        await dataSource.query(
          `SELECT application_id, cluster_id, objects FROM cluster_inventories
           WHERE (application_id, cluster_id) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[]))`,
          [pairs.map((pair) => pair.applicationId), pairs.map((pair) => pair.clusterId)],
        );
      return new Map(rows.map((row) => [keyOf(row.application_id, row.cluster_id), row.objects]));
    });
  }

  async of(applicationId: string, clusterId: string): Promise<InventoryEntry[]> {
    return (await this.loader.get(keyOf(applicationId, clusterId))) ?? [];
  }
}

function keyOf(applicationId: string, clusterId: string): string {
  return `${applicationId}|${clusterId}`;
}

function splitKey(key: string): { applicationId: string; clusterId: string } {
  const [applicationId, clusterId] = key.split('|');
  return { applicationId, clusterId };
}
