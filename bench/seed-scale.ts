// Issue 19's API-at-scale data set: clusters with realistic labels, applications, releases, deployments,
// their targets and an audit log, written by set-based SQL (INSERT ... SELECT generate_series) into a
// scratch PostgreSQL database, or into an embedded one, after the app's own migrations.
// Run: node scripts/build.mjs && DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node dist/bench/seed-scale.js
//      [--embedded] [clusters]   (keeps what it seeds and prints how to reach it and drop it)
import { Database } from '@fleetplane/persistence';
import { PLATFORM_TEAM, generateToken, hashToken, tokenHint } from '@fleetplane/security';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { createScratchDatabase } from '../test/support/database';

/** How many rows of each kind; the issue's figures at 10,000 clusters, a tenth of each at 1,000. */
export interface Scale {
  clusters: number;
  applications: number;
  /** Two releases per application, one deployment of each: targets are spread evenly over them. */
  targets: number;
  auditRows: number;
}

export const scaleFor = (clusters: number): Scale => ({
  clusters,
  applications: clusters / 10,
  targets: clusters * 10,
  auditRows: clusters * 100,
});

export const TEAMS = Array.from({ length: 20 }, (_, i) => `team-${String(i).padStart(2, '0')}`);
/** The team whose viewer token the bench uses for a team member's requests. */
export const MEMBER_TEAM = 'team-07';

export interface SeededDatabase {
  /** The scratch PostgreSQL database; absent for the embedded one, which lives under `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  scale: Scale;
  adminToken: string;
  memberToken: string;
  /** Rows the get endpoints and the audit filter are measured with. */
  samples: { cluster: string; application: string; deploymentId: string; actor: string };
  drop(): Promise<void>;
}

export async function seedScale(backend: 'postgres' | 'embedded', scale: Scale): Promise<SeededDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), 'fleetplane-scale-'));
  const scratch = backend === 'postgres' ? await createScratchDatabase() : undefined;
  const drop = async () => {
    await scratch?.drop();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const database = await Database.open({ databaseUrl: scratch?.url, dataDir });
    try {
      const seeded = await seedRows(database.dataSource, scale);
      return { databaseUrl: scratch?.url, dataDir, scale, ...seeded, drop };
    } finally {
      await database.close();
    }
  } catch (error) {
    await drop();
    throw error;
  }
}

async function seedRows(dataSource: DataSource, scale: Scale) {
  const run = async (label: string, sql: string, parameters: unknown[] = []) => {
    const started = performance.now();
    await dataSource.query(sql, parameters);
    console.error(`  seeded ${label} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  };
  await run('teams', SEED_TEAMS, [[PLATFORM_TEAM, ...TEAMS]]);
  const adminToken = await insertToken(dataSource, PLATFORM_TEAM, 'admin');
  const memberToken = await insertToken(dataSource, MEMBER_TEAM, 'viewer');
  await run('a shared credential', SEED_SECRET);
  await run(`${scale.clusters} clusters`, SEED_CLUSTERS, [scale.clusters, TEAMS]);
  await run(`${scale.applications} applications`, SEED_APPLICATIONS, [scale.applications, TEAMS]);
  await run(`${scale.applications * 2} releases`, SEED_RELEASES);
  await run(`${scale.applications * 2} deployments`, SEED_DEPLOYMENTS);
  await run(`${scale.targets} deployment targets`, SEED_TARGETS, [scale.targets / (scale.applications * 2)]);
  await run(`${scale.auditRows} audit rows`, SEED_AUDIT, [scale.auditRows, TEAMS, scale.clusters]);
  await run('statistics', 'ANALYZE');
  const [sample] = await dataSource.query(SAMPLES, [MEMBER_TEAM]);
  return {
    adminToken,
    memberToken,
    samples: {
      cluster: sample.cluster,
      application: sample.application,
      deploymentId: sample.deployment,
      actor: actorOf(21),
    },
  };
}

async function insertToken(dataSource: DataSource, team: string, role: string): Promise<string> {
  const token = generateToken();
  await dataSource.query(
    `INSERT INTO api_tokens (name, team_name, role, token_hash, token_hint, expires_at, created_by)
     VALUES ($1, $2, $3, $4, $5, now() + interval '30 days', 'system')`,
    [`scale-bench-${role}`, team, role, hashToken(token), tokenHint(token)],
  );
  return token;
}

/** One of the sixty token actors the audit rows are spread over (21: one of those with rows, see SEED_AUDIT). */
const actorOf = (n: number) => `token:00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const SEED_TEAMS = `INSERT INTO teams (name, version) SELECT unnest($1::text[]), 1`;

const SEED_SECRET = `INSERT INTO encrypted_secrets (id, key_id, sealed, owner_type, owner_id)
  VALUES ('00000000-0000-4000-8000-00000000000a', 'bench', '\\x00', 'bench', 'shared')`;

// Clouds 50/30/20, five regions each, environments 30/30/40, three tiers, twenty teams, two hundred cost
// centres: moduli that share no factor, so the labels vary independently. One cluster every 50 minutes.
const SEED_CLUSTERS = `
INSERT INTO clusters (name, team, provider, cloud, region, environment, ref, cloud_identity, labels, annotations,
  credential_secret_id, cloud_description, health, health_changed_at, last_probe_at, last_probe_latency_ms,
  created_at, updated_at, version)
SELECT name, team, provider, cloud, region, env,
  jsonb_build_object('provider', provider, 'region', region, 'name', name),
  provider || ':' || region || ':' || name,
  jsonb_build_object('cloud', cloud, 'region', region, 'env', env, 'tier', tier, 'team', team,
    'cost-center', 'cc-' || (i % 200), 'topology.kubernetes.io/region', region),
  jsonb_build_object('owner', team || '@example.com'),
  '00000000-0000-4000-8000-00000000000a',
  jsonb_build_object('endpoint', 'https://' || name || '.k8s.example.com', 'version', '1.31.' || (i % 5),
    'nodePools', jsonb_build_array(jsonb_build_object('name', 'default', 'nodes', 3 + i % 7))),
  CASE WHEN i % 50 = 0 THEN 'Degraded' ELSE 'Healthy' END, at, now(), 20 + i % 30,
  at, at, 1
FROM (
  SELECT i, 'c-' || lpad(i::text, 5, '0') AS name, ($2::text[])[1 + (i / 7) % 20] AS team,
    (ARRAY['eks','eks','eks','eks','eks','gke','gke','gke','aks','aks'])[1 + i % 10] AS provider,
    (ARRAY['aws','aws','aws','aws','aws','gcp','gcp','gcp','azure','azure'])[1 + i % 10] AS cloud,
    (ARRAY['prod','prod','prod','staging','staging','staging','dev','dev','dev','dev'])[1 + (i / 10) % 10] AS env,
    (ARRAY['frontend','backend','data'])[1 + i % 3] AS tier,
    now() - ($1::int - i) * interval '50 minutes' AS at
  FROM generate_series(1, $1::int) AS i
) c
CROSS JOIN LATERAL (SELECT (CASE cloud
  WHEN 'aws' THEN ARRAY['us-east-1','us-west-2','eu-west-1','eu-central-1','ap-southeast-1']
  WHEN 'gcp' THEN ARRAY['us-central1','europe-west1','europe-west4','asia-east1','us-east4']
  ELSE ARRAY['eastus','westeurope','northeurope','southeastasia','uksouth'] END)[1 + (i / 100) % 5] AS region) r`;

const SEED_APPLICATIONS = `
INSERT INTO applications (name, team, default_namespace, created_at, updated_at, version)
SELECT 'app-' || lpad(i::text, 4, '0'), ($2::text[])[1 + i % 20], 'app-' || lpad(i::text, 4, '0'),
  now() - ($1::int - i) * interval '8 hours', now(), 1
FROM generate_series(1, $1::int) AS i`;

const SEED_RELEASES = `
INSERT INTO releases (application_id, version, content_hash, objects, created_by, created_at)
SELECT a.id, '1.' || v || '.0', 'sha256:' || md5(a.name || v) || md5(a.name),
  jsonb_build_array(
    jsonb_build_object('apiVersion', 'apps/v1', 'kind', 'Deployment',
      'metadata', jsonb_build_object('name', 'web'),
      'spec', jsonb_build_object('replicas', 3, 'template', jsonb_build_object('spec', jsonb_build_object(
        'containers', jsonb_build_array(jsonb_build_object('name', 'web', 'image', 'registry.example.com/' || a.name || ':1.' || v)))))),
    jsonb_build_object('apiVersion', 'v1', 'kind', 'Service', 'metadata', jsonb_build_object('name', 'web'),
      'spec', jsonb_build_object('ports', jsonb_build_array(jsonb_build_object('port', 80))))),
  'token:seed', a.created_at + v * interval '1 hour'
FROM applications a CROSS JOIN generate_series(0, 1) AS v`;

const SEED_DEPLOYMENTS = `
INSERT INTO deployments (application_id, release_id, kind, spec, plan, state, reason, created_by, created_at,
  updated_at, finished_at)
SELECT r.application_id, r.id, 'rollout',
  jsonb_build_object('placement', jsonb_build_object('clusterSelector', jsonb_build_object('matchLabels',
    jsonb_build_object('env', 'prod'))), 'overrides', '[]'::jsonb, 'imageRewrites', '[]'::jsonb,
    'strategy', jsonb_build_object('type', 'AllAtOnce')),
  jsonb_build_object('rollout', jsonb_build_object('waves', '[]'::jsonb), 'replicaMode', 'perCluster', 'placed', '[]'::jsonb),
  'Succeeded', 'every cluster ready', 'token:seed', r.created_at + interval '5 minutes', r.created_at + interval '8 minutes',
  r.created_at + interval '8 minutes'
FROM releases r`;

// Each deployment targets $1 clusters: k * 199 + d * 37 picks distinct clusters for one deployment, and
// different ones across deployments.
const SEED_TARGETS = `
WITH numbered AS (SELECT id, created_at, row_number() OVER (ORDER BY created_at, id) AS d FROM deployments),
  fleet AS (SELECT count(*) AS n FROM clusters)
INSERT INTO deployment_targets (deployment_id, cluster_id, cluster_name, candidate, wave, state, state_since, attempts,
  applied_objects, readiness, applying_at, waiting_ready_at, finished_at, updated_at)
SELECT d.id, c.id, c.name,
  jsonb_build_object('id', c.id, 'name', c.name, 'cloud', c.cloud, 'region', c.region, 'environment', c.environment,
    'labels', c.labels, 'health', 'Healthy', 'cordoned', false),
  k % 3, 'Ready', d.created_at + interval '3 minutes', 1,
  jsonb_build_array(
    jsonb_build_object('kind', 'Deployment', 'namespace', 'app', 'name', 'web', 'uid', gen_random_uuid(), 'generation', 1),
    jsonb_build_object('kind', 'Service', 'namespace', 'app', 'name', 'web', 'uid', gen_random_uuid(), 'generation', 1)),
  jsonb_build_array(jsonb_build_object('kind', 'Deployment', 'namespace', 'app', 'name', 'web', 'state', 'Ready',
    'reason', 'RolloutComplete', 'message', 'deployment "web" successfully rolled out')),
  d.created_at + interval '1 second', d.created_at + interval '2 seconds', d.created_at + interval '3 minutes',
  d.created_at + interval '3 minutes'
FROM numbered d CROSS JOIN fleet CROSS JOIN generate_series(1, $1::int) AS k
JOIN clusters c ON c.name = 'c-' || lpad((1 + (k * 199 + d.d * 37) % fleet.n)::text, 5, '0')`;

// 40% the control plane's own work, the rest sixty tokens; one event every three seconds.
const SEED_AUDIT = `
INSERT INTO audit_events (at, actor, actor_team, action, resource_type, resource_id, team, request_id, after)
SELECT now() - ($1::int - i) * interval '3 seconds',
  CASE WHEN i % 5 < 2 THEN 'system'
    ELSE 'token:00000000-0000-4000-8000-' || lpad(((i * 7) % 60)::text, 12, '0') END,
  CASE WHEN i % 5 < 2 THEN NULL ELSE ($2::text[])[1 + (i / 3) % 20] END,
  (ARRAY['cluster.update','cluster.cordon','deployment.create','release.create','token.create',
    'cluster.register','deployment.pause','application.update'])[1 + i % 8],
  (ARRAY['cluster','cluster','deployment','release','token','cluster','deployment','application'])[1 + i % 8],
  'c-' || lpad((1 + i % $3::int)::text, 5, '0'),
  ($2::text[])[1 + (i / 3) % 20],
  CASE WHEN i % 5 < 2 THEN NULL ELSE 'req-' || md5(i::text) END,
  jsonb_build_object('name', 'c-' || lpad((1 + i % $3::int)::text, 5, '0'), 'version', 1 + i % 9)
FROM generate_series(1, $1::int) AS i`;

/** A cluster, an application and its newest deployment, all of the member's team, so both callers may read them. */
const SAMPLES = `
SELECT c.name AS cluster, a.name AS application, d.id AS deployment
FROM clusters c, applications a JOIN deployments d ON d.application_id = a.id
WHERE c.team = $1 AND a.team = $1
ORDER BY c.name, a.name, d.created_at DESC LIMIT 1`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const embedded = args.includes('--embedded');
  const clusters = Number(args.find((arg) => /^\d+$/.test(arg)) ?? (embedded ? 1000 : 10_000));
  if (!embedded && !process.env.DATABASE_URL)
    throw new Error('set DATABASE_URL to a PostgreSQL server, or pass --embedded');
  const seeded = await seedScale(embedded ? 'embedded' : 'postgres', scaleFor(clusters));
  const { drop: _drop, ...printed } = seeded;
  console.log(JSON.stringify(printed, null, 2));
  console.error(
    `kept; drop with: ${seeded.databaseUrl ? `DROP DATABASE ${new URL(seeded.databaseUrl).pathname.slice(1)}; and ` : ''}rm -r ${seeded.dataDir}`,
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
