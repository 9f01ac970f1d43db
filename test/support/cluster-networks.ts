/**
 * Specs run their sandbox clusters, cloud fakes, moto and proxies on loopback, which the cluster address
 * policy refuses by default: every control plane a spec starts allows it explicitly, through this one
 * setting (a spec that proves the refusal overrides it with an empty value).
 */
export const LOOPBACK_CLUSTER_NETWORKS = { FLEETPLANE_ALLOWED_CLUSTER_NETWORKS: '127.0.0.0/8,::1' };
