import { ErrorDetail, FanoutError } from '../common/fanout-error';

export type ManifestErrorCode = 'MANIFEST_SYNTAX' | 'MANIFEST_TOO_LARGE' | 'MANIFEST_INVALID';

/** A release's manifests were refused; nothing derived from them may be applied. */
export class ManifestError extends FanoutError<ManifestErrorCode> {
  constructor(code: ManifestErrorCode, message: string, details: readonly ErrorDetail[]) {
    super(code, message, details);
  }
}
