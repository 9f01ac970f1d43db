import { ErrorDetail, FanoutError } from '../common/fanout-error';

export type RenderErrorCode = 'RENDER_INVALID' | 'RENDER_CLUSTER_NOT_PLACED';

export class RenderError extends FanoutError<RenderErrorCode> {
  constructor(code: RenderErrorCode, message: string, details: readonly ErrorDetail[]) {
    super(code, message, details);
  }
}
