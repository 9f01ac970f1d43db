import { FieldError, domainErrors } from '@fleetplane/http';

/**
 * The promotion module's failures (environments, pipelines, promotions, approvals). A missing resource at
 * a request's path is not found (as is another team's); one named in a body is a wrong field of it.
 */
export const promotionErrors = {
  environmentNotFound: (name: string) => domainErrors.notFound('Environment', name),
  pipelineNotFound: (application: string) => domainErrors.notFound('Pipeline of application', application),
  promotionNotFound: (id: string) => domainErrors.notFound('Promotion', id),
  unknownEnvironment: (field: string, name: string) =>
    domainErrors.unknownReference(field, `Environment ${name} does not exist in this team.`, 'environment'),

  environmentNameTaken: (name: string) =>
    domainErrors.conflict(`Environment ${name} already exists.`, [{ field: 'name', message: 'is taken' }]),
  environmentInUse: (name: string, by: string[]) =>
    domainErrors.conflict(`Environment ${name} is used by ${by.join(', ')}; remove it from those first.`, [
      { field: 'path.name', message: `is used by ${by.join(', ')}` },
    ]),
  invalidEnvironment: (fields: FieldError[]) =>
    domainErrors.unprocessable(
      'invalid-environment',
      'Invalid environment',
      'The environment cannot be stored as asked.',
      fields,
    ),
  invalidPipeline: (fields: FieldError[]) =>
    domainErrors.unprocessable(
      'invalid-pipeline',
      'Invalid pipeline',
      'The pipeline cannot be stored as asked.',
      fields,
    ),

  selection: () =>
    domainErrors.validation(
      ['application', 'applications', 'all'].map((field) => ({
        field,
        message: 'exactly one of application, applications and all is required',
      })),
    ),
  sameEnvironment: () => domainErrors.validation([{ field: 'to', message: 'must differ from from' }]),
  notAStage: (application: string, from: string, to: string) =>
    domainErrors.unprocessable(
      'not-a-pipeline-stage',
      'Not a stage of the pipeline',
      `The pipeline of ${application} has no stage ${to} that takes releases from ${from}.`,
      [{ field: 'to', message: `is not downstream of ${from} in the pipeline of ${application}` }],
    ),
  nothingRunning: (field: string, application: string, from: string) =>
    domainErrors.unprocessable(
      'nothing-to-promote',
      'Nothing to promote',
      `${application} has never been deployed to ${from}.`,
      [{ field, message: `${application} runs nothing in ${from}` }],
    ),
  neverHealthy: (application: string, release: string, from: string, why: string) =>
    domainErrors.conflict(
      `${application} ${release} never became healthy in ${from}: ${why.replace(/\.+$/, '')}. An admin may force the promotion with a reason.`,
      [{ field: 'force', message: 'is required to promote a release that never became healthy' }],
    ),
  frozen: (to: string, freezes: string) =>
    domainErrors.conflict(`${to} is frozen (${freezes}). An admin may override the freeze with a reason.`, [
      { field: 'force', message: `is required to promote into ${to} while it is frozen` },
    ]),
  forceNeedsAdmin: () =>
    domainErrors.forbidden('Only an admin of the team may force a promotion; the reason is audited.'),
  alreadyPromoting: (application: string, to: string, id: string) =>
    domainErrors.conflict(`Promotion ${id} is already moving ${application} into ${to}; wait for it or cancel it.`, [
      { field: 'to', message: `has promotion ${id} of ${application} still active` },
    ]),
  notInState: (id: string, state: string, action: string, required: string) =>
    domainErrors.conflict(`Promotion ${id} is ${state}; only a promotion ${required} can be ${action}.`),
  approverRefused: (message: string) => domainErrors.forbidden(`Refused: ${message}.`),
  alreadyApproved: (message: string) => domainErrors.conflict(`Refused: ${message}.`),
  declineNeedsComment: () => domainErrors.validation([{ field: 'comment', message: 'is required to decline' }]),
  stateChanged: (id: string, state: string) =>
    domainErrors.conflict(`Promotion ${id} moved to ${state} meanwhile; read it again.`),
  notPinned: (environment: string, application: string) =>
    domainErrors.notFound('Pin of application', `${application} in environment ${environment}`),
  notificationTargetNotFound: (environment: string, id: string) =>
    domainErrors.notFound('Notification target', `${id} of environment ${environment}`),
  invalidNotificationTarget: (fields: FieldError[]) => domainErrors.validation(fields),
};
