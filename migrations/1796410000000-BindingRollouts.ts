import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What started a deployment other than a person asking for it (a binding change rolling itself out), and
 * per target the binding revisions and credential versions its objects were applied with, which binding
 * status compares with what resolution says now. Both are absent for what was stored before.
 */
export class BindingRollouts1796410000000 implements MigrationInterface {
  name = 'BindingRollouts1796410000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "deployments" ADD "cause" text');
    await queryRunner.query('ALTER TABLE "deployment_targets" ADD "applied_bindings" jsonb');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "deployment_targets" DROP COLUMN "applied_bindings"');
    await queryRunner.query('ALTER TABLE "deployments" DROP COLUMN "cause"');
  }
}
