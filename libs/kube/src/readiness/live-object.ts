/** The parts of a live object readiness and drift read; anything the API server returns fits. */
export interface LiveObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; generation?: number; [key: string]: unknown };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface ObjectCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export function conditionsOf(object: LiveObject): ObjectCondition[] {
  const conditions = object.status?.['conditions'];
  if (!Array.isArray(conditions)) return [];
  return conditions.flatMap((condition: unknown): ObjectCondition[] => {
    if (typeof condition !== 'object' || condition === null) return [];
    const record = condition as Record<string, unknown>;
    if (typeof record['type'] !== 'string' || typeof record['status'] !== 'string') return [];
    return [
      {
        type: record['type'],
        status: record['status'],
        ...(typeof record['reason'] === 'string' ? { reason: record['reason'] } : {}),
        ...(typeof record['message'] === 'string' ? { message: record['message'] } : {}),
      },
    ];
  });
}

export function findCondition(object: LiveObject, type: string): ObjectCondition | undefined {
  return conditionsOf(object).find((condition) => condition.type === type);
}

export function numberAt(record: Record<string, unknown> | undefined, key: string): number | undefined {
  const value = record?.[key];
  return typeof value === 'number' ? value : undefined;
}

export function stringAt(record: Record<string, unknown> | undefined, key: string): string | undefined {
  const value = record?.[key];
  return typeof value === 'string' ? value : undefined;
}

export function recordAt(
  record: Record<string, unknown> | undefined,
  key: string,
): Record<string, unknown> | undefined {
  const value = record?.[key];
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
