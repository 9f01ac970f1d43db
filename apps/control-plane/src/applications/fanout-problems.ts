import { DomainError, FieldError } from '@fleetplane/http';
import { ErrorDetail, FanoutError } from '@fleetplane/fanout';

/**
 * Fan-out validation errors as domain errors: each detail keeps its field path, prefixed with where it sits
 * in the request, plus the document index and source line when the input was YAML. Refused as unprocessable,
 * or as a conflict where the input collides with what is stored (a release version with other content).
 * `fields` are the request fields the stage checked, the first one the prefix of a path that names none.
 */
export function fanoutProblem(
  error: FanoutError,
  fields: string | readonly [string, ...string[]],
  code: 'unprocessable' | 'conflict' = 'unprocessable',
): DomainError {
  const named = typeof fields === 'string' ? [fields] : fields;
  const fieldPrefix = named[0];
  const errors = error.details.map((detail) => toFieldError(detail, named));
  return new DomainError(code, error.message, {
    slug: error.code.toLowerCase().replace(/_/g, '-'),
    title: titleOf(error.code),
    fields: errors.length > 0 ? errors : [{ field: fieldPrefix, message: error.message }],
  });
}

function toFieldError(detail: ErrorDetail, fields: readonly string[]): FieldError {
  const prefix = fields[0];
  const document = detail.documentIndex === undefined ? '' : `[${detail.documentIndex}]`;
  // Stages that validate a whole list already name it (`overrides[0].target`): no second prefix then.
  const namesField = (field: string) =>
    detail.path === field || detail.path.startsWith(`${field}[`) || detail.path.startsWith(`${field}.`);
  if (detail.documentIndex === undefined && fields.some(namesField)) {
    return { field: detail.path, message: detail.message };
  }
  const path = detail.path ? `.${detail.path}` : '';
  const position =
    detail.line === undefined
      ? ''
      : ` (line ${detail.line}${detail.column === undefined ? '' : `, column ${detail.column}`})`;
  return { field: `${prefix}${document}${path}`, message: `${detail.message}${position}` };
}

function titleOf(code: string): string {
  return code
    .toLowerCase()
    .split('_')
    .map((word, index) => (index === 0 ? word[0].toUpperCase() + word.slice(1) : word))
    .join(' ');
}
