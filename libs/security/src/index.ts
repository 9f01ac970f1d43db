export * from './access.decorators';
export * from './api-token';
export * from './audit-log';
export * from './auth.guard';
export * from './keyring';
export * from './roles';
export * from './secret-store';
export * from './security.module';
