import { Injectable } from '@nestjs/common';
import { Principal } from '@fleetplane/http';
import { EntityManager } from 'typeorm';

/** A rollback an operator asked for, as stored: its deployment, application, release and clusters. */
export interface ManualRollback {
  principal: Principal;
  deploymentId: string;
  applicationId: string;
  releaseId: string;
  releaseVersion: string;
  rolledBackDeploymentId: string;
  /** The `environment` of each cluster it rolls back. */
  clusterEnvironments: string[];
}

export type ManualRollbackObserver = (manager: EntityManager, rollback: ManualRollback) => Promise<void>;

/**
 * Other modules' reactions to a manual rollback (promotions pin the environment), run in the transaction
 * that stores the rollback: both are committed, or neither. Observers register once, at module init.
 */
@Injectable()
export class ManualRollbacks {
  private readonly observers: ManualRollbackObserver[] = [];

  observe(observer: ManualRollbackObserver): void {
    this.observers.push(observer);
  }

  async rolledBack(manager: EntityManager, rollback: ManualRollback): Promise<void> {
    for (const observer of this.observers) await observer(manager, rollback);
  }
}
