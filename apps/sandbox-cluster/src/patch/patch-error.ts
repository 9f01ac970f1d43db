/** A patch that cannot be applied to the object; the API answers it with 422 (json patch) or 400. */
export class PatchError extends Error {}
