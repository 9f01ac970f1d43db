/**
 * Splits `total` in proportion to `weights` with the largest-remainder method, so the parts always sum
 * to `total` exactly. Ties on the remainder go to the earlier entry, which keeps the split deterministic.
 */
export function splitReplicas(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((accumulated, weight) => accumulated + weight, 0);
  if (sum <= 0 || total <= 0) return weights.map(() => 0);
  const quotas = weights.map((weight) => (total * weight) / sum);
  const parts = quotas.map(Math.floor);
  let left = total - parts.reduce((accumulated, part) => accumulated + part, 0);
  const byRemainder = quotas
    .map((quota, index) => ({ index, remainder: quota - Math.floor(quota) }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of byRemainder) {
    if (left === 0) break;
    parts[index] += 1;
    left -= 1;
  }
  return parts;
}
