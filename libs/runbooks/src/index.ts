export * from './definition';
export * from './references';
export * from './runbook-problems';
export * from './runbook.schema';
export * from './parse-runbook';
