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
};
