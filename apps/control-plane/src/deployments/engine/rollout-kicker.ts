import { Injectable } from '@nestjs/common';
import { Wakeup } from '@fleetplane/persistence';

/** Wakes the rollout driver of this replica at once (a new deployment, an approval) instead of at its next poll. */
@Injectable()
export class RolloutKicker extends Wakeup {
  kick(): void {
    this.wake();
  }
}
