import { ArgumentMetadata, Injectable, ValidationPipe } from '@nestjs/common';
import { BadInputError, toFieldProblems } from '@insyn/errors';

/**
 * class-validator on every argument; a failure becomes BAD_USER_INPUT naming each field by its
 * path from the argument (`input.contact.email`), before any resolver code runs.
 */
@Injectable()
export class InputValidationPipe extends ValidationPipe {
  constructor() {
    super({
      transform: true,
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => new BadInputError(toFieldProblems(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      if (error instanceof BadInputError && metadata.data) {
        throw new BadInputError(
          error.fields.map((f) => ({ ...f, field: `${metadata.data}.${f.field}` })),
        );
      }
      throw error;
    }
  }
}
