import { installTierOf } from '@fleetplane/objects';
import { ApplyManifest } from './object-ref';

/**
 * Splits objects, kept in the order given, into runs that may be applied together: a run ends where the
 * next object is of another install tier (definitions, then what workloads refer to, then the rest, as
 * {@link installTierOf} says). Each run goes to the API server at once, so a release costs about three round
 * trips rather than one per object, while a namespace or a CRD is still in place before what needs it.
 */
export function applyTiers<T extends ApplyManifest>(objects: readonly T[]): T[][] {
  const tiers: T[][] = [];
  let previous = -1;
  for (const object of objects) {
    const tier = installTierOf(object.kind);
    if (tier !== previous) tiers.push([]);
    tiers[tiers.length - 1].push(object);
    previous = tier;
  }
  return tiers;
}
