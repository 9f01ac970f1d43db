import { ErrorDetail, FanoutError } from '../common/fanout-error';

export type StrategyErrorCode = 'STRATEGY_INVALID' | 'STRATEGY_WAVE_EMPTY';

export class StrategyError extends FanoutError<StrategyErrorCode> {
  constructor(code: StrategyErrorCode, message: string, details: readonly ErrorDetail[]) {
    super(code, message, details);
  }
}
