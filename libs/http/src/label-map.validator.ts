import { ValidationOptions, registerDecorator } from 'class-validator';
import { labelValueViolation, qualifiedNameIssue } from '@fleetplane/fanout';

/** Why a key is not a Kubernetes label key (`[prefix/]name`), or undefined when it is one. */
export function labelKeyProblem(key: string): string | undefined {
  const issue = qualifiedNameIssue(key);
  if (issue?.part === 'prefix') return `label key ${key} has an invalid prefix (a DNS subdomain)`;
  if (issue) return `label key ${key} must be at most 63 letters, digits, -, _ or ., starting and ending alphanumeric`;
  return undefined;
}

/** A `Record<string, string>` of Kubernetes labels (or annotations, with `annotations: true`: any string values). */
export function IsLabelMap(options: { annotations?: boolean } = {}, validationOptions?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isLabelMap',
      target: object.constructor,
      propertyName,
      options: validationOptions,
      validator: {
        validate(value: unknown) {
          return mapProblem(value, options.annotations ?? false) === undefined;
        },
        defaultMessage(args) {
          return mapProblem(args?.value, options.annotations ?? false) ?? 'must be a map of labels';
        },
      },
    });
}

function mapProblem(value: unknown, annotations: boolean): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'must be an object of string keys and values';
  const entries = Object.entries(value);
  if (entries.length > 64) return 'must have at most 64 entries';
  for (const [key, entry] of entries) {
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) return keyProblem;
    if (typeof entry !== 'string') return `value of ${key} must be a string`;
    if (annotations ? entry.length > 4096 : labelValueViolation(entry) !== undefined) {
      return annotations
        ? `value of ${key} must be at most 4096 characters`
        : `value of ${key} must be at most 63 letters, digits, -, _ or ., starting and ending alphanumeric`;
    }
  }
  return undefined;
}
