export * from './binding-model';
