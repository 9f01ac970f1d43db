import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every step of a promotion and every pin of an environment, appended in the transaction of the change it
 * records (issue 16): a promotion's event stream reads it by promotion, an environment's timeline by
 * environment and time.
 */
export class PromotionEvents1796450000000 implements MigrationInterface {
  name = 'PromotionEvents1796450000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "promotion_events" ("id" BIGSERIAL NOT NULL, "promotion_id" uuid, "environment_id" uuid NOT NULL, "application_id" uuid, "release_id" uuid, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "kind" character varying(20) NOT NULL, "state" character varying(20), "actor" character varying(120) NOT NULL, "message" text NOT NULL DEFAULT \'\', "gate_results" jsonb, CONSTRAINT "pk_promotion_events" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_promotion_events_promotion" ON "promotion_events" ("promotion_id", "id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_promotion_events_environment" ON "promotion_events" ("environment_id", "at", "id") ',
    );
    await queryRunner.query(
      'ALTER TABLE "promotion_events" ADD CONSTRAINT "fk_promotion_events_promotion" FOREIGN KEY ("promotion_id") REFERENCES "promotions"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "promotion_events" ADD CONSTRAINT "fk_promotion_events_environment" FOREIGN KEY ("environment_id") REFERENCES "environments"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "promotion_events" DROP CONSTRAINT "fk_promotion_events_environment"');
    await queryRunner.query('ALTER TABLE "promotion_events" DROP CONSTRAINT "fk_promotion_events_promotion"');
    await queryRunner.query('DROP INDEX "public"."idx_promotion_events_environment"');
    await queryRunner.query('DROP INDEX "public"."idx_promotion_events_promotion"');
    await queryRunner.query('DROP TABLE "promotion_events"');
  }
}
