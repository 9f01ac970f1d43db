/**
 * moto_server for specs: one per spec file, on a free loopback port, answered before it is used and
 * stopped on teardown within a bounded time. The provider specs' helper is the one implementation.
 */
export { startMoto } from '../providers/fakes/moto-server';
export type { RunningMoto } from '../providers/fakes/moto-server';
