import { BadInputError, ConflictError, NotFoundError } from '@insyn/errors';
import { underArgument } from './field-paths';

describe('underArgument', () => {
  it('names service fields from the GraphQL argument', async () => {
    await expect(
      underArgument('input', async () => {
        throw new BadInputError([{ field: 'slug', message: 'bad' }]);
      }),
    ).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.slug', message: 'bad' }],
      message: 'Invalid input: input.slug: bad',
    });
    await expect(
      underArgument('input', async () => {
        throw new ConflictError('taken', [{ field: 'slug', message: 'taken' }]);
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT', fields: [{ field: 'input.slug' }] });
  });

  it('leaves results, errors without fields and other errors alone', async () => {
    await expect(underArgument('input', async () => 42)).resolves.toBe(42);
    const notFound = new NotFoundError('Thing');
    await expect(
      underArgument('input', async () => {
        throw notFound;
      }),
    ).rejects.toBe(notFound);
    const boom = new Error('boom');
    await expect(
      underArgument('input', async () => {
        throw boom;
      }),
    ).rejects.toBe(boom);
  });
});
