import { LiveObject, findCondition, stringAt } from './live-object';
import { Readiness, failed, progressing, ready } from './readiness';

export function jobReadiness(live: LiveObject): Readiness {
  const complete = findCondition(live, 'Complete');
  if (complete?.status === 'True') return ready('JobComplete', complete.message ?? 'job completed');
  const jobFailed = findCondition(live, 'Failed');
  if (jobFailed?.status === 'True') return failed(jobFailed.reason ?? 'JobFailed', jobFailed.message ?? 'job failed');
  // FailureTarget is set before Failed once the job is doomed; waiting for Failed would only add pod cleanup time.
  const failureTarget = findCondition(live, 'FailureTarget');
  if (failureTarget?.status === 'True')
    return failed(failureTarget.reason ?? 'JobFailed', failureTarget.message ?? 'job is failing');
  if (live.spec?.['suspend'] === true) return progressing('Suspended', 'job is suspended');
  return progressing('JobRunning', 'job has not completed yet');
}

export function customResourceDefinitionReadiness(live: LiveObject): Readiness {
  const namesAccepted = findCondition(live, 'NamesAccepted');
  if (namesAccepted?.status === 'False')
    return failed(namesAccepted.reason ?? 'NamesNotAccepted', namesAccepted.message ?? 'names not accepted');
  const established = findCondition(live, 'Established');
  if (established?.status === 'True') return ready('Established', 'custom resource definition is established');
  return progressing(
    'NotEstablished',
    established?.message ?? 'waiting for the custom resource definition to be established',
  );
}

export function namespaceReadiness(live: LiveObject): Readiness {
  // Objects cannot be created in a terminating namespace, so waiting on it would never end well.
  if (stringAt(live.status, 'phase') === 'Terminating')
    return failed('NamespaceTerminating', 'namespace is being deleted');
  return ready('Applied', 'namespace is active');
}
