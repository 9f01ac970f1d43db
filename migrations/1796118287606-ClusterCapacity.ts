import { MigrationInterface, QueryRunner } from 'typeorm';

export class ClusterCapacity1796118287606 implements MigrationInterface {
  name = 'ClusterCapacity1796118287606';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "clusters" ADD "capacity" jsonb');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "clusters" DROP COLUMN "capacity"');
  }
}
