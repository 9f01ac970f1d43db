import type { KubeConfig } from '@kubernetes/client-node';
import { getFromApiServer, quantityValue } from '@fleetplane/kube';
import type { NodeCapacity } from '@fleetplane/persistence';

/** Nodes per page: a node is a few KiB of JSON, so a page stays well under the body limit below. */
const PAGE_SIZE = 200;
const MAX_PAGE_BYTES = 16 * 1024 * 1024;

interface NodeList {
  items?: Array<{
    spec?: { unschedulable?: boolean };
    status?: { allocatable?: Record<string, string> };
  }>;
  metadata?: { continue?: string };
}

/**
 * What the cluster's schedulable nodes can allocate (`status.allocatable`), summed over every node, page by
 * page. Cordoned nodes take no new pods, so they do not count. Rejects with the failed read (a status, a
 * body that is not a node list) so the caller keeps the capacity it had.
 */
export async function readCapacity(
  kubeConfig: KubeConfig,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<NodeCapacity> {
  const capacity = { cpuMillicores: 0, memoryBytes: 0, nodes: 0 };
  let continueToken: string | undefined;
  do {
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (continueToken) query.set('continue', continueToken);
    const answer = await getFromApiServer(kubeConfig, `/api/v1/nodes?${query}`, timeoutMs, signal, MAX_PAGE_BYTES);
    if (answer.status !== 200) throw new Error(`listing nodes answered ${answer.status}: ${answer.body.slice(0, 200)}`);
    const page = JSON.parse(answer.body) as NodeList;
    for (const node of page.items ?? []) {
      if (node.spec?.unschedulable) continue;
      capacity.nodes++;
      capacity.cpuMillicores += Math.round((quantityValue(node.status?.allocatable?.cpu) ?? 0) * 1000);
      capacity.memoryBytes += Math.round(quantityValue(node.status?.allocatable?.memory) ?? 0);
    }
    continueToken = page.metadata?.continue || undefined;
  } while (continueToken);
  return { ...capacity, observedAt: new Date().toISOString() };
}
