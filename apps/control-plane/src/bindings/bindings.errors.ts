import { DomainError, FieldError, domainErrors } from '@fleetplane/http';
import { BindingError } from '@fleetplane/bindings';
import type { ProviderError } from '@fleetplane/providers';
import { providerError } from '../clusters/provider-errors';

/**
 * The bindings module's failures. A missing instance or binding at a request's path is not found (as is
 * another team's); one named in a body is a wrong field of that request. Cloud failures are translated
 * by `providerError`, with the field they concern.
 */
export const bindingErrors = {
  instanceNotFound: (name: string) => domainErrors.notFound('Service instance', name),
  bindingNotFound: (application: string, name: string) => domainErrors.notFound('Binding', `${application}/${name}`),
  unknownInstance: (name: string) =>
    domainErrors.unknownReference('instance', `Service instance ${name} is not registered for this team.`),
  unknownCluster: (name: string) =>
    domainErrors.unknownReference('query.cluster', `Cluster ${name} does not exist.`, 'cluster'),

  instanceNameTaken: (name: string) =>
    domainErrors.conflict(`A service instance named ${name} is already registered.`, [
      { field: 'name', message: 'is taken' },
    ]),
  instanceRegistered: (nativeId: string, name: string) =>
    domainErrors.conflict(`${nativeId} is already registered as ${name}.`, [
      { field: 'nativeId', message: `is already registered as ${name}` },
    ]),
  instanceInUse: (name: string, bindings: string[]) =>
    domainErrors.conflict(`Service instance ${name} is bound by ${bindings.join(', ')}; remove those bindings first.`, [
      { field: 'path.name', message: `is bound by ${bindings.join(', ')}` },
    ]),

  unrecognisedNativeId: (nativeId: string) =>
    domainErrors.unprocessable(
      'unrecognised-native-id',
      'Unrecognised native id',
      `${nativeId} is not an ARN, a GCP resource name (projects/...) or an Azure resource id (/subscriptions/...).`,
      [{ field: 'nativeId', message: 'names no cloud resource this control plane knows' }],
    ),
  credentialTypeRefused: (field: string, cloud: string, accepted: readonly string[]) =>
    domainErrors.validation([{ field, message: `must be one of ${accepted.join(', ')} for cloud ${cloud}` }]),

  /** Two bindings of one name, equally specific, that could both match one cluster. */
  ambiguous: (detail: string, existing: string[]) =>
    domainErrors.conflict(detail, [{ field: 'scope', message: `ties with ${existing.join(', ')}` }]),
  invalidBinding: (fields: FieldError[], detail = 'The binding cannot be written as asked.') =>
    domainErrors.unprocessable('invalid-binding', 'Invalid binding', detail, fields),
  invalidInput: (fields: FieldError[]) => domainErrors.validation(fields),

  /** A binding change rolls itself out, so it waits for the application's active deployment to finish. */
  rolloutActive: (application: string, deploymentId: string) =>
    domainErrors.conflict(
      `Deployment ${deploymentId} of ${application} is still active; a binding change rolls itself out, so wait for that deployment to finish or cancel it first.`,
      [{ field: 'path.app', message: `has deployment ${deploymentId} active` }],
    ),

  /** An endpoint change rolls itself out to every application bound to the instance, so it waits for theirs. */
  instanceRolloutActive: (instance: string, application: string, deploymentId: string) =>
    domainErrors.conflict(
      `Deployment ${deploymentId} of ${application} is still active; a refresh that moves the endpoint of ${instance} rolls itself out to ${application}, so wait for that deployment to finish or cancel it first. Nothing was changed.`,
      [{ field: 'path.name', message: `is bound by ${application}, which has deployment ${deploymentId} active` }],
    ),

  /** A deployment whose placed cluster cannot get one of the application's bindings. */
  unsatisfiedBindings: (problems: Array<{ cluster: string; binding: string; reason: string }>): DomainError =>
    domainErrors.unprocessable(
      'binding-unsatisfied',
      'Binding cannot be satisfied',
      `No instance satisfies ${problems.map((problem) => `binding ${problem.binding} on cluster ${problem.cluster}`).join(', ')}.`,
      problems.map((problem) => ({
        field: `bindings.${problem.binding}`,
        message: `cluster ${problem.cluster}: ${problem.reason}`,
      })),
    ),
};

/**
 * A cloud failure as `providerError` translates it, but naming the request field it concerns (the
 * native id, a secret reference) instead of a cluster reference.
 */
export function cloudProblem(error: ProviderError, field: string): DomainError {
  const translated = providerError(error);
  const fields = (translated.options.fields ?? [{ field, message: error.message }]).map((entry) => ({
    ...entry,
    field: entry.field === 'credential' && field !== 'instance' ? 'credential' : field,
  }));
  return new DomainError(translated.code, translated.message, { ...translated.options, fields });
}

/** Runs a projection, a `BindingError` from it a 422 naming its field. */
export async function bindingProblem<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof BindingError)
      throw bindingErrors.invalidBinding([{ field: error.field, message: error.message }], error.message);
    throw error;
  }
}
