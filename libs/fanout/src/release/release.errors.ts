import { ErrorDetail, FanoutError } from '../common/fanout-error';

export type ReleaseErrorCode = 'RELEASE_INVALID' | 'RELEASE_CONFLICT';

export class ReleaseError extends FanoutError<ReleaseErrorCode> {
  constructor(code: ReleaseErrorCode, message: string, details: readonly ErrorDetail[]) {
    super(code, message, details);
  }
}
