import { Injectable } from '@nestjs/common';

/**
 * Tells this replica's event streams that a deployment's stored history grew, so a follower sees a step
 * as soon as it is committed rather than at its next poll. Streams still poll: a deployment driven by
 * another replica changes without a word here.
 */
@Injectable()
export class DeploymentChanges {
  private readonly waiting = new Map<string, Set<() => void>>();

  changed(deploymentId: string): void {
    const wakers = this.waiting.get(deploymentId);
    this.waiting.delete(deploymentId);
    for (const wake of wakers ?? []) wake();
  }

  /** Resolves at the deployment's next change or after `ms`, whichever comes first. */
  next(deploymentId: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.waiting.get(deploymentId)?.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      const wakers = this.waiting.get(deploymentId) ?? new Set();
      wakers.add(wake);
      this.waiting.set(deploymentId, wakers);
    });
  }
}
