import { DataSource } from 'typeorm';
import { createTestTokens, TestTokens } from '@insyn/testing';
import { RegistryApiHarness } from './registry-api.harness';

/**
 * One error shape for a form: a value of the wrong type (caught while coercing variables) and a
 * value breaking a rule (caught by validation) both come as BAD_USER_INPUT with
 * `extensions.fields` named from the argument, whatever the variable is called.
 */
describe('one error shape for type and validation errors', () => {
  let api: RegistryApiHarness;
  let tokens: TestTokens;
  let db: DataSource;

  beforeAll(async () => {
    api = await RegistryApiHarness.start('error-shape');
    db = api.app.get(DataSource);
    tokens = await createTestTokens(db);
  });
  afterAll(async () => {
    await api.stop();
  });

  const entries = async () => Number((await db.query(`SELECT count(*) AS n FROM entry`))[0].n);
  /** Registers with the input in a variable deliberately not named like the argument. */
  const register = (input: Record<string, unknown>) =>
    api
      .graphql(tokens.editorA)
      .request(
        `mutation($d: String!, $i: AlgorithmInput!) { registerAlgorithm(departmentSlug: $d, input: $i) { id } }`,
        { d: 'department-a', i: input },
      );
  const assessment = (fields: Record<string, unknown>) => ({
    title: 'Bedömning',
    impactAssessments: [
      { type: 'DPIA', date: '2024-01-10' },
      { type: 'DPIA', ...fields },
    ],
  });
  const problems = (result: Awaited<ReturnType<typeof register>>) => {
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    return result.errors?.[0].extensions?.fields?.map((f) => f.field);
  };

  it('names an unknown enum value like a validation error names a text too long', async () => {
    const before = await entries();
    const enumError = await register(assessment({ type: 'NOT_A_TYPE' }));
    const ruleError = await register(assessment({ summary: 'x'.repeat(4001) }));
    expect(problems(enumError)).toEqual(['input.impactAssessments.1.type']);
    expect(problems(ruleError)).toEqual(['input.impactAssessments.1.summary']);
    // Nothing executed for the type error (HTTP 400); the validation error is a field error.
    expect(enumError.status).toBe(400);
    expect(ruleError.status).toBe(200);
    expect(enumError.errors?.[0].message).toMatch(/input\.impactAssessments\.1\.type/);
    expect(JSON.stringify(enumError)).not.toMatch(/\$i\b|\[1\]/);
    expect(await entries()).toBe(before);
  });

  it('names `id` when a write is given an id that is no entry id, without repeating it', async () => {
    const writes = [
      `mutation($x: ID!) { updateAlgorithm(id: $x, input: { summary: "S" }) { id } }`,
      `mutation($x: ID!) { submitEntryForReview(id: $x) { id } }`,
      `mutation($x: ID!) { discardDraft(id: $x) { entryId } }`,
    ];
    for (const query of writes)
      for (const x of ['', 'nope', `${'9'.repeat(5000)}`]) {
        const result = await api.graphql(tokens.editorA).request(query, { x });
        expect(problems(result)).toEqual(['id']);
        expect(result.errors?.[0].message).toBe('Invalid input: id: must be an entry id (a UUID)');
      }
  });

  it('names a missing required field and an unknown field by their own path', async () => {
    expect(problems(await register({ summary: 'Utan titel' }))).toEqual(['input.title']);
    expect(problems(await register({ title: 'x', titel: 'stavfel' }))).toEqual(['input.titel']);
    expect(problems(await register({ title: 'x', impactAssessments: [{}] }))).toEqual([
      'input.impactAssessments.0.type',
    ]);
  });

  it('names scalar type errors, several at once, and variables inside object literals', async () => {
    const result = await api
      .graphql()
      .request(
        `query($n: Int!, $kind: EntryKind!) { entries(first: $n, filter: { kind: [$kind] }) { nodes { id } } }`,
        { n: 'twenty', kind: 'ROBOT' },
      );
    expect(result.status).toBe(400);
    expect(problems(result as any)).toEqual(['first', 'filter.kind.0']);
  });

  it('refuses a link or an e-mail address the exports could not write as an IRI (a link: as a URI), naming the character', async () => {
    const before = await entries();
    for (const [input, field, message] of [
      [
        { title: 'Länk', algorithm: { sourceCode: { link: 'https://x.example/a\\b' } } },
        'input.algorithm.sourceCode.link',
        'link must not contain "\\" (U+005C at position 20)',
      ],
      [
        { title: 'Länk', legalBasis: [{ title: 'Lag', link: 'https://x.example/a|b' }] },
        'input.legalBasis.0.link',
        'link must not contain "|" (U+007C at position 20)',
      ],
      [
        { title: 'Adress', contact: { email: '"a b"@example.se' } },
        'input.contact.email',
        'email must not contain a double quote (U+0022 at position 1)',
      ],
      // What a browser forgives and a URI cannot hold: the Dutch register's file left the
      // entry out for each of these.
      [
        { title: 'Länk', legalBasis: [{ title: 'Lag', link: 'https://x.example/a%zz' }] },
        'input.legalBasis.0.link',
        'link must not contain "%" without two hex digits after it (at position 20)',
      ],
      [
        { title: 'Länk', algorithm: { sourceCode: { link: 'https://x.example/a[1]' } } },
        'input.algorithm.sourceCode.link',
        'link must not contain "[" outside the host (at position 20)',
      ],
      [
        { title: 'Länk', algorithm: { sourceCode: { link: 'https://x.example/#a#b' } } },
        'input.algorithm.sourceCode.link',
        'link must not contain a second "#" (at position 21)',
      ],
    ] as const) {
      const result = await register(input);
      expect({ field, problems: problems(result) }).toEqual({ field, problems: [field] });
      expect(result.errors?.[0].message).toContain(message);
    }
    expect(await entries()).toBe(before);
    // A link with what an IRI holds (percent-escapes, non-ASCII letters) is taken.
    const fine = await register({
      title: 'Länk',
      algorithm: { sourceCode: { link: 'https://x.example/s%C3%B6k/åäö?q=1#a' } },
    });
    expect(fine.errors).toBeUndefined();
  });

  it('refuses an empty list in a filter, naming it, rather than reading it as "all" or "none"', async () => {
    for (const [query, field] of [
      [`{ entries(filter: { kind: [] }) { nodes { id } } }`, 'filter.kind'],
      [`{ entries(filter: { department: [] }) { nodes { id } } }`, 'filter.department'],
      [`{ entries(filter: { anyOf: [] }) { nodes { id } } }`, 'filter.anyOf'],
      [`{ entries(filter: { anyOf: [{ theme: [] }] }) { nodes { id } } }`, 'filter.anyOf.0.theme'],
      [`{ entries(filter: { supplier: [] }) { nodes { id } } }`, 'filter.supplier'],
      [`{ registerStats(groupBy: [KIND], filter: { status: [] }) { count } }`, 'filter.status'],
      [
        `{ search(query: "x", filter: { riskClass: [] }) { estimatedTotalHits } }`,
        'filter.riskClass',
      ],
    ] as const) {
      const result = await api.graphql(tokens.auditor).request(query);
      expect({ query, fields: problems(result as any) }).toEqual({ query, fields: [field] });
      const last = field.split('.').at(-1);
      expect(result.errors?.[0].message).toContain(
        `${last} must hold at least one value (leave it out not to filter by it)`,
      );
    }
    const concerns = await api
      .graphql(tokens.auditor)
      .request(`{ concerns(filter: { entryIds: [] }) { nodes { id } } }`);
    expect(problems(concerns as any)).toEqual(['filter.entryIds']);
    // Left out, or with a value, the filter works as before.
    expect(
      await api
        .graphql(tokens.auditor)
        .errorCodes(`{ entries(filter: { kind: [DATASET] }) { nodes { id } } }`),
    ).toEqual([]);
  });

  it('names literals of the wrong type like variables: HTTP 400, the field from the argument', async () => {
    const before = await entries();
    const result = await api
      .graphql(tokens.editorA)
      .request(
        `mutation { registerAlgorithm(departmentSlug: "department-a", input: { title: "x", titel: "y", theme: NOT_A_THEME, impactAssessments: [{ date: "2024-02-30" }] }) { id } }`,
      );
    expect(result.status).toBe(400);
    const named = result.errors?.map((e) => [
      e.extensions?.code,
      e.extensions?.fields?.map((f) => f.field),
    ]);
    expect(named).toEqual(
      expect.arrayContaining([
        ['BAD_USER_INPUT', ['input.titel']],
        ['BAD_USER_INPUT', ['input.theme']],
        ['BAD_USER_INPUT', ['input.impactAssessments.0.type']],
        ['BAD_USER_INPUT', ['input.impactAssessments.0.date']],
      ]),
    );
    expect(named).toHaveLength(4);
    const scalars = await api
      .graphql()
      .request(`{ entries(first: "twenty", filter: { kind: [ROBOT] }) { nodes { id } } }`);
    expect(scalars.errors?.map((e) => e.extensions?.fields?.map((f) => f.field))).toEqual([
      ['first'],
      ['filter.kind.0'],
    ]);
    expect(await entries()).toBe(before);
  });

  it('leaves other validation errors as they are', async () => {
    const result = await api.graphql().request(`{ entries(firstt: 1) { nodes { id } } }`);
    expect(result.status).toBe(400);
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('names a missing required variable by its argument', async () => {
    const result = await api
      .graphql(tokens.editorA)
      .request(
        `mutation($i: AlgorithmInput!) { registerAlgorithm(departmentSlug: "department-a", input: $i) { id } }`,
      );
    expect(problems(result as any)).toEqual(['input']);
  });
});
