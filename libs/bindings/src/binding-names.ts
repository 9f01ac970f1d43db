import { createHash } from 'node:crypto';

/**
 * Service Binding 1.1: "Binding names MUST match `[a-z0-9\-\.]{1,253}`". A binding name is also the
 * directory under `$SERVICE_BINDING_ROOT` and part of its Secret's name, so it must further be a DNS
 * subdomain (no `.` or `..` directory, no leading or trailing `-`/`.`), and at most 63 characters.
 */
const SPEC_BINDING_NAME = /^[a-z0-9\-.]{1,253}$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const MAX_BINDING_NAME_LENGTH = 63;

/** Why a binding name is refused, or `undefined` when it is valid. */
export function bindingNameViolation(name: string): string | undefined {
  if (!SPEC_BINDING_NAME.test(name)) return 'must match [a-z0-9\\-\\.]{1,253} (Service Binding for Kubernetes 1.1)';
  if (name.length > MAX_BINDING_NAME_LENGTH) return `must be at most ${MAX_BINDING_NAME_LENGTH} characters`;
  if (!DNS_SUBDOMAIN.test(name))
    return 'must start and end with a letter or digit, with no empty part between dots (it names a directory and a Secret)';
  return undefined;
}

/** The Secret a binding is projected from, in the application's namespace: `<application>-<binding>-binding`. */
export function bindingSecretName(application: string, bindingName: string): string {
  const readable = `${application}-${bindingName}-binding`;
  if (readable.length <= 253) return readable;
  return `${application.slice(0, 180)}-${shortHash(bindingName)}-binding`;
}

/**
 * The pod volume of a binding. Volume names are DNS labels (no dots, at most 63 characters), so a
 * binding name that is not one is represented by a hash of it.
 */
export function bindingVolumeName(bindingName: string): string {
  const readable = `binding-${bindingName}`;
  if (!bindingName.includes('.') && readable.length <= 63) return readable;
  return `binding-${shortHash(bindingName)}`;
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
