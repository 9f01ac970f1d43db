import { ErrorDetail, FanoutError } from '../common/fanout-error';

export type PlacementErrorCode = 'PLACEMENT_INVALID' | 'PLACEMENT_EMPTY' | 'PLACEMENT_SPREAD_UNSATISFIED';

/** The constraint a placement failed on, so callers can point at the field to change. */
export type PlacementConstraint =
  | 'spec'
  | 'candidates'
  | 'clusters'
  | 'selector'
  | 'clouds'
  | 'regions'
  | 'environments'
  | 'health'
  | 'cordon'
  | 'spread'
  | 'maxClusters'
  | 'replicas';

export class PlacementError extends FanoutError<PlacementErrorCode> {
  readonly constraint: PlacementConstraint;

  constructor(
    code: PlacementErrorCode,
    constraint: PlacementConstraint,
    message: string,
    details: readonly ErrorDetail[],
  ) {
    super(code, message, details);
    this.constraint = constraint;
  }
}
