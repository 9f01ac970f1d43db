import { MigrationInterface, QueryRunner } from 'typeorm';

export class ClusterInventories1796114032332 implements MigrationInterface {
  name = 'ClusterInventories1796114032332';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "cluster_inventories" ("application_id" uuid NOT NULL, "cluster_id" uuid NOT NULL, "objects" jsonb NOT NULL DEFAULT \'[]\', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b38bd222872b8c815b0a8ba5d3e" PRIMARY KEY ("application_id", "cluster_id"))',
    );
    await queryRunner.query(
      'ALTER TABLE "cluster_inventories" ADD CONSTRAINT "fk_cluster_inventories_application" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    // Until now prune listed labelled objects; what each cluster runs is what its latest target applied.
    await queryRunner.query(`INSERT INTO "cluster_inventories" ("application_id", "cluster_id", "objects")
      SELECT DISTINCT ON (d."application_id", t."cluster_id") d."application_id", t."cluster_id",
        (SELECT jsonb_agg(jsonb_strip_nulls(jsonb_build_object('apiVersion', o->'apiVersion', 'kind', o->'kind',
           'namespace', o->'namespace', 'name', o->'name'))) FROM jsonb_array_elements(t."applied_objects") o)
      FROM "deployment_targets" t JOIN "deployments" d ON d."id" = t."deployment_id"
      WHERE jsonb_array_length(t."applied_objects") > 0
      ORDER BY d."application_id", t."cluster_id", d."created_at" DESC`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "cluster_inventories" DROP CONSTRAINT "fk_cluster_inventories_application"');
    await queryRunner.query('DROP TABLE "cluster_inventories"');
  }
}
