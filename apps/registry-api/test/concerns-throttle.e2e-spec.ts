import { DataSource } from 'typeorm';
import { ConcernsService } from '@insyn/concerns';
import { EntryKind } from '@insyn/registry';
import { createTestTokens } from '@insyn/testing';
import { ConcernThrottle } from '../src/concerns/concern-throttle';
import { EntrySetup } from './entry-setup';
import { RegistryApiHarness } from './registry-api.harness';

const FILE = `mutation($input: FileConcernInput!) { fileConcern(input: $input) { trackingCode concern { id } } }`;
const TRACK = `query($code: String!) { concern(trackingCode: $code) { id } }`;

/** One POST to /graphql as any client could send it, optionally with X-Forwarded-For. */
async function post(
  api: RegistryApiHarness,
  query: string,
  variables: Record<string, unknown>,
  forwardedFor?: string,
) {
  const response = await fetch(`${api.baseUrl}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as {
    data?: any;
    errors?: { extensions: { code: string; retryAfter?: number } }[];
  };
  return { status: response.status, retryAfter: response.headers.get('retry-after'), ...body };
}

/** The throttles of fileConcern and of code guessing, per client and for everyone. */
describe('throttling anonymous concern operations', () => {
  const fileInput = (entryId: string, i: number) => ({
    input: {
      entryId,
      principleCodes: ['PARTICIPATION_AND_INCLUSION'],
      category: 'OTHER',
      text: `Filing number ${i}`,
      consentToPublish: false,
    },
  });

  describe('reached directly: a spoofed X-Forwarded-For changes nothing', () => {
    let api: RegistryApiHarness;
    let db: DataSource;
    let entryId: string;
    beforeAll(async () => {
      api = await RegistryApiHarness.start(
        'concerns-throttle-direct',
        { INSYN_TRUSTED_PROXIES: '10.255.255.1' },
        {
          concernThrottle: {
            filePerClient: { points: 10, windowSeconds: 3600 },
            fileGlobal: { points: 1000, windowSeconds: 60 },
            codeMissesPerClient: { points: 5, windowSeconds: 900 },
          },
        },
      );
      db = api.app.get(DataSource);
      const tokens = await createTestTokens(db);
      entryId = await new EntrySetup(api.app, tokens).published(EntryKind.ALGORITHM, 'Skolval');
    });
    afterAll(async () => {
      await api?.stop();
    });

    it('throttles 300 filings from one client in a minute, and stores every accepted one', async () => {
      const answers = await Promise.all(
        Array.from({ length: 300 }, (_, i) =>
          post(api, FILE, fileInput(entryId, i), `198.51.${Math.floor(i / 250)}.${i % 250}`),
        ),
      );
      const accepted = answers.filter((a) => !a.errors);
      const refused = answers.filter((a) => a.errors);
      expect(accepted).toHaveLength(10);
      expect(refused).toHaveLength(290);
      for (const answer of refused) {
        // HTTP 429 with Retry-After, and still GraphQL's body with the error's code and wait.
        expect(answer.status).toBe(429);
        expect(answer.errors![0].extensions.code).toBe('RATE_LIMITED');
        expect(answer.errors![0].extensions.retryAfter).toBeGreaterThan(0);
        expect(Number(answer.retryAfter)).toBe(answer.errors![0].extensions.retryAfter);
      }
      const stored: { id: string }[] = await db.query('SELECT id FROM concern');
      expect(stored.map((r) => r.id).sort()).toEqual(
        accepted.map((a) => a.data.fileConcern.concern.id).sort(),
      );
    });

    it('throttles guessing tracking codes (each unknown code counts)', async () => {
      // What can be no code is said to be none, and why, and never counted (as on the site).
      const ERASE_CODE = `mutation($code: String!) { eraseConcern(erasureCode: $code) { erasedAt } }`;
      for (let i = 0; i < 12; i++)
        for (const [query, code, why] of [
          [TRACK, '', 'it is empty'],
          [TRACK, '   ', 'it is empty'],
          [ERASE_CODE, '!!', 'character 1 (U+0021) is in no code'],
          [TRACK, 'AAAAA-AAAAA-AAAAA-AAAAA-AAAA\u212a', 'character 29 (U+212A) is in no code'],
          [ERASE_CODE, 'AAAAA-AAAAA', 'it has 10 letters and digits'],
          [TRACK, ' '.repeat(200), 'it is empty'],
          [TRACK, 'A'.repeat(101), 'it is longer than any code'],
        ] as const) {
          const answer = await post(api, query, { code }, '203.0.113.77');
          expect(answer.errors).toEqual([
            expect.objectContaining({
              extensions: expect.objectContaining({
                code: 'BAD_USER_INPUT',
                fields: [
                  {
                    field: query === TRACK ? 'trackingCode' : 'erasureCode',
                    message: expect.stringContaining(`code (${why}): 25 letters and digits`),
                  },
                ],
              }),
            }),
          ]);
        }
      const guess = () =>
        post(api, TRACK, { code: 'AAAAA-AAAAA-AAAAA-AAAAA-AAAAA' }, '203.0.113.77');
      for (let i = 0; i < 5; i++) expect((await guess()).data.concern).toBeNull();
      const over = await guess();
      expect(over.status).toBe(429);
      expect(Number(over.retryAfter)).toBeGreaterThan(0);
      expect(over.errors![0].extensions.code).toBe('RATE_LIMITED');
    });
  });

  describe('a submission key: a retry files nothing new and is not counted', () => {
    const FILE_KEYED = `mutation($input: FileConcernInput!) {
      fileConcern(input: $input) { trackingCode erasureCode concern { id } }
    }`;
    const ERASE = `mutation($code: String!) { eraseConcern(erasureCode: $code) { erasedAt } }`;
    let api: RegistryApiHarness;
    let db: DataSource;
    let entryId: string;
    const keyed = (key: unknown, text = 'Sent with a key') => ({
      input: { ...fileInput(entryId, 0).input, text, submissionKey: key },
    });
    const stored = async () => Number((await db.query('SELECT count(*) FROM concern'))[0].count);
    beforeAll(async () => {
      api = await RegistryApiHarness.start(
        'concerns-submission-key',
        {},
        {
          concernThrottle: {
            filePerClient: { points: 3, windowSeconds: 3600 },
            fileGlobal: { points: 100, windowSeconds: 60 },
            codeMissesPerClient: { points: 30, windowSeconds: 900 },
          },
        },
      );
      db = api.app.get(DataSource);
      const tokens = await createTestTokens(db);
      entryId = await new EntrySetup(api.app, tokens).published(EntryKind.ALGORITHM, 'Bostadskö');
    });
    afterAll(async () => {
      await api?.stop();
    });

    it('refuses a key of the wrong shape, naming it, filing nothing', async () => {
      for (const key of [
        'short',
        'k'.repeat(129),
        'a key with spaces!!',
        'ключ-ключ-ключ-ключ',
        7,
      ]) {
        const answer = await post(api, FILE_KEYED, keyed(key));
        expect({ key, code: answer.errors?.[0].extensions.code }).toEqual({
          key,
          code: 'BAD_USER_INPUT',
        });
        expect((answer.errors?.[0].extensions as any).fields[0].field).toBe('input.submissionKey');
      }
      expect(await stored()).toBe(0);
    });

    it('gives a retry the same concern and codes, uncounted; refuses the key with changed input', async () => {
      const key = '0b6f1c2e-4d6a-4f1e-9c3b-7a2d5e8f9a10';
      const first = await post(api, FILE_KEYED, keyed(key));
      expect(first.errors).toBeUndefined();
      const retries = await Promise.all([1, 2, 3].map(() => post(api, FILE_KEYED, keyed(key))));
      for (const retry of retries) expect(retry.data).toEqual(first.data);
      expect(await stored()).toBe(1);
      // Only a keyed hash of the key is kept.
      const [row] = await db.query('SELECT submission_hash AS hash FROM concern');
      expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(await db.query('SELECT * FROM concern'))).not.toContain(key);

      // The same key with other input, one after another and at once: refused, naming the key,
      // filing nothing and giving nothing of the first concern back.
      const amended = (n: number) => keyed(key, `Sent with a key, and amended ${n}`);
      const changed = [
        await post(api, FILE_KEYED, amended(0)),
        ...(await Promise.all([1, 2].map((n) => post(api, FILE_KEYED, amended(n))))),
      ];
      for (const answer of changed) {
        expect(answer.data ?? null).toBeNull();
        expect(answer.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
        expect((answer.errors?.[0].extensions as any).fields).toEqual([
          {
            field: 'input.submissionKey',
            message:
              'submissionKey already filed a concern with other input; use a new key for a new concern',
          },
        ]);
        expect(JSON.stringify(answer)).not.toContain(first.data.fileConcern.trackingCode);
      }
      expect(await stored()).toBe(1);

      // Without a key, as before: every filing is a new concern, counted.
      const plain = await post(api, FILE, fileInput(entryId, 1));
      expect(plain.errors).toBeUndefined();
      const plainAgain = await post(api, FILE, fileInput(entryId, 1));
      expect(plainAgain.errors).toBeUndefined();
      expect(plainAgain.data.fileConcern.trackingCode).not.toBe(
        plain.data.fileConcern.trackingCode,
      );
      expect(await stored()).toBe(3);

      // The client's three are used up: a retry still gets its codes, a new key does not file.
      expect((await post(api, FILE_KEYED, keyed(key))).data).toEqual(first.data);
      const over = await post(api, FILE_KEYED, keyed('another-key-of-sixteen'));
      expect(over.status).toBe(429);
      expect(over.errors?.[0].extensions.code).toBe('RATE_LIMITED');
      expect(await stored()).toBe(3);

      // Erased by the resident since: not filed again, and its codes are not given back.
      const erased = await post(api, ERASE, { code: first.data.fileConcern.erasureCode });
      expect(erased.data.eraseConcern.erasedAt).toEqual(expect.any(String));
      const after = await post(api, FILE_KEYED, keyed(key));
      expect(after.data ?? null).toBeNull();
      expect(after.errors?.[0].extensions.code).toBe('CONFLICT');
      expect((after.errors?.[0].extensions as any).fields).toEqual([
        { field: 'input.submissionKey', message: 'its concern was erased' },
      ]);
      expect(JSON.stringify(after)).not.toContain(first.data.fileConcern.trackingCode);
      expect(await stored()).toBe(3);
    });

    it('counts a retry sent while the first is still being filed once, filing one concern', async () => {
      await db.query(`DELETE FROM rate_limit`);
      const throttle = api.app.get(ConcernThrottle);
      const service = api.app.get(ConcernsService) as unknown as {
        submissionTurn(key: string): Promise<() => void>;
      };
      // The first post is held in the throttle until the second has come as far as it can: to
      // the throttle too (counted twice), or to its turn behind the first (counted once).
      let secondArrived!: () => void;
      const arrived = new Promise<void>((resolve) => (secondArrived = resolve));
      const turn = service.submissionTurn.bind(service);
      let turns = 0;
      const turnSpy = jest.spyOn(service, 'submissionTurn').mockImplementation((key) => {
        const mine = turn(key);
        if (++turns === 2) secondArrived();
        return mine;
      });
      const fileConcern = throttle.fileConcern.bind(throttle);
      let admitted = 0;
      const throttleSpy = jest.spyOn(throttle, 'fileConcern').mockImplementation(async (req) => {
        if (++admitted === 1) await arrived;
        else secondArrived();
        return fileConcern(req);
      });
      try {
        const before = await stored();
        const key = 'a-double-click-of-sixteen';
        const [first, second] = await Promise.all([
          post(api, FILE_KEYED, keyed(key, 'Held at the throttle')),
          post(api, FILE_KEYED, keyed(key, 'Held at the throttle')),
        ]);
        expect(first.errors).toBeUndefined();
        expect(second.data).toEqual(first.data);
        expect(admitted).toBe(1);
        expect(await stored()).toBe(before + 1);
      } finally {
        turnSpy.mockRestore();
        throttleSpy.mockRestore();
      }
    });

    it('counts a double click that reached two API processes once, filing one concern', async () => {
      await db.query(`DELETE FROM rate_limit`);
      const throttle = api.app.get(ConcernThrottle);
      const service = api.app.get(ConcernsService) as unknown as {
        submissionTurn(key: string): Promise<() => void>;
      };
      // Two processes share no turns: each post goes on at once, and both are let through the
      // throttle (counted) before either has filed, so one loses the insert to the other.
      const turnSpy = jest
        .spyOn(service, 'submissionTurn')
        .mockImplementation(async () => () => undefined);
      let bothArrived!: () => void;
      const arrived = new Promise<void>((resolve) => (bothArrived = resolve));
      const fileConcern = throttle.fileConcern.bind(throttle);
      let admitted = 0;
      const throttleSpy = jest.spyOn(throttle, 'fileConcern').mockImplementation(async (req) => {
        if (++admitted === 2) bothArrived();
        await arrived;
        return fileConcern(req);
      });
      const points = async () =>
        (
          await db.query(
            `SELECT key, points FROM rate_limit WHERE key LIKE 'concern-file%' ORDER BY key`,
          )
        )
          .map((r: { key: string; points: number }) => [r.key.split(':')[0], r.points])
          .sort();
      try {
        const before = await stored();
        const key = 'two-processes-one-click';
        const [first, second] = await Promise.all([
          post(api, FILE_KEYED, keyed(key, 'Sent to two processes')),
          post(api, FILE_KEYED, keyed(key, 'Sent to two processes')),
        ]);
        expect(first.errors).toBeUndefined();
        expect(second.data).toEqual(first.data);
        expect(admitted).toBe(2);
        expect(await stored()).toBe(before + 1);
        // Counted by both, given back by the one that found it filed: one filing, per client and
        // for everyone.
        expect(await points()).toEqual([
          ['concern-file', 1],
          ['concern-file-all', 1],
        ]);
      } finally {
        turnSpy.mockRestore();
        throttleSpy.mockRestore();
      }
    });
  });

  describe('behind a trusted proxy that writes ports or padded numbers: one client, one bucket', () => {
    let api: RegistryApiHarness;
    let entryId: string;
    beforeAll(async () => {
      api = await RegistryApiHarness.start(
        'concerns-throttle-forms',
        { INSYN_TRUSTED_PROXIES: 'loopback' },
        {
          concernThrottle: {
            filePerClient: { points: 3, windowSeconds: 3600 },
            fileGlobal: { points: 100, windowSeconds: 60 },
            codeMissesPerClient: { points: 30, windowSeconds: 900 },
          },
        },
      );
      const tokens = await createTestTokens(api.app.get(DataSource));
      entryId = await new EntrySetup(api.app, tokens).published(EntryKind.DATASET, 'Parker');
    });
    afterAll(async () => {
      await api?.stop();
    });

    it.each([
      ['a port', ['10.9.8.7', '10.9.8.7:1234', '10.9.8.7:80', '10.9.8.7']],
      ['zeros before a number', ['010.009.008.009', '10.9.8.9', '10.09.8.09', '10.9.8.9']],
      [
        'the IPv4-mapped IPv6 form',
        ['::ffff:10.9.8.8', '10.9.8.8', '[::ffff:10.9.8.8]:443', '10.9.8.8'],
      ],
      ['IPv6 with a port', ['[2001:db8::1]:443', '2001:DB8::1', '[2001:db8::1]', '2001:db8::1']],
    ])('counts one client written with %s as one', async (_how, forms) => {
      const codes = [];
      for (const [i, form] of forms.entries())
        codes.push(
          (await post(api, FILE, fileInput(entryId, i), form)).errors?.[0]?.extensions.code ?? 'OK',
        );
      expect(codes).toEqual(['OK', 'OK', 'OK', 'RATE_LIMITED']);
    });

    it('counts what is no address as the proxy that sent it: one budget, not a new one each time', async () => {
      const codes = [];
      for (const [i, form] of ['nonsense', 'unknown', '999.1.1.1', 'x:1'].entries())
        codes.push(
          (await post(api, FILE, fileInput(entryId, i), form)).errors?.[0]?.extensions.code ?? 'OK',
        );
      expect(codes).toEqual(['OK', 'OK', 'OK', 'RATE_LIMITED']);
    });
  });

  describe('behind a trusted proxy: one bucket per client, and a global one', () => {
    let api: RegistryApiHarness;
    let entryId: string;
    beforeAll(async () => {
      api = await RegistryApiHarness.start(
        'concerns-throttle-proxy',
        { INSYN_TRUSTED_PROXIES: 'loopback' },
        {
          concernThrottle: {
            filePerClient: { points: 3, windowSeconds: 3600 },
            fileGlobal: { points: 8, windowSeconds: 60 },
            codeMissesPerClient: { points: 30, windowSeconds: 900 },
          },
        },
      );
      const tokens = await createTestTokens(api.app.get(DataSource));
      entryId = await new EntrySetup(api.app, tokens).published(EntryKind.DATASET, 'Skolor');
    });
    afterAll(async () => {
      await api?.stop();
    });

    it('counts the client the proxy names, whatever addresses are put before it', async () => {
      const codes = [];
      for (let i = 0; i < 4; i++)
        codes.push(
          (await post(api, FILE, fileInput(entryId, i), `10.9.9.${i}, 203.0.113.5`)).errors?.[0]
            ?.extensions.code ?? 'OK',
        );
      expect(codes).toEqual(['OK', 'OK', 'OK', 'RATE_LIMITED']);
    });

    it('keeps the counts in PostgreSQL, under keyed hashes rather than addresses', async () => {
      const rows: { key: string; points: number }[] = await api.app
        .get(DataSource)
        .query('SELECT key, points FROM rate_limit');
      const keys = rows.map((r) => r.key);
      expect(keys.some((k) => k.startsWith('concern-file:'))).toBe(true);
      expect(keys).toContain('concern-file-all:all');
      expect(keys.filter((k) => /203\.0\.113|10\.9\.9/.test(k))).toEqual([]);
    });

    it('refuses everyone once the global budget is spent', async () => {
      const codes = [];
      for (let i = 0; i < 6; i++)
        codes.push(
          (await post(api, FILE, fileInput(entryId, i), `203.0.113.${100 + i}`)).errors?.[0]
            ?.extensions.code ?? 'OK',
        );
      // 3 accepted before, 5 more reach the global 8; the 6th client is refused.
      expect(codes).toEqual(['OK', 'OK', 'OK', 'OK', 'OK', 'RATE_LIMITED']);
    });
  });
});
