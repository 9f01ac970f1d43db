export type PromotionErrorCode = 'ILLEGAL_PROMOTION_TRANSITION';

/** Base of the errors this library throws; the control plane maps `code` to its domain errors once. */
export class PromotionError<Code extends PromotionErrorCode = PromotionErrorCode> extends Error {
  constructor(
    readonly code: Code,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
