const plainKey = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** Appends a key to a field path: `a.b`, or `a["b.c"]` for keys that are not plain. */
export function joinPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (!plainKey.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path === '' ? key : `${path}.${key}`;
}

/** Document order of two paths: `[10]` after `[9]`, a parent before its children; other paths in any order. */
export function comparePaths(a: string, b: string): number {
  const numbers = (path: string) => [...path.matchAll(/\[(\d+)\]/g)].map((match) => Number(match[1]));
  const [left, right] = [numbers(a), numbers(b)];
  for (let index = 0; index < Math.min(left.length, right.length); index++)
    if (left[index] !== right[index]) return left[index] - right[index];
  return left.length - right.length;
}
