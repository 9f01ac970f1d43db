import { Injectable } from '@nestjs/common';
import { Wakeup } from '@fleetplane/persistence';

/** Wakes the promotion driver of this replica at once (a new promotion, a decision) instead of at its next poll. */
@Injectable()
export class PromotionKicker extends Wakeup {
  kick(): void {
    this.wake();
  }
}
