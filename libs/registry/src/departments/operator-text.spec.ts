import { DataSource } from 'typeorm';
import { AuditLog } from '@insyn/audit';
import { BadInputError } from '@insyn/errors';
import { imitatesOperatorLabel, PersonsService, Role, TokensService } from '@insyn/access';
import { DepartmentsService } from './departments.service';

/**
 * The CLI creates persons, tokens and departments through these services without GraphQL's text
 * rule in front of them: the services apply it themselves, before anything reaches the database.
 * (A department name with an escape sequence went onto the public site; a label with a newline
 * into every audit event of its token.)
 */
describe('text the operator commands send to the services', () => {
  const untouched = new Proxy({} as DataSource, {
    get: () => {
      throw new Error('the database was reached');
    },
  });
  const fieldsOf = async (work: () => Promise<unknown>) => {
    const error = await work().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BadInputError);
    return (error as BadInputError).fields;
  };

  it.each([
    ['an escape sequence', 'Anna \u001b[31mBerg'],
    ['a bell', 'Anna\u0007'],
    ['a carriage return', 'Anna\rBerg'],
    ['an unpaired surrogate', 'Anna \ud800'],
    ['a newline', 'Anna\nBerg'],
  ])('refuses a person name with %s', async (_what, name) => {
    const persons = new PersonsService(untouched, new AuditLog());
    expect(await fieldsOf(() => persons.create({ name }, 'cli:test'))).toEqual([
      { field: 'name', message: expect.stringMatching(/^name must /) },
    ]);
  });

  it('refuses a person e-mail or a token label with a control character', async () => {
    const persons = new PersonsService(untouched, new AuditLog());
    expect(
      await fieldsOf(() => persons.create({ name: 'Anna', email: 'a\u0000@x.se' }, 'cli:test')),
    ).toEqual([{ field: 'email', message: expect.stringMatching(/^email must /) }]);
    const tokens = new TokensService(untouched, 'key', new AuditLog());
    expect(
      await fieldsOf(() =>
        tokens.create({
          label: 'lab\nel',
          person: { name: 'Anna' },
          role: Role.AUDITOR,
          createdBy: 'cli:test',
        }),
      ),
    ).toEqual([{ field: 'label', message: expect.stringMatching(/^label must /) }]);
  });

  it('refuses department names with a control character', async () => {
    const departments = new DepartmentsService(untouched, new AuditLog());
    expect(
      await fieldsOf(() =>
        departments.create(
          { slug: 'probe', nameSv: 'Probe\u001b[2J', nameEn: 'Probe\u0085' },
          {
            kind: 'token',
            tokenId: 't',
            personId: null,
            label: 'cli',
            role: Role.ADMIN,
            departmentId: null,
          },
        ),
      ),
    ).toEqual([
      { field: 'nameSv', message: expect.stringMatching(/^nameSv must not contain control/) },
      { field: 'nameEn', message: expect.stringMatching(/^nameEn must not contain control/) },
    ]);
  });

  it.each([
    ['invisible characters alone', '\u200b\u2060'],
    ['punctuation alone', '--'],
  ])(
    'refuses a token label of %s: it would show as nothing in the audit log',
    async (_what, label) => {
      const tokens = new TokensService(untouched, 'key', new AuditLog());
      expect(
        await fieldsOf(() =>
          tokens.create({
            label,
            person: { name: 'Anna' },
            role: Role.AUDITOR,
            createdBy: 'cli:test',
          }),
        ),
      ).toEqual([{ field: 'label', message: 'label must contain a letter or a digit' }]);
    },
  );

  it.each([
    ['cli:root', 'cli:root'],
    ['in capitals, spaced', '  CLI:Root '],
    ['in fullwidth letters (NFKC)', 'ｃｌｉ：root'],
    ['with a Cyrillic с', 'сli:root'],
    ['with a Greek lunate sigma, which NFKC alone makes a σ', '\u03f2li:root'],
    ['with a vertical colon, which NFKC alone makes ‥', 'cli\ufe30root'],
    ['with a zero-width space', 'cli\u200b:root'],
    ['as the bare fallback', 'cli'],
  ])(
    'refuses a token label imitating the CLI operator (%s): it reads as the operator in the audit log',
    async (_what, label) => {
      const tokens = new TokensService(untouched, 'key', new AuditLog());
      expect(
        await fieldsOf(() =>
          tokens.create({
            label,
            person: { name: 'Anna' },
            role: Role.ADMIN,
            createdBy: 'cli:test',
          }),
        ),
      ).toEqual([{ field: 'label', message: expect.stringMatching(/^label must not be "cli"/) }]);
    },
  );

  it('refuses no label for a new person named as the CLI operator (the label defaults to it)', async () => {
    const tokens = new TokensService(untouched, 'key', new AuditLog());
    expect(
      await fieldsOf(() =>
        tokens.create({ person: { name: 'Cli:Root' }, role: Role.ADMIN, createdBy: 'cli:test' }),
      ),
    ).toEqual([{ field: 'label', message: expect.stringMatching(/^label is needed/) }]);
  });

  it('keeps labels that only start with the letters (Clio, client)', () => {
    for (const label of ['Clio Berg', 'client: Skolverket', 'cli-tool', 'cli : x'])
      expect(imitatesOperatorLabel(label)).toBe(false);
  });

  it('refuses a person name of punctuation alone', async () => {
    const persons = new PersonsService(untouched, new AuditLog());
    expect(await fieldsOf(() => persons.create({ name: '-- --' }, 'cli:test'))).toEqual([
      { field: 'name', message: 'name must contain a letter or a digit' },
    ]);
  });
});
