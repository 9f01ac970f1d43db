// Resolves one application's bindings for 10,000 clusters (issue 15's target: under 1 s), explanation
// included, the way the planner resolves a deployment's placed clusters: one resolver, then each cluster.
//   node scripts/build.mjs && node dist/bench/bindings-resolve.js [clusters] [runs]
import { performance } from 'node:perf_hooks';
import { BindingView, InstanceView, createResolver } from '@fleetplane/bindings';

const clusterCount = Number(process.argv[2] ?? 10_000);
const runs = Number(process.argv[3] ?? 5);
const regions = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-1'];
const clouds = ['aws', 'gcp', 'azure'] as const;

// Five binding names (as the fan-out benchmark's application has), each with an instance per region and
// cloud, a default, a cloud scope per cloud, a region scope per region and a label-scoped override.
const instances = new Map<string, InstanceView>();
const bindings: BindingView[] = [];
for (const name of ['orders-db', 'sessions', 'invoices', 'events', 'api-keys']) {
  for (const cloud of clouds) {
    for (const region of regions) {
      const id = `${name}-${cloud}-${region}`;
      instances.set(id, {
        id,
        name: id,
        cloud,
        nativeId: id,
        product: 'rds-instance',
        serviceClass: 'postgresql',
        region,
        endpoint: { host: `${id}.example.com`, port: 5432 },
      });
      bindings.push(binding(`${id}-region`, name, { level: 'region', region }, id, 'same-region'));
    }
    bindings.push(
      binding(`${name}-${cloud}`, name, { level: 'cloud', cloud }, `${name}-${cloud}-${regions[0]}`, 'same-cloud'),
    );
  }
  bindings.push(binding(`${name}-default`, name, { level: 'default' }, `${name}-aws-${regions[0]}`, 'any'));
  bindings.push(
    binding(
      `${name}-gold`,
      name,
      { level: 'labels', selector: { matchLabels: { tier: 'gold' } } },
      `${name}-aws-${regions[0]}`,
      'any',
    ),
  );
}
const clusters = Array.from({ length: clusterCount }, (_, index) => ({
  name: `cluster-${index}`,
  cloud: clouds[index % clouds.length],
  region: regions[index % regions.length],
  environment: index % 2 === 0 ? 'production' : 'staging',
  labels: { tier: index % 10 === 0 ? 'gold' : 'silver', shard: String(index % 16) },
}));

const timings: number[] = [];
let bound = 0;
for (let run = 0; run < runs; run += 1) {
  const started = performance.now();
  const resolve = createResolver(bindings, instances);
  bound = 0;
  for (const cluster of clusters) {
    for (const resolution of resolve(cluster).bindings) if (resolution.status === 'bound') bound += 1;
  }
  timings.push(performance.now() - started);
}
timings.sort((a, b) => a - b);
console.log(
  JSON.stringify({
    clusters: clusterCount,
    bindingNames: 5,
    bindings: bindings.length,
    boundPerRun: bound,
    runs,
    medianMs: Number(timings[Math.floor(runs / 2)].toFixed(1)),
    minMs: Number(timings[0].toFixed(1)),
    maxMs: Number(timings[runs - 1].toFixed(1)),
  }),
);

function binding(
  id: string,
  name: string,
  scope: BindingView['scope'],
  instanceId: string,
  locality: BindingView['locality'],
): BindingView {
  return {
    id,
    name,
    scope,
    instanceId,
    role: 'primary',
    locality,
    revision: 1,
    workloads: { type: 'all' },
    env: [],
    credential: { type: 'none' },
  };
}
