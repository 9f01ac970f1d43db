export * from './field-problem';
export * from './promotion.errors';
export * from './promotion-states';
export * from './pipeline-graph';
export * from './gate-result';
export * from './freeze-windows';
export * from './approvals';
export * from './soak';
