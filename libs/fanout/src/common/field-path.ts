export type PathSegment = string | number;
export type FieldPath = readonly PathSegment[];

const plainKey = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** Renders `['spec', 'containers', 0, 'image']` as `spec.containers[0].image`; keys with dots are bracketed. */
export function formatFieldPath(path: FieldPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (plainKey.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}
