/** The default branch of an exhaustive switch: a case left out makes `value` not `never`, and the build fails. */
export function assertUnreachable(value: never): never {
  throw new Error(`unhandled case ${String(value)}`);
}
