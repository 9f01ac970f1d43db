import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, problems } from './problem';
import { unstorableText } from './unstorable-text';

/**
 * The one validation step at the edge: text PostgreSQL cannot store is refused, unknown fields are
 * refused, types are converted once, and every wrong field is named in the problem's `errors`.
 */
export function createValidationPipe(): ValidationPipe {
  return new EdgeValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => problems.validation(flattenValidationErrors(errors)),
  });
}

const PREFIXES: Partial<Record<ArgumentMetadata['type'], string>> = { body: '', query: 'query', param: 'path' };

class EdgeValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const prefix = PREFIXES[metadata.type];
    if (prefix !== undefined) {
      const errors = unstorableText(value, [prefix, metadata.data].filter(Boolean).join('.'));
      if (errors.length > 0) throw problems.validation(errors);
    }
    return super.transform(value, metadata);
  }
}
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = joinPath(parent, error.property);
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      message: rephrase(message, error.property),
    }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

function joinPath(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}

/** class-validator starts each message with the property name; the field is already named beside it. */
function rephrase(message: string, property: string): string {
  if (message === `property ${property} should not exist`) return 'is not a known field';
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}
