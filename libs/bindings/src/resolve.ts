import type { BindingView, ClusterView, InstanceView, LocalityPolicy } from './binding-model';
import { describeScope, scopeKey, scopeMatches, specificity } from './scope';

/** What became of one binding that could apply to the cluster, and why. */
export interface ExplainedCandidate {
  bindingId: string;
  scope: string;
  instance: string;
  verdict: 'chosen' | 'refused' | 'shadowed' | 'not-matching';
  reason: string;
}

export interface BoundResolution {
  name: string;
  status: 'bound';
  binding: BindingView;
  instance: InstanceView;
  /** Every binding of the name, most specific first, with its verdict. */
  candidates: ExplainedCandidate[];
}

export interface UnsatisfiedResolution {
  name: string;
  status: 'unsatisfied';
  /** Why the cluster gets nothing for this name: no scope matches, or every match is refused. */
  reason: string;
  candidates: ExplainedCandidate[];
}

export type NameResolution = BoundResolution | UnsatisfiedResolution;

export interface ClusterResolution {
  cluster: string;
  /** One per binding name of the application, in name order. */
  bindings: NameResolution[];
}

interface PreparedBinding {
  binding: BindingView;
  scopeText: string;
  instance: InstanceView | undefined;
}

/**
 * Resolves an application's bindings for one cluster at a time. Per binding name, the bindings whose
 * scope matches the cluster are tried most specific first (cluster > labels > region > cloud >
 * environment > default); the first whose instance satisfies its locality policy is chosen, the ones
 * before it are refused with the reason, the ones after it are shadowed. Deterministic: equal
 * specificity (which the write-time ambiguity check prevents) falls back to the scope text, then the id.
 * The bindings are sorted once, so resolving for many clusters costs only the matching.
 */
export function createResolver(
  bindings: readonly BindingView[],
  instances: ReadonlyMap<string, InstanceView>,
): (cluster: ClusterView) => ClusterResolution {
  const byName = new Map<string, PreparedBinding[]>();
  for (const binding of bindings) {
    const prepared = {
      binding,
      scopeText: describeScope(binding.scope),
      instance: instances.get(binding.instanceId),
    };
    const list = byName.get(binding.name);
    if (list) list.push(prepared);
    else byName.set(binding.name, [prepared]);
  }
  const names = [...byName.keys()].sort();
  for (const list of byName.values()) list.sort(bySpecificity);
  return (cluster) => ({
    cluster: cluster.name,
    bindings: names.map((name) => resolveName(name, byName.get(name) ?? [], cluster)),
  });
}

/** One cluster's resolution; for many clusters, build the resolver once with `createResolver`. */
export function resolveBindings(
  cluster: ClusterView,
  bindings: readonly BindingView[],
  instances: ReadonlyMap<string, InstanceView>,
): ClusterResolution {
  return createResolver(bindings, instances)(cluster);
}

/** Why an instance may not serve a cluster under a locality policy, or `undefined` when it may. */
export function localityRefusal(
  locality: LocalityPolicy,
  instance: InstanceView,
  cluster: ClusterView,
): string | undefined {
  if (locality === 'any') return undefined;
  if (instance.cloud !== cluster.cloud) {
    return `instance ${instance.name} is in cloud ${instance.cloud}, cluster ${cluster.name} in ${cluster.cloud} (locality ${locality})`;
  }
  if (locality === 'same-region' && !servesRegion(instance.region, cluster.region)) {
    return `instance ${instance.name} is in region ${instance.region}, cluster ${cluster.name} in ${cluster.region} (locality same-region)`;
  }
  return undefined;
}

/**
 * Global resources (Pub/Sub topics, Secret Manager secrets) serve every region of their cloud, and a
 * Cloud Storage multi-region (`us`, `eu`, `asia`) the regions inside it; anything else serves its own region.
 */
const MULTI_REGION_PREFIXES: Readonly<Record<string, string>> = { us: 'us-', eu: 'europe-', asia: 'asia-' };

function servesRegion(instanceRegion: string, clusterRegion: string): boolean {
  const region = instanceRegion.toLowerCase();
  if (region === 'global' || region === clusterRegion) return true;
  const prefix = MULTI_REGION_PREFIXES[region];
  return prefix !== undefined && clusterRegion.startsWith(prefix);
}

function resolveName(name: string, prepared: readonly PreparedBinding[], cluster: ClusterView): NameResolution {
  const candidates: ExplainedCandidate[] = [];
  let chosen: { binding: BindingView; instance: InstanceView } | undefined;
  let matched = 0;
  for (const { binding, scopeText, instance } of prepared) {
    const explained = { bindingId: binding.id, scope: scopeText, instance: instance?.name ?? binding.instanceId };
    if (!scopeMatches(binding.scope, cluster)) {
      candidates.push({
        ...explained,
        verdict: 'not-matching',
        reason: `scope ${scopeText} does not match the cluster`,
      });
      continue;
    }
    matched += 1;
    if (chosen) {
      candidates.push({
        ...explained,
        verdict: 'shadowed',
        reason: `a more specific binding (${describeScope(chosen.binding.scope)}) was chosen`,
      });
      continue;
    }
    const refusal = instance
      ? localityRefusal(binding.locality, instance, cluster)
      : `instance ${binding.instanceId} is not registered`;
    if (refusal || !instance) {
      candidates.push({ ...explained, verdict: 'refused', reason: refusal ?? 'no instance' });
      continue;
    }
    chosen = { binding, instance };
    candidates.push({ ...explained, verdict: 'chosen', reason: `most specific matching scope: ${scopeText}` });
  }
  if (chosen) return { name, status: 'bound', binding: chosen.binding, instance: chosen.instance, candidates };
  const reason =
    matched === 0
      ? `no binding named ${name} has a scope matching cluster ${cluster.name}`
      : `every binding named ${name} matching cluster ${cluster.name} was refused: ${candidates
          .filter((candidate) => candidate.verdict === 'refused')
          .map((candidate) => candidate.reason)
          .join('; ')}`;
  return { name, status: 'unsatisfied', reason, candidates };
}

function bySpecificity(left: PreparedBinding, right: PreparedBinding): number {
  const level = specificity(left.binding.scope) - specificity(right.binding.scope);
  if (level !== 0) return level;
  const leftKey = scopeKey(left.binding.scope);
  const rightKey = scopeKey(right.binding.scope);
  if (leftKey !== rightKey) return leftKey < rightKey ? -1 : 1;
  return left.binding.id < right.binding.id ? -1 : left.binding.id > right.binding.id ? 1 : 0;
}
