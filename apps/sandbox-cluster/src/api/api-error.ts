import { StatusCause, StatusObject } from './types';
import { ResourceType } from './resource-catalog';

/** An API failure carrying the exact Status body the API server would answer with. */
export class ApiError extends Error {
  constructor(readonly status: StatusObject) {
    super(status.message);
  }

  get code(): number {
    return this.status.code;
  }
}

export function statusFailure(
  code: number,
  reason: string,
  message: string,
  details?: StatusObject['details'],
): StatusObject {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

/** "deployments.apps", the qualified resource name used in API messages. */
export function qualifiedResource(type: Pick<ResourceType, 'group' | 'resource'>): string {
  return type.group ? `${type.resource}.${type.group}` : type.resource;
}

export function notFound(type: Pick<ResourceType, 'group' | 'resource'>, name: string): ApiError {
  return new ApiError(
    statusFailure(404, 'NotFound', `${qualifiedResource(type)} "${name}" not found`, {
      name,
      ...(type.group ? { group: type.group } : {}),
      kind: type.resource,
    }),
  );
}

export function alreadyExists(type: ResourceType, name: string): ApiError {
  return new ApiError(
    statusFailure(409, 'AlreadyExists', `${qualifiedResource(type)} "${name}" already exists`, {
      name,
      ...(type.group ? { group: type.group } : {}),
      kind: type.resource,
    }),
  );
}

export function conflict(type: ResourceType, name: string, message: string, causes?: StatusCause[]): ApiError {
  return new ApiError(
    statusFailure(409, 'Conflict', message, {
      name,
      ...(type.group ? { group: type.group } : {}),
      kind: type.resource,
      ...(causes ? { causes } : {}),
    }),
  );
}

export function staleResourceVersion(type: ResourceType, name: string): ApiError {
  return conflict(
    type,
    name,
    `Operation cannot be fulfilled on ${qualifiedResource(type)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
  );
}

export function invalid(type: ResourceType, name: string, causes: StatusCause[]): ApiError {
  const kind = type.group ? `${type.kind}.${type.group}` : type.kind;
  const summary = causes.map((cause) => `${cause.field}: ${cause.message}`).join(', ');
  return new ApiError(
    statusFailure(422, 'Invalid', `${kind} "${name}" is invalid: ${causes.length > 1 ? `[${summary}]` : summary}`, {
      name,
      ...(type.group ? { group: type.group } : {}),
      kind: type.kind,
      causes,
    }),
  );
}

export function badRequest(message: string): ApiError {
  return new ApiError(statusFailure(400, 'BadRequest', message));
}
