import { DataSource } from 'typeorm';
import { createTestTokens, TestTokens } from '@insyn/testing';
import { fullDatasetInput, fullIotInput } from './entry-fixtures';
import { RegistryApiHarness } from './registry-api.harness';

const MUTATION = {
  ALGORITHM: ['registerAlgorithm', 'AlgorithmInput'],
  DATASET: ['registerDataset', 'DatasetInput'],
  IOT_DEPLOYMENT: ['registerIotDeployment', 'IotDeploymentInput'],
} as const;

/** Register mutations with an idempotency key: a retry after a lost answer creates nothing twice. */
describe('idempotent registration (idempotencyKey)', () => {
  let api: RegistryApiHarness;
  let tokens: TestTokens;
  let db: DataSource;

  beforeAll(async () => {
    api = await RegistryApiHarness.start('idempotent-register');
    tokens = await createTestTokens(api.app.get(DataSource));
    db = api.app.get(DataSource);
  });
  afterAll(async () => {
    await api?.stop();
  });

  const register = (
    key: string | null,
    input: Record<string, unknown>,
    { kind = 'ALGORITHM', token = tokens.editorA, department = 'department-a' } = {} as {
      kind?: keyof typeof MUTATION;
      token?: string;
      department?: string;
    },
  ) => {
    const [field, type] = MUTATION[kind];
    return api.graphql(token).request<{ entry: { id: string; title: string } }>(
      `mutation($department: String!, $input: ${type}!, $key: String) {
           entry: ${field}(departmentSlug: $department, input: $input, idempotencyKey: $key) { id title }
         }`,
      { department, input, key },
    );
  };
  /** Entries and ENTRY_CREATED audit rows with this title. */
  const stored = async (title: string) => {
    const [row] = await db.query<{ entries: number; created: number }[]>(
      `SELECT (SELECT count(*)::int FROM entry_version WHERE title = $1) AS entries,
              (SELECT count(*)::int FROM audit_event a JOIN entry_version v ON v.entry_id = a.entry_id
                WHERE v.title = $1 AND a.action = 'ENTRY_CREATED') AS created`,
      [title],
    );
    return row;
  };

  it('answers a retry with the entry the first request created, creating nothing twice', async () => {
    const input = { title: 'Parkeringsprognos', summary: 'Förutser beläggning.' };
    const first = await register('retry-1', input);
    expect(first.errors).toBeUndefined();
    const again = await register('retry-1', input);
    expect(again.errors).toBeUndefined();
    expect(again.data?.entry).toEqual(first.data?.entry);
    expect(await stored('Parkeringsprognos')).toEqual({ entries: 1, created: 1 });
    // The same body in another key order is the same request.
    const reordered = await register('retry-1', { summary: input.summary, title: input.title });
    expect(reordered.data?.entry.id).toBe(first.data?.entry.id);
    // A field sent as null says what a field left out says, as a generic client sends it.
    const withNulls = await register('retry-1', { ...input, purpose: null, keywords: null });
    expect(withNulls.errors).toBeUndefined();
    expect(withNulls.data?.entry.id).toBe(first.data?.entry.id);
    expect(await stored('Parkeringsprognos')).toEqual({ entries: 1, created: 1 });
  });

  it('lets one of several concurrent requests with the same key create the entry; all get it', async () => {
    const input = { title: 'Samtidig registrering' };
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => register('concurrent-1', input)),
    );
    expect(answers.map((a) => a.errors)).toEqual(answers.map(() => undefined));
    expect(new Set(answers.map((a) => a.data?.entry.id)).size).toBe(1);
    expect(await stored('Samtidig registrering')).toEqual({ entries: 1, created: 1 });
  });

  it('keys belong to their token, and work for every kind', async () => {
    const admin = await register('shared-key', { title: 'Adminens post' }, { token: tokens.admin });
    const editor = await register('shared-key', { title: 'Redaktörens post' });
    expect(admin.data?.entry.id).not.toBe(editor.data?.entry.id);
    for (const [kind, input] of [
      ['DATASET', { ...fullDatasetInput(), title: 'Idempotent dataset' }],
      ['IOT_DEPLOYMENT', { ...fullIotInput(), title: 'Idempotent sensor' }],
    ] as const) {
      const first = await register(`kind-${kind}`, input, { kind });
      const again = await register(`kind-${kind}`, input, { kind });
      expect(first.errors).toBeUndefined();
      expect(again.data?.entry.id).toBe(first.data?.entry.id);
      expect(await stored(input.title)).toEqual({ entries: 1, created: 1 });
    }
  });

  it('refuses the same key for another registration, creating nothing', async () => {
    const first = await register('reused', { title: 'Första' });
    expect(first.errors).toBeUndefined();
    for (const [input, options] of [
      [{ title: 'Andra' }, {}],
      [{ title: 'Första' }, { kind: 'DATASET' as const }],
      [{ title: 'Första' }, { department: 'department-b', token: tokens.admin }],
    ] as const) {
      const other = await register('reused', input, options);
      if (options.token === tokens.admin) {
        // Another token's key space: a new entry, not a conflict.
        expect(other.errors).toBeUndefined();
        continue;
      }
      expect(other.errors).toEqual([
        expect.objectContaining({
          extensions: {
            code: 'CONFLICT',
            fields: [{ field: 'idempotencyKey', message: 'already used for another registration' }],
          },
        }),
      ]);
    }
    expect(await stored('Andra')).toEqual({ entries: 0, created: 0 });
  });

  it('refuses a malformed key naming it, before anything is written', async () => {
    for (const key of ['', 'has space', 'ä', 'x'.repeat(201), 'nul\u0000']) {
      const refused = await register(key, { title: 'Felaktig nyckel' });
      expect(refused.errors?.map((e) => e.extensions)).toEqual([
        expect.objectContaining({
          code: 'BAD_USER_INPUT',
          fields: [expect.objectContaining({ field: 'idempotencyKey' })],
        }),
      ]);
    }
    expect(await stored('Felaktig nyckel')).toEqual({ entries: 0, created: 0 });
    expect((await register('x'.repeat(200), { title: 'Lång nyckel' })).errors).toBeUndefined();
  });

  it('frees a key with its discarded draft', async () => {
    const first = await register('discarded', { title: 'Kasserad' });
    const discarded = await api
      .graphql(tokens.editorA)
      .request(`mutation($id: ID!) { discardDraft(id: $id) { entryRemoved } }`, {
        id: first.data?.entry.id,
      });
    expect(discarded.errors).toBeUndefined();
    const again = await register('discarded', { title: 'Kasserad' });
    expect(again.errors).toBeUndefined();
    expect(again.data?.entry.id).not.toBe(first.data?.entry.id);
    expect(await stored('Kasserad')).toEqual({ entries: 1, created: 1 });
  });

  it('lets retries race a discard of their entry without a deadlock or a refusal to retry', async () => {
    const deadlocks = async () =>
      (
        await db.query<{ n: number }[]>(
          `SELECT deadlocks::int AS n FROM pg_stat_database WHERE datname = current_database()`,
        )
      )[0].n;
    const before = await deadlocks();
    const refusals: unknown[] = [];
    for (let round = 0; round < 4; round++) {
      const input = { title: `Kasserad under försök ${round}` };
      const key = `racing-discard-${round}`;
      const retries = Array.from({ length: 8 }, () => register(key, input));
      const first = await Promise.race(retries);
      const discard = api
        .graphql(tokens.editorA)
        .request(`mutation($id: ID!) { discardDraft(id: $id) { entryRemoved } }`, {
          id: first.data?.entry.id,
        });
      for (const answer of [...(await Promise.all(retries)), await discard])
        // A retry may find its entry discarded (NOT_FOUND on idempotencyKey); nothing else.
        for (const error of answer.errors ?? [])
          if (error.extensions?.code !== 'NOT_FOUND') refusals.push(error.message);
    }
    expect(refusals).toEqual([]);
    expect(await deadlocks()).toBe(before);
  });

  it('changes nothing without a key: each request registers', async () => {
    await register(null, { title: 'Utan nyckel' });
    await register(null, { title: 'Utan nyckel' });
    expect(await stored('Utan nyckel')).toEqual({ entries: 2, created: 2 });
  });
});
