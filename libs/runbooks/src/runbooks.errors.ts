export type RunbookErrorCode = 'REFERENCE_UNRESOLVED' | 'ILLEGAL_TRANSITION';

/**
 * A runbook operation refused: a reference with no value when a step starts, a state change the machine
 * does not allow. `field` names what is wrong, for the API's problem+json.
 */
export class RunbookError extends Error {
  constructor(
    readonly code: RunbookErrorCode,
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
