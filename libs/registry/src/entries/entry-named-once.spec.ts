import { DataSource } from 'typeorm';
import { Role, TokenActor } from '@insyn/access';
import { AuditLog } from '@insyn/audit';
import { BadInputError } from '@insyn/errors';
import { RegistryClock } from '../visibility/registry-clock';
import { EntriesRepository } from './entries.repository';
import { EntriesService } from './entries.service';
import { EntryContentPatch } from './entry-content-patch';
import { EntryKind } from './entry-enums';

/**
 * A language names one translation, a principle one rationale: the API's inputs refused a second
 * one, but imports reach the service without them (a record with two English translations was
 * imported as a draft).
 */
describe('EntriesService: each language, principle and listed thing once', () => {
  const untouched = new Proxy({} as DataSource, {
    get: () => {
      throw new Error('the database was reached');
    },
  });
  const repository = {
    departmentBySlug: () => Promise.resolve({ id: 'd' }),
  } as unknown as EntriesRepository;
  const service = new EntriesService(untouched, repository, new AuditLog(), new RegistryClock());
  const editor: TokenActor = {
    kind: 'token',
    tokenId: 't',
    personId: 'p',
    label: 'e',
    role: Role.EDITOR,
    departmentId: 'd',
  };
  const fields = (patch: Record<string, unknown>) =>
    service
      .register(editor, EntryKind.ALGORITHM, 'x', { title: 'T', ...patch } as EntryContentPatch)
      .then(
        () => [],
        (error: unknown) => {
          if (!(error instanceof BadInputError)) throw error;
          return error.fields;
        },
      );

  it('refuses a language translated twice', async () => {
    expect(
      await fields({
        translations: [
          { language: 'en', title: 'One' },
          { language: 'en', title: 'Two' },
        ],
      }),
    ).toEqual([
      {
        field: 'input.translations.1.language',
        message: 'is item 0 again (language "en"): name each once',
      },
    ]);
  });

  it('refuses a principle named twice', async () => {
    expect(
      await fields({
        principles: [
          { code: 'PRIVACY_AND_SECURITY', rationale: 'a' },
          { code: 'PRIVACY_AND_SECURITY', rationale: 'b' },
        ],
      }),
    ).toEqual([
      {
        field: 'input.principles.1.code',
        message: 'is item 0 again (code "PRIVACY_AND_SECURITY"): name each once',
      },
    ]);
  });

  it('refuses a list of the catalogue that names a thing twice, compared as the API compares', async () => {
    expect(
      await fields({
        keywords: ['Trafik', ' trafik\u200b'],
        legalBasis: [
          { title: 'Socialtjänstlagen (2001:453)' },
          { title: 'Kommunallagen' },
          { title: 'SOCIALTJÄNSTLAGEN  (2001:453)' },
        ],
        algorithm: {
          models: [
            { name: 'Modell', version: '1' },
            { name: 'Modell', version: '2' },
            { name: 'modell', version: '2' },
          ],
        },
      } as unknown as Record<string, unknown>),
    ).toEqual([
      {
        field: 'input.keywords.1',
        message: 'repeats an earlier item (" trafik\u200b"): name each once',
      },
      {
        field: 'input.legalBasis.2.title',
        message: 'repeats an earlier item (title "SOCIALTJÄNSTLAGEN  (2001:453)"): name each once',
      },
      {
        field: 'input.algorithm.models.2.name',
        message: 'repeats an earlier item (name "modell", version "2"): name each once',
      },
    ]);
  });

  it('lets lists whose items differ in what they are compared by through', async () => {
    // Past every rule, the service goes to the database: this one is not there.
    await expect(
      service.register(editor, EntryKind.ALGORITHM, 'x', {
        title: 'T',
        keywords: ['Trafik', 'Trafikljus'],
        legalBasis: [{ title: 'Kommunallagen' }, { title: 'Kommunallagen 2' }],
        algorithm: {
          models: [
            { name: 'Modell', version: '1' },
            { name: 'Modell', version: '2' },
          ],
        },
      } as EntryContentPatch),
    ).rejects.toThrow('the database was reached');
  });
});
