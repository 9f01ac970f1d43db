import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notification targets of environments (their signing secrets in the encrypted secret store) and the
 * outbox of webhook deliveries, written in the transaction of the promotion move each announces (issue 16).
 */
export class PromotionWebhooks1796460000000 implements MigrationInterface {
  name = 'PromotionWebhooks1796460000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "notification_targets" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "environment_id" uuid NOT NULL, "url" text NOT NULL, "events" jsonb NOT NULL, "secret_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_notification_targets" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_notification_targets_environment" ON "notification_targets" ("environment_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "webhook_deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "target_id" uuid NOT NULL, "promotion_id" uuid NOT NULL, "event" jsonb NOT NULL, "status" character varying(16) NOT NULL, "attempts" jsonb NOT NULL DEFAULT \'[]\', "last_error" text, "lease_holder" character varying(100), "lease_expires_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_webhook_deliveries" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_webhook_deliveries_claimable" ON "webhook_deliveries" ("status", "lease_expires_at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_webhook_deliveries_promotion" ON "webhook_deliveries" ("promotion_id", "created_at") ',
    );
    await queryRunner.query(
      'ALTER TABLE "notification_targets" ADD CONSTRAINT "fk_notification_targets_environment" FOREIGN KEY ("environment_id") REFERENCES "environments"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "fk_webhook_deliveries_target" FOREIGN KEY ("target_id") REFERENCES "notification_targets"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "fk_webhook_deliveries_promotion" FOREIGN KEY ("promotion_id") REFERENCES "promotions"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "fk_webhook_deliveries_promotion"');
    await queryRunner.query('ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "fk_webhook_deliveries_target"');
    await queryRunner.query('ALTER TABLE "notification_targets" DROP CONSTRAINT "fk_notification_targets_environment"');
    await queryRunner.query('DROP INDEX "public"."idx_webhook_deliveries_promotion"');
    await queryRunner.query('DROP INDEX "public"."idx_webhook_deliveries_claimable"');
    await queryRunner.query('DROP TABLE "webhook_deliveries"');
    await queryRunner.query('DROP INDEX "public"."idx_notification_targets_environment"');
    await queryRunner.query('DROP TABLE "notification_targets"');
  }
}
