export * from './adoption';
export * from './cluster-scoped-kinds';
export * from './namespace-claims';
