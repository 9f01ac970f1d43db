export { startSandbox, defaultClusterSpecs } from './sandbox';
export type { Sandbox, SandboxClusterInfo, SandboxClusterSpec, SandboxOptions } from './sandbox';
export type { SandboxFault, ActiveFaults } from './faults/faults';
export type { RequestLogEntry } from './faults/request-log';
export type { Timeline } from './controllers/timeline';
