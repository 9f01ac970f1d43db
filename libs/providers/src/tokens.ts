/** Nest injection token of the `ProvidersOptions` given to `ProvidersModule.forRoot`. */
export const PROVIDERS_OPTIONS = Symbol('PROVIDERS_OPTIONS');

/** Nest injection token of the list of every registered `CloudProvider` adapter. */
export const CLOUD_PROVIDER_ADAPTERS = Symbol('CLOUD_PROVIDER_ADAPTERS');
