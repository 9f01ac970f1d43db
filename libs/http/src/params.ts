import { Param, ParseUUIDPipe } from '@nestjs/common';
import { problems } from './problem';

/** A path parameter that must be a UUID; anything else is a 400 naming the parameter. */
export const UuidParam = (name: string) =>
  Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () => problems.validation([{ field: `path.${name}`, message: 'must be a UUID' }]),
    }),
  );
