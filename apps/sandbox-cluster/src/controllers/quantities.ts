import { JsonValue, isJsonObject } from '../api/types';

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50 };
const DECIMAL: Record<string, number> = { m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15 };

/** Parses a Kubernetes resource quantity ("250m", "1.5", "128Mi", "2G") into a plain number. */
export function parseQuantity(value: JsonValue | undefined): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return 0;
  const match = /^([0-9.]+)([A-Za-z]*)$/.exec(value.trim());
  if (!match) return 0;
  const amount = Number(match[1]);
  const suffix = match[2];
  return amount * (BINARY[suffix] ?? DECIMAL[suffix] ?? 1);
}

export interface ResourceRequests {
  cpu: number;
  memory: number;
}

/** Sum of the containers' requests (limits stand in for missing requests, as the API server defaults). */
export function podRequests(podSpec: JsonValue | undefined): ResourceRequests {
  const total = { cpu: 0, memory: 0 };
  const containers = isJsonObject(podSpec) && Array.isArray(podSpec.containers) ? podSpec.containers : [];
  for (const container of containers) {
    if (!isJsonObject(container) || !isJsonObject(container.resources)) continue;
    const requests = isJsonObject(container.resources.requests) ? container.resources.requests : {};
    const limits = isJsonObject(container.resources.limits) ? container.resources.limits : {};
    total.cpu += parseQuantity(requests.cpu ?? limits.cpu);
    total.memory += parseQuantity(requests.memory ?? limits.memory);
  }
  return total;
}
