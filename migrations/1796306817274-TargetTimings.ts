import { MigrationInterface, QueryRunner } from 'typeorm';

/** The latest event of a target's cluster entering `state`, at or after `notBefore`. */
const latestEvent = (state: string, notBefore: string) =>
  `(SELECT max(e.at) FROM "deployment_events" e
    WHERE e.deployment_id = t.deployment_id AND e.subject = t.cluster_name AND e.state = '${state}' AND e.at >= ${notBefore})`;

/**
 * Each target's timeline, written with its state from now on. Existing targets get theirs from what is
 * stored: the moves of their history in `deployment_events`, and `state_since` for the state they are in.
 */
export class TargetTimings1796306817274 implements MigrationInterface {
  name = 'TargetTimings1796306817274';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "deployment_targets" ADD "applying_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "deployment_targets" ADD "waiting_ready_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "deployment_targets" ADD "finished_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query(
      `UPDATE "deployment_targets" t SET "applying_at" = ${latestEvent('Applying', "'-infinity'")}
       WHERE t.state NOT IN ('Pending', 'Skipped')`,
    );
    await queryRunner.query(
      `UPDATE "deployment_targets" t SET "waiting_ready_at" = ${latestEvent('WaitingReady', 't.applying_at')}
       WHERE t.applying_at IS NOT NULL`,
    );
    await queryRunner.query(
      `UPDATE "deployment_targets" t SET "finished_at" = t.state_since
       WHERE t.state IN ('Ready', 'Failed', 'Skipped', 'RolledBack', 'RollbackFailed')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "deployment_targets" DROP COLUMN "finished_at"');
    await queryRunner.query('ALTER TABLE "deployment_targets" DROP COLUMN "waiting_ready_at"');
    await queryRunner.query('ALTER TABLE "deployment_targets" DROP COLUMN "applying_at"');
  }
}
