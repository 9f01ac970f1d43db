const suffixes: Readonly<Record<string, number>> = {
  '': 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const quantityPattern = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/;

/** Value of a Kubernetes resource quantity (`500m`, `1Gi`, `0.5`, `1e3`); undefined if it is not one. */
export function quantityValue(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const match = quantityPattern.exec(value.trim());
  if (match === null) return undefined;
  const [, number, exponent, suffix] = match;
  return Number(number) * (exponent === undefined ? suffixes[suffix ?? ''] : 10 ** Number(exponent.slice(1)));
}

/** The API server canonicalises quantities (`0.5` becomes `500m`), so equal amounts must compare equal. */
export function sameQuantity(left: unknown, right: unknown): boolean {
  const a = quantityValue(left);
  const b = quantityValue(right);
  if (a === undefined || b === undefined) return false;
  return a === b || Math.abs(a - b) <= Math.abs(a) * 1e-12;
}
