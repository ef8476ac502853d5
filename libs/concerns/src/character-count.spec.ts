import { DataSource } from 'typeorm';
import { Role, TokenActor } from '@insyn/access';
import { AuditLog } from '@insyn/audit';
import { InsynConfig } from '@insyn/config';
import { BadInputError } from '@insyn/errors';
import { EntriesRepository, EntryWorkflowService, RegistryClock } from '@insyn/registry';
import { ConcernCategory } from './concern-enums';
import { ConcernsService } from './concerns.service';

/**
 * "At most 4,000 characters" counts characters, as the schema's validation and PostgreSQL do: an
 * emoji (two UTF-16 code units in JavaScript) is one. The services counted code units, so a
 * resident's concern of 2,001 emoji was refused as longer than 4,000 characters.
 */
describe('text limits count characters, not UTF-16 code units', () => {
  const REACHED = 'got past the input checks';
  const reached = new Proxy({} as never, {
    get: () => {
      throw new Error(REACHED);
    },
  });
  const outcome = async (work: () => Promise<unknown>) =>
    work().then(
      () => 'OK',
      (e: unknown) =>
        e instanceof BadInputError
          ? e.fields.map((f) => f.message).join('; ')
          : (e as Error).message,
    );
  const emoji = (n: number) => '\u{1F600}'.repeat(n);

  it('workflow notes: 4,000 emoji pass the check, 4,001 do not', async () => {
    const workflow = new EntryWorkflowService(
      reached as DataSource,
      reached as EntriesRepository,
      new AuditLog(),
      new RegistryClock(),
    );
    const reviewer: TokenActor = {
      kind: 'token',
      tokenId: 't',
      personId: 'p',
      label: 'r',
      role: Role.REVIEWER,
      departmentId: null,
    };
    const id = '00000000-0000-4000-8000-000000000000';
    expect(await outcome(() => workflow.returnToDraft(reviewer, id, emoji(4000)))).toBe(REACHED);
    expect(await outcome(() => workflow.retire(reviewer, id, emoji(4001)))).toBe(
      'reason must be at most 4000 characters',
    );
  });

  it('a concern’s text: 4,000 emoji pass the check, 4,001 do not', async () => {
    const principles = { codes: () => Promise.resolve(new Set(['PRIVACY_AND_SECURITY'])) };
    const concerns = new ConcernsService(
      reached as DataSource,
      reached,
      reached as EntriesRepository,
      principles as never,
      reached,
      new AuditLog(),
      new RegistryClock(),
      {} as InsynConfig,
      reached,
      'a contact secret of the test',
    );
    const input = (text: string) => ({
      entryId: '00000000-0000-4000-8000-000000000000',
      principleCodes: ['PRIVACY_AND_SECURITY'],
      category: ConcernCategory.OTHER,
      text,
      consentToPublish: false,
    });
    expect(await outcome(() => concerns.file(input(emoji(4000)) as never))).toBe(REACHED);
    expect(await outcome(() => concerns.file(input(emoji(4001)) as never))).toBe(
      'text must be at most 4000 characters',
    );
  });
});
