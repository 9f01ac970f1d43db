import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsObject, ValidateNested } from 'class-validator';

/** One class of a tagged union of DTOs, and the value of the tag that names it. */
export interface TaggedSubtype {
  value: new () => object;
  name: string;
}

/**
 * A nested object validated as the class its `tag` property names among `subtypes` (as the base class when
 * it names none, whose own check on the tag then says which values it takes). Used instead of
 * class-transformer's discriminator, which reads the tag of every item of a list without checking that the
 * item is an object: `[null]` made it throw, and the request answered 500. A list or any other value that
 * is not an object is refused here as such.
 */
export function TaggedUnion(base: abstract new () => object, tag: string, subtypes: readonly TaggedSubtype[]) {
  return applyDecorators(
    IsObject(),
    ValidateNested(),
    Type((options) => {
      const value: unknown = options?.object[options.property];
      const named = isRecord(value) ? value[tag] : undefined;
      return subtypes.find((subtype) => subtype.name === named)?.value ?? base;
    }),
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
