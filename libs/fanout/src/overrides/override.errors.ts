import { ErrorDetail, FanoutError } from '../common/fanout-error';

export type OverrideErrorCode = 'OVERRIDE_INVALID' | 'OVERRIDE_NOT_APPLICABLE';

/** An override is malformed or does not apply; raised before any object is handed to a cluster. */
export class OverrideError extends FanoutError<OverrideErrorCode> {
  constructor(code: OverrideErrorCode, message: string, details: readonly ErrorDetail[]) {
    super(code, message, details);
  }
}
