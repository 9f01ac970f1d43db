// Issue 19's API-at-scale benchmark: the list and get endpoints over a seeded fleet (10,000 clusters,
// 1,000 applications, 100,000 deployment targets, 1,000,000 audit rows in PostgreSQL; a tenth of each in
// the embedded database), driven by autocannon at 1, 10 and 50 connections, without and with the list
// indexes (migration ListIndexes), side by side in one run. Also EXPLAINs every statement each endpoint
// sends, both ways, into bench/plans/.
// Run: node scripts/build.mjs && DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node dist/bench/api-scale.js
//      [--embedded] [clusters] [--keep]   (API_SCALE_SECONDS per case, default 5; API_SCALE_ROUNDS, default 1)
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { LIST_INDEXES } from '../migrations/1796440512000-ListIndexes';
import { repoRoot } from '../test/support/repo-root';
import { RunningControlPlane, bearer, startControlPlane } from '../test/support/control-plane';
import { LoadResult, loadTest } from './support/autocannon';
import { QueryCapture } from './support/query-capture';
import { MEMBER_TEAM, SeededDatabase, scaleFor, seedScale } from './seed-scale';

const CONNECTIONS = [1, 10, 50];
const SECONDS = Number(process.env.API_SCALE_SECONDS ?? 5);
const ROUNDS = Number(process.env.API_SCALE_ROUNDS ?? 1);

type Pass = 'without' | 'with';

interface Endpoint {
  name: string;
  caller: 'admin' | 'member';
  path: string;
}

function endpoints(seeded: SeededDatabase): Endpoint[] {
  const day = 86_400_000;
  const week = `since=${new Date(Date.now() - 7 * day).toISOString()}&until=${new Date().toISOString()}`;
  const selector = (text: string) => `selector=${encodeURIComponent(text)}`;
  const { cluster, application, deploymentId, actor } = seeded.samples;
  return [
    { name: 'clusters, page of 100', caller: 'admin', path: '/v1/clusters?limit=100' },
    { name: 'clusters, page of 100', caller: 'member', path: '/v1/clusters?limit=100' },
    {
      name: 'clusters `env=prod,tier=data`',
      caller: 'admin',
      path: `/v1/clusters?limit=100&${selector('env=prod,tier=data')}`,
    },
    {
      name: 'clusters `cost-center=cc-42,env in (prod,staging)`',
      caller: 'admin',
      path: `/v1/clusters?limit=100&${selector('cost-center=cc-42,env in (prod,staging)')}`,
    },
    { name: 'deployments, page of 20', caller: 'admin', path: '/v1/deployments?limit=20' },
    { name: 'deployments, page of 20', caller: 'member', path: '/v1/deployments?limit=20' },
    { name: 'audit, one actor, last 7 days', caller: 'admin', path: `/v1/audit?actor=${actor}&${week}` },
    { name: 'audit, last 7 days', caller: 'member', path: `/v1/audit?${week}` },
    { name: 'one cluster', caller: 'admin', path: `/v1/clusters/${cluster}` },
    { name: 'one application', caller: 'admin', path: `/v1/applications/${application}` },
    {
      name: `one deployment with its ${seeded.scale.targets / (seeded.scale.applications * 2)} targets`,
      caller: 'admin',
      path: `/v1/deployments/${deploymentId}`,
    },
  ];
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const embedded = args.includes('--embedded');
  const clusters = Number(args.find((arg) => /^\d+$/.test(arg)) ?? (embedded ? 1000 : 10_000));
  if (!embedded && !process.env.DATABASE_URL)
    throw new Error('set DATABASE_URL to a PostgreSQL server, or pass --embedded');
  const backend = embedded ? 'embedded' : 'postgres';
  console.error(`seeding ${clusters} clusters into the ${backend} database`);
  const seeded = await seedScale(backend, scaleFor(clusters));
  const capture = QueryCapture.install();
  let plane: RunningControlPlane | undefined;
  try {
    plane = await startControlPlane(backend, {
      ...(seeded.databaseUrl ? { DATABASE_URL: seeded.databaseUrl } : { FLEETPLANE_DATA_DIR: seeded.dataDir }),
      // Nothing in the background: no health probes of clusters that do not exist, no drift checks.
      FLEETPLANE_HEALTH_INTERVAL_MS: '0',
      FLEETPLANE_DRIFT_INTERVAL_MS: '0',
      FLEETPLANE_RATE_LIMIT_PER_MINUTE: '1000000',
    });
    const tokens = { admin: seeded.adminToken, member: seeded.memberToken };
    const cases = endpoints(seeded);
    await assertAllAnswer(plane.url, cases, tokens);
    const results = new Map<string, LoadResult>();
    for (let round = 1; round <= ROUNDS; round++) {
      for (const pass of ['without', 'with'] as const) {
        await setListIndexes(plane.dataSource, pass);
        if (round === 1) await savePlans(plane, capture, cases, tokens, backend, pass);
        console.error(
          `round ${round}, ${pass} the list indexes; load ${loadavg()
            .map((n) => n.toFixed(1))
            .join(' ')}`,
        );
        for (const endpoint of cases)
          for (const connections of CONNECTIONS) {
            const result = await loadTest(
              `${plane.url}${endpoint.path}`,
              bearer(tokens[endpoint.caller]),
              connections,
              SECONDS,
            );
            results.set(key(round, pass, endpoint, connections), result);
          }
      }
      console.log(`\n${backend} database, ${clusters} clusters, round ${round} (${SECONDS} s per case)\n`);
      console.log(table(cases, (endpoint, connections, pass) => results.get(key(round, pass, endpoint, connections))!));
    }
    console.error(
      `load at the end: ${loadavg()
        .map((n) => n.toFixed(1))
        .join(' ')}`,
    );
  } finally {
    await plane?.close();
    if (args.includes('--keep')) console.error(`kept: ${seeded.databaseUrl ?? seeded.dataDir}`);
    else await seeded.drop();
  }
}

const key = (round: number, pass: Pass, endpoint: Endpoint, connections: number) =>
  `${round}/${pass}/${endpoint.caller}/${endpoint.path}/${connections}`;

/** A case that answers anything but 200 would measure an error page: refuse to start. */
async function assertAllAnswer(url: string, cases: Endpoint[], tokens: Record<Endpoint['caller'], string>) {
  for (const endpoint of cases) {
    const response = await fetch(`${url}${endpoint.path}`, { headers: bearer(tokens[endpoint.caller]) });
    if (response.status !== 200) throw new Error(`${endpoint.path}: ${response.status} ${await response.text()}`);
  }
}

/** Drops the migration's list indexes, or creates them again; then refreshes the planner's statistics. */
async function setListIndexes(dataSource: DataSource, pass: Pass): Promise<void> {
  for (const index of LIST_INDEXES) {
    await dataSource.query(`DROP INDEX IF EXISTS "${index.name}"`);
    if (pass === 'with') await dataSource.query(`CREATE INDEX "${index.name}" ${index.definition}`);
  }
  await dataSource.query('ANALYZE clusters, deployments, deployment_targets, audit_events');
}

/** EXPLAIN (ANALYZE, BUFFERS) of every statement each endpoint sends, token lookups aside. */
async function savePlans(
  plane: RunningControlPlane,
  capture: QueryCapture,
  cases: Endpoint[],
  tokens: Record<Endpoint['caller'], string>,
  backend: string,
  pass: Pass,
): Promise<void> {
  const sections: string[] = [];
  for (const endpoint of cases) {
    capture.start();
    await fetch(`${plane.url}${endpoint.path}`, { headers: bearer(tokens[endpoint.caller]) });
    const statements = capture
      .stop()
      .filter((query) => /^\s*SELECT/i.test(query.text) && !/"api_tokens"/.test(query.text));
    for (const statement of statements) {
      const plan: Array<{ 'QUERY PLAN': string }> = await plane.dataSource.query(
        `EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`,
        statement.parameters,
      );
      sections.push(
        `== ${endpoint.caller} GET ${endpoint.path}\n${statement.text}\n-- ${JSON.stringify(statement.parameters)}\n` +
          plan.map((row) => row['QUERY PLAN']).join('\n'),
      );
    }
  }
  const dir = join(repoRoot(), 'bench', 'plans');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${backend}-${pass}-list-indexes.txt`), `${sections.join('\n\n')}\n`);
}

function table(cases: Endpoint[], result: (endpoint: Endpoint, connections: number, pass: Pass) => LoadResult): string {
  const lines = [
    '| endpoint | caller | clients | p50 without / with | p99 without / with | req/s without / with | req/s ratio | p99 ratio |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const endpoint of cases)
    for (const connections of CONNECTIONS) {
      const [without, withIndexes] = [result(endpoint, connections, 'without'), result(endpoint, connections, 'with')];
      lines.push(
        `| ${endpoint.name} | ${endpoint.caller === 'member' ? `${MEMBER_TEAM} viewer` : 'platform admin'} | ${connections} ` +
          `| ${ms(without.p50Ms)} / ${ms(withIndexes.p50Ms)} | ${ms(without.p99Ms)} / ${ms(withIndexes.p99Ms)} ` +
          `| ${rate(without)} / ${rate(withIndexes)} | ${ratio(withIndexes.requestsPerSecond, without.requestsPerSecond)} ` +
          `| ${ratio(without.p99Ms, withIndexes.p99Ms)} |`,
      );
    }
  return lines.join('\n');
}

/** No request completed in the case's time: autocannon then reports zeros, which are not latencies. */
const NONE = '—';
const ms = (value: number) => (value === 0 ? NONE : `${value < 10 ? value.toFixed(1) : value.toFixed(0)} ms`);
const ratio = (numerator: number, denominator: number) =>
  numerator > 0 && denominator > 0 ? `${(numerator / denominator).toFixed(2)}×` : NONE;
const rate = (result: LoadResult) =>
  `${result.requestsPerSecond.toFixed(0)}${result.failures > 0 ? ` (${result.failures} failed)` : ''}`;

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
