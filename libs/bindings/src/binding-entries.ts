import type { InstanceView } from './binding-model';
import { BindingError } from './bindings.errors';
import { CREDENTIAL_FIELD_ALIASES, SERVICE_CLASSES, missingCredentialFields, productOf } from './catalogue';

/** A binding Secret's entries, and which of them carry credential material (redacted wherever shown). */
export interface BindingEntries {
  entries: Record<string, string>;
  secretKeys: string[];
}

/** Kubernetes Secret keys; entries of a `secret`-class binding outside this are left out. */
const SECRET_KEY = /^[-._a-zA-Z0-9]{1,253}$/;

/**
 * The entries of the Secret a binding to `instance` projects: `type`, `provider` and the class's
 * well-known entries (Service Binding 1.1: `host` a DNS name, `port` a port number, `uri` an RFC 3986
 * URI, `username`/`password` strings), from the instance's description and the credential's fields.
 * `BindingError` when the credential lacks a field the class needs.
 */
export function bindingEntries(instance: InstanceView, credential: Readonly<Record<string, string>>): BindingEntries {
  const definition = SERVICE_CLASSES[instance.serviceClass];
  const fields = normaliseFields(credential);
  const missing = missingCredentialFields(instance.serviceClass, Object.keys(fields));
  if (missing.length > 0) {
    throw new BindingError(
      'BINDING_CREDENTIAL_INCOMPLETE',
      `the credential lacks ${missing.join(', ')}, which a ${instance.serviceClass} binding needs`,
      'credential',
    );
  }
  const provider = productOf(instance.serviceClass, instance.cloud, instance.product)?.provider;
  const entries: Record<string, string> = {
    type: definition.bindingType,
    provider: provider ?? `${instance.cloud}-${instance.product}`,
  };
  const secretKeys: string[] = [];
  const known: Record<string, string | undefined> = {
    host: instance.endpoint?.host,
    port: instance.endpoint?.port === undefined ? undefined : String(instance.endpoint.port),
    bucket: instance.name,
    name: instance.name,
    region: instance.region,
  };
  for (const entry of definition.entries) {
    if (entry === 'uri') continue;
    // What the cloud says about the instance wins over a credential's copy of it (RDS secrets carry a host).
    const value = known[entry] ?? fields[entry] ?? definition.defaults?.[entry];
    if (value === undefined) continue;
    entries[entry] = value;
    if (isCredentialEntry(entry)) secretKeys.push(entry);
  }
  if (definition.entries.includes('uri')) {
    const uri = composeUri(instance, entries);
    if (uri !== undefined) {
      entries.uri = uri.value;
      if (uri.carriesCredential) secretKeys.push('uri');
    }
  }
  if (instance.serviceClass === 'secret') {
    for (const [key, value] of Object.entries(credential)) {
      if (key === 'type' || key === 'provider' || !SECRET_KEY.test(key)) continue;
      entries[key] = value;
      secretKeys.push(key);
    }
  }
  return { entries, secretKeys };
}

/** The entries with every credential-derived value replaced, for previews, responses and logs. */
export function redactedEntries(binding: BindingEntries): Record<string, string> {
  const redacted = { ...binding.entries };
  for (const key of binding.secretKeys) redacted[key] = REDACTED;
  return redacted;
}

export const REDACTED = '(redacted)';

function isCredentialEntry(entry: string): boolean {
  return entry === 'username' || entry === 'password';
}

function normaliseFields(credential: Readonly<Record<string, string>>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(credential)) fields[CREDENTIAL_FIELD_ALIASES[key] ?? key] = value;
  // An alias never overrides the field's own name.
  for (const [key, value] of Object.entries(credential)) if (!(key in CREDENTIAL_FIELD_ALIASES)) fields[key] = value;
  return fields;
}

function composeUri(
  instance: InstanceView,
  entries: Readonly<Record<string, string>>,
): { value: string; carriesCredential: boolean } | undefined {
  const scheme = SERVICE_CLASSES[instance.serviceClass].uriScheme;
  if (scheme === undefined || entries.host === undefined) {
    return instance.uri === undefined ? undefined : { value: instance.uri, carriesCredential: false };
  }
  const user = entries.username;
  const password = entries.password;
  const userInfo =
    user !== undefined
      ? `${encodeURIComponent(user)}${password !== undefined ? `:${encodeURIComponent(password)}` : ''}@`
      : password !== undefined
        ? `:${encodeURIComponent(password)}@`
        : '';
  const port = entries.port === undefined ? '' : `:${entries.port}`;
  const database = entries.database === undefined ? '' : `/${encodeURIComponent(entries.database)}`;
  const query = entries.sslmode === undefined ? '' : `?sslmode=${encodeURIComponent(entries.sslmode)}`;
  return {
    value: `${scheme}://${userInfo}${hostPart(entries.host)}${port}${database}${query}`,
    carriesCredential: userInfo !== '',
  };
}

/** An IPv6 address goes in brackets in a URI's authority. */
function hostPart(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
