export * from './field-problem';
export * from './promotion.errors';
export * from './promotion-states';
export * from './pipeline-graph';
