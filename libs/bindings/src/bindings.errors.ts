export type BindingErrorCode =
  'BINDING_ROOT_UNRESOLVABLE' | 'BINDING_ENV_KEY_UNKNOWN' | 'BINDING_CREDENTIAL_INCOMPLETE' | 'BINDING_UNSATISFIED';

/** A binding that cannot be projected as asked; `field` names where the problem is, for a 422. */
export class BindingError extends Error {
  constructor(
    readonly code: BindingErrorCode,
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'BindingError';
  }
}
