const plainKey = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** Appends a key to a field path: `a.b`, or `a["b.c"]` for keys that are not plain. */
export function joinPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (!plainKey.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path === '' ? key : `${path}.${key}`;
}
