import { Injectable } from '@nestjs/common';
import { KeyedWakeups } from '@fleetplane/persistence';

/**
 * Tells this replica's event streams that a deployment's stored history grew, so a follower sees a step
 * as soon as it is committed rather than at its next poll. Streams still poll: a deployment driven by
 * another replica changes without a word here.
 */
@Injectable()
export class DeploymentChanges {
  private readonly wakeups = new KeyedWakeups<string>();

  changed(deploymentId: string): void {
    this.wakeups.wake(deploymentId);
  }

  /** Resolves at the deployment's next change or after `ms`, whichever comes first. */
  next(deploymentId: string, ms: number): Promise<void> {
    return this.wakeups.wait(deploymentId, ms);
  }
}
