// Generates a migration from the difference between the entities and the migrated schema:
//   npm run migration:generate -- AddClusters
// It runs against a throwaway embedded database, so it needs no server. Review the file, then list it
// in migrations/index.ts.
import { createDataSource, EmbeddedPostgres, migrate } from '@fleetplane/persistence';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

async function main(name: string | undefined): Promise<void> {
  if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name))
    throw new Error('usage: npm run migration:generate -- PascalCaseName');
  const dir = await mkdtemp(join(tmpdir(), 'fleetplane-migration-'));
  const embedded = await EmbeddedPostgres.start(dir);
  const dataSource = createDataSource({ url: embedded.url, poolSize: 1 });
  try {
    await dataSource.initialize();
    await migrate(dataSource);
    const { upQueries, downQueries } = await dataSource.driver.createSchemaBuilder().log();
    if (upQueries.length === 0) {
      console.log('the entities match the migrations: nothing to generate');
      return;
    }
    const timestamp = Date.now();
    const file = resolve(__dirname, '../../migrations', `${timestamp}-${name}.ts`);
    await writeFile(
      file,
      render(
        `${name}${timestamp}`,
        upQueries.map((q) => q.query),
        downQueries.reverse().map((q) => q.query),
      ),
    );
    console.log(`wrote ${file}: review it, then add ${name}${timestamp} to migrations/index.ts`);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

function render(className: string, up: string[], down: string[]): string {
  const lines = (queries: string[]) =>
    queries.map((q) => `    await queryRunner.query(${JSON.stringify(q)});`).join('\n');
  return `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${lines(up)}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${lines(down)}
  }
}
`;
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
