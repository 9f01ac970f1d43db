export * from './config';
export * from './load-config';
export * from './token-format';
