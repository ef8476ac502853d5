import { DataSource } from 'typeorm';
import { EntryKind } from '@insyn/registry';
import { createTestTokens, GraphQLClient, TestTokens } from '@insyn/testing';
import { EntrySetup } from './entry-setup';
import { RegistryApiHarness } from './registry-api.harness';
import { siteForms } from './site-forms';

const FILE = `mutation($input: FileConcernInput!) {
  fileConcern(input: $input) { trackingCode erasureCode concern { id } }
}`;
const RESPOND = `mutation($input: RespondToConcernInput!) { respondToConcern(input: $input) { id status } }`;
const COUNTS = `query($id: ID!) { entry(id: $id) { concernCounts { open answered } } }`;
const TRACK = `query($code: String!) {
  concern(trackingCode: $code) { status answer answeredAt earlierAnswers { answer answeredAt supersededBecause } }
}`;
const PUBLIC = `query($id: ID!) {
  entry(id: $id) { publicConcerns { id status answer answeredAt earlierAnswers { answer answeredAt supersededBecause } } }
}`;

/**
 * The erasure page on the site (form, CSRF token, unknown codes throttled as GraphQL's
 * `eraseConcern`, the confirmation), and what the entry page shows of concerns: counts by status
 * (a reopened concern is open, not answered too) and answers marked with the concern's language;
 * a reopened concern's answer shown as an earlier one, on the tracking page and GraphQL alike.
 */
describe('public site: erasing a concern, and concerns on the entry', () => {
  let api: RegistryApiHarness;
  let db: DataSource;
  let tokens: TestTokens;
  let editorA: GraphQLClient;
  let airId: string;
  let parkingId: string;
  const ERASE = '/sv/concerns/erase';

  const { openForm, post, sendCode, hiddenFields, csrfCookieOf } = siteForms(() => api.baseUrl);
  const page = async (path: string) => (await fetch(`${api.baseUrl}${path}`)).text();
  const row = async (id: string) =>
    (
      await db.query(
        `SELECT text, contact_sealed IS NOT NULL AS has_contact, contact_erased_at, erased_at, answer
           FROM concern WHERE id = $1`,
        [id],
      )
    )[0];
  const fileApi = async (entryId: string, language: 'SV' | 'EN', text: string) =>
    (
      await api.graphql().data(FILE, {
        input: {
          entryId,
          principleCodes: ['PRIVACY_AND_SECURITY'],
          category: 'ACCURACY',
          text,
          contactEmail: 'resident.erase@example.org',
          language,
          consentToPublish: true,
        },
      })
    ).fileConcern as { trackingCode: string; erasureCode: string; concern: { id: string } };
  const respond = (input: Record<string, unknown>) => editorA.data(RESPOND, { input });

  beforeAll(async () => {
    api = await RegistryApiHarness.start(
      'site-concerns-erase',
      {},
      {
        rateLimit: { limit: 100_000 },
        concernThrottle: {
          filePerClient: { points: 1000, windowSeconds: 3600 },
          fileGlobal: { points: 1000, windowSeconds: 60 },
          codeMissesPerClient: { points: 3, windowSeconds: 900 },
        },
      },
    );
    db = api.app.get(DataSource);
    tokens = await createTestTokens(db);
    editorA = api.graphql(tokens.editorA);
    const setup = new EntrySetup(api.app, tokens);
    parkingId = await setup.published(EntryKind.ALGORITHM, 'Parkeringskameror', 'A');
    airId = await setup.published(EntryKind.DATASET, 'Luftkvalitet', 'A');
  });
  afterAll(async () => {
    await api?.stop();
  });

  let receipt: { trackingCode: string; erasureCode: string; id: string };
  /** The receipt's form (its CSRF token and codes), as its language switch posts it. */
  let receiptForm: { fields: [string, string][]; cookie: string };

  it('links the erasure page from the receipt and the tracking page; serves it with a CSRF cookie, never cached', async () => {
    const form = await openForm('/sv/entries/parkeringskameror/concerns/new');
    const filed = await post(
      '/sv/entries/parkeringskameror/concerns',
      [
        ['csrf', form.token],
        ['principleCodes', 'PRIVACY_AND_SECURITY'],
        ['category', 'PRIVACY'],
        ['text', 'Hur länge sparas bilderna?'],
        ['contactEmail', 'boende@example.org'],
        ['language', 'sv'],
        ['consentToPublish', 'true'],
      ],
      form.cookie,
    );
    const html = await filed.text();
    expect(html).toContain(`href="${ERASE}"`);
    receiptForm = { fields: hiddenFields(html), cookie: csrfCookieOf(filed) || form.cookie };
    receipt = {
      trackingCode: /id="tracking-code">([^<]+)</.exec(html)?.[1] ?? '',
      erasureCode: /id="erasure-code">([^<]+)</.exec(html)?.[1] ?? '',
      id: (await db.query('SELECT id FROM concern'))[0].id,
    };
    expect(await row(receipt.id)).toMatchObject({ has_contact: true });
    expect(await page('/sv/concerns/track')).toContain(`href="${ERASE}"`);

    const { response, html: erase, cookie, token } = await openForm(ERASE);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(cookie).toMatch(/^insyn_csrf=/);
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(erase).toContain(`<form id="erase-form" method="post" action="${ERASE}"`);
    expect(erase).toContain('<h1>Radera din fråga</h1>');
    expect(erase).toMatch(/hreflang="en" href="https?:\/\/[^"]+\/en\/concerns\/erase"/);
    expect(erase).not.toContain('<script');
    expect((await openForm('/en/concerns/erase')).html).toContain('<h1>Erase your question</h1>');
    const redirect = await fetch(`${api.baseUrl}/concerns/erase`, {
      redirect: 'manual',
      headers: { 'Accept-Language': 'en' },
    });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('/en/concerns/erase');
  });

  it('shows a reopened concern’s answer as an earlier answer, with its date, after its status', async () => {
    // Before the erasure tests spend this address's budget of unknown codes.
    const filed = await fileApi(parkingId, 'SV', 'Var står kamerorna?');
    const id = filed.concern.id;
    await respond({ id, answer: 'Vid tre infarter.' });
    await respond({ id, status: 'UNDER_REVIEW' });
    const [{ answered_at: answeredAt }] = await db.query(
      'SELECT answered_at FROM concern WHERE id = $1',
      [id],
    );
    const earlier = [
      {
        answer: 'Vid tre infarter.',
        answeredAt: answeredAt.toISOString(),
        supersededBecause: 'REOPENED',
      },
    ];

    // GraphQL: no answer while reopened; the earlier one in its own list, with its date.
    const track = async () =>
      (await api.graphql().data(TRACK, { code: filed.trackingCode })).concern;
    expect(await track()).toEqual({
      status: 'UNDER_REVIEW',
      answer: null,
      answeredAt: null,
      earlierAnswers: earlier,
    });
    const publicConcern = async () =>
      (await api.graphql().data(PUBLIC, { id: parkingId })).entry.publicConcerns.find(
        (c: { id: string }) => c.id === id,
      );
    expect(await publicConcern()).toEqual({
      id,
      status: 'UNDER_REVIEW',
      answer: null,
      answeredAt: null,
      earlierAnswers: earlier,
    });

    // The tracking page leads with the status, and labels the earlier answer as such.
    const trackPage = async (lang: string) => (await sendCode(lang, filed.trackingCode)).text();
    const sv = await trackPage('sv');
    expect(sv).toContain('Status: Utreds');
    expect(sv).not.toContain('<dt>Raderad</dt>');
    expect(sv).not.toContain('<dt>Svar</dt>');
    expect(sv).not.toContain('<dt>Besvarad</dt>');
    const label = sv.search(/<dt>Tidigare svar, <time[^>]*>[^<]+<\/time><\/dt>/);
    expect(label).toBeGreaterThan(sv.indexOf('Status: Utreds'));
    expect(sv).toContain(answeredAt.toISOString());
    expect(sv).toContain(
      '<p class="meta">Frågan öppnades igen efter det här svaret, så det är inte längre förvaltningens svar.</p><p class="text" dir="auto">Vid tre infarter.</p>',
    );
    expect(await trackPage('en')).toMatch(
      /<dt>Earlier answer, <time[^>]*>[^<]+<\/time><\/dt><dd><p class="meta">The question was reopened after this answer/,
    );
    // So does the entry page.
    expect(await page('/sv/entries/parkeringskameror')).toContain(
      '<p><strong>Tidigare svar (frågan har öppnats igen): </strong><span class="text" dir="auto">Vid tre infarter.</span></p>',
    );

    // Answered again: the new answer is the answer; the earlier one stays, after it.
    await respond({ id, answer: 'Vid fyra infarter.' });
    expect(await track()).toMatchObject({
      status: 'ANSWERED',
      answer: 'Vid fyra infarter.',
      earlierAnswers: earlier,
    });
    const again = await trackPage('sv');
    expect(again).toContain('<dt>Svar</dt>');
    expect(again.indexOf('Vid fyra infarter.')).toBeGreaterThan(0);
    expect(again.indexOf('Tidigare svar,')).toBeGreaterThan(again.indexOf('Vid fyra infarter.'));
    expect(again).not.toContain('<dt>Ändrad</dt>');
    const entryPage = await page('/sv/entries/parkeringskameror');
    expect(entryPage).toContain(
      '<p><strong>Svar: </strong><span class="text" dir="auto">Vid fyra infarter.</span></p>',
    );
    expect(
      entryPage.indexOf(
        'Tidigare svar (frågan har öppnats igen): </strong><span class="text" dir="auto">Vid tre infarter.',
      ),
    ).toBeGreaterThan(entryPage.indexOf('Vid fyra infarter.'));

    // Amended: the new wording leads, marked amended with its date; the replaced wording
    // follows as an earlier answer, newest first, before the one from before the reopening.
    await respond({ id, answer: 'Vid fyra infarter och vid hamnen.' });
    const [{ answer_amended_at: amendedAt, answered_at: stillAnsweredAt }] = await db.query(
      'SELECT answer_amended_at, answered_at FROM concern WHERE id = $1',
      [id],
    );
    expect(
      (await track()).earlierAnswers.map((a: { supersededBecause: string }) => a.supersededBecause),
    ).toEqual(['AMENDED', 'REOPENED']);
    const amended = await trackPage('sv');
    expect(amended).toContain('<dt>Ändrad</dt>');
    expect(amended).toContain(amendedAt.toISOString());
    expect(amended).toContain(stillAnsweredAt.toISOString());
    const order = [
      'Vid fyra infarter och vid hamnen.',
      'Förvaltningen ändrade svaret, så den här lydelsen är inte längre förvaltningens svar.</p><p class="text" dir="auto">Vid fyra infarter.</p>',
      'Frågan öppnades igen efter det här svaret, så det är inte längre förvaltningens svar.</p><p class="text" dir="auto">Vid tre infarter.</p>',
    ].map((text) => amended.indexOf(text));
    expect(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]))).toBe(true);
    expect(await trackPage('en')).toContain(
      'The department amended this answer, so this wording is no longer its answer.',
    );
    const amendedEntry = await page('/sv/entries/parkeringskameror');
    const entryOrder = [
      '<p><strong>Svar: </strong><span class="text" dir="auto">Vid fyra infarter och vid hamnen.</span></p>',
      '<p><strong>Tidigare lydelse (svaret har ändrats): </strong><span class="text" dir="auto">Vid fyra infarter.</span></p>',
      '<p><strong>Tidigare svar (frågan har öppnats igen): </strong><span class="text" dir="auto">Vid tre infarter.</span></p>',
    ].map((text) => amendedEntry.indexOf(text));
    expect(entryOrder.every((at, i) => at > 0 && (i === 0 || at > entryOrder[i - 1]))).toBe(true);
    expect(amendedEntry).toMatch(/\(ändrad <time[^>]*>/);
  });

  it('refuses a post without, or with a wrong, CSRF token (403), erasing nothing', async () => {
    const { cookie, token } = await openForm(ERASE);
    const other = await openForm(ERASE);
    const code: [string, string] = ['code', receipt.erasureCode];
    for (const response of [
      await post(ERASE, [['csrf', token], code]), // no cookie
      await post(ERASE, [code], cookie), // no token
      await post(ERASE, [['csrf', 'x'.repeat(43)], code], cookie),
      await post(ERASE, [['csrf', other.token], code], cookie), // another reader's token
    ]) {
      expect(response.status).toBe(403);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.text()).toContain('Ingenting har raderats');
    }
    expect(await row(receipt.id)).toMatchObject({
      text: 'Hur länge sparas bilderna?',
      has_contact: true,
      erased_at: null,
    });
  });

  it('says so for a code that names no concern (the tracking code too), erasing nothing', async () => {
    const { cookie, token } = await openForm(ERASE);
    for (const [code, message] of [
      [
        'AAAAA-AAAAA-AAAAA-AAAAA-AAAAA',
        /id="code-error">Det finns ingen fråga som kan raderas med den koden/,
      ],
      [receipt.trackingCode, /id="code-error">Det här är koden för att följa frågan/],
    ] as const) {
      const response = await post(
        ERASE,
        [
          ['csrf', token],
          ['code', code],
        ],
        cookie,
      );
      expect(response.status).toBe(404);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const html = await response.text();
      expect(html).toContain('class="error-summary"');
      expect(html).toMatch(message);
      // The form again, to try once more.
      expect(html).toContain(`name="csrf" value="${token}"`);
    }
    expect(await row(receipt.id)).toMatchObject({ text: 'Hur länge sparas bilderna?' });
  });

  it('erases the text and the contact with the right code, and confirms it', async () => {
    const { cookie, token } = await openForm(ERASE);
    const response = await post(
      ERASE,
      [
        ['csrf', token],
        ['code', ` ${receipt.erasureCode.toLowerCase()} `],
      ],
      cookie,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const html = await response.text();
    expect(html).toContain('<h1>Din fråga är raderad</h1>');
    expect(html).toContain('href="/sv/entries/parkeringskameror"');
    // The language switch leads to the form, not to the post.
    expect(html).toContain('href="/en/concerns/erase"');
    expect(html).not.toContain(receipt.erasureCode);
    expect(await row(receipt.id)).toMatchObject({
      text: null,
      has_contact: false,
      contact_erased_at: expect.any(Date),
      erased_at: expect.any(Date),
    });
    // The tracking code still works, and the page says the erasure was done, and when; the
    // department cannot publish what is gone.
    const tracked = await sendCode('sv', receipt.trackingCode);
    expect(tracked.status).toBe(200);
    const { erased_at: erasedAt } = await row(receipt.id);
    const trackedHtml = await tracked.text();
    expect(trackedHtml).toMatch(
      new RegExp(
        `<dt>Raderad</dt><dd><time datetime="${erasedAt.toISOString()}"[^>]*>[^<]+</time> Din text och din e-postadress \\(om du lämnade en\\) raderades på din begäran\\.</dd>`,
      ),
    );
    const trackedEn = await (await sendCode('en', receipt.trackingCode)).text();
    expect(trackedEn).toContain(
      'Your text and your e-mail address (if you left one) were erased at your request.',
    );
    // The receipt's language switch no longer shows the codes of an erased question.
    const switched = await post(
      '/en/concerns/receipt',
      [...receiptForm.fields, ['language-switch', '1']],
      receiptForm.cookie,
    );
    expect(switched.status).toBe(200);
    const plain = await switched.text();
    expect(plain).toContain('<h1>Follow your question</h1>');
    expect(plain).not.toContain(receipt.erasureCode);
    expect(plain).not.toContain(receipt.trackingCode);
    const refused = await editorA.request(RESPOND, {
      input: { id: receipt.id, textPublishable: true },
    });
    expect(refused.errors?.[0]).toMatchObject({
      message: 'The resident erased the text',
      extensions: { code: 'CONFLICT' },
    });
  });

  it('refuses another site’s posts to the tracking page (bare 403), looking up and counting nothing', async () => {
    // A page the resident visits could post hidden forms here with unknown codes, spending the
    // budget tracking and erasure share, and lock the resident's address out of both.
    const misses = () =>
      db.query(`SELECT points FROM rate_limit WHERE key LIKE 'concern-code:%'`) as Promise<
        { points: number }[]
      >;
    const before = await misses();
    const forged = (lang: string, headers: Record<string, string>, fields: [string, string][]) =>
      fetch(`${api.baseUrl}/${lang}/concerns/track`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams(fields).toString(),
      });
    // Even with the resident's CSRF cookie and a valid token (a sibling subdomain could plant
    // a cookie and have it signed): the browser's word that the post is cross-origin decides.
    const { cookie, token } = await openForm('/sv/concerns/track');
    const evil = {
      Origin: 'https://evil.example',
      'Sec-Fetch-Site': 'cross-site',
      Cookie: cookie,
    };
    // More than the three misses the address has: none is counted.
    const attempts = [
      ...['DDDDD-DDDDD', 'EEEEE-EEEEE', 'FFFFF-FFFFF', 'GGGGG-GGGGG'].map((code) =>
        forged('sv', evil, [
          ['csrf', token],
          ['code', code],
        ]),
      ),
      forged('en', { 'Sec-Fetch-Site': 'same-site' }, [['code', 'HHHHH-HHHHH']]),
      // An older browser, without Fetch Metadata: its Origin says it.
      forged('sv', { Origin: 'https://evil.example' }, [['code', 'IIIII-IIIII']]),
      // The language switch, too: another site gets nothing back, not even its code.
      forged('en', evil, [
        ['code', 'JJJJJ-JJJJJ'],
        ['language-switch', '1'],
      ]),
      // The resident's real code, sent from another site: not looked up either.
      forged('sv', evil, [['code', receipt.trackingCode]]),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(403);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const html = await response.text();
      expect(html).toMatch(/Ingenting har slagits upp|Nothing was looked up/);
      expect(html).not.toMatch(/[D-J]{5}-[D-J]{5}/);
      expect(html).not.toContain(receipt.trackingCode);
      expect(html).not.toContain('id="concern-status"');
    }
    expect(await misses()).toEqual(before);
    // The site's own post (its form's token with it) is looked up as before.
    const form = await openForm('/sv/concerns/track');
    const own = await forged('sv', { 'Sec-Fetch-Site': 'same-origin', Cookie: form.cookie }, [
      ['csrf', form.token],
      ['code', receipt.trackingCode],
    ]);
    expect(own.status).toBe(200);
    expect(await own.text()).toContain('id="concern-status"');
    expect(await misses()).toEqual(before);
  });

  it('throttles unknown codes as GraphQL does (429 with Retry-After); found codes are not counted', async () => {
    const { cookie, token } = await openForm(ERASE);
    // Two misses so far, of three; the erasure that found its concern gave its point back.
    const third = await post(
      ERASE,
      [
        ['csrf', token],
        ['code', 'BBBBB-BBBBB-BBBBB-BBBBB-BBBBB'],
      ],
      cookie,
    );
    expect(third.status).toBe(404);
    const refused = await post(
      ERASE,
      [
        ['csrf', token],
        ['code', receipt.erasureCode],
      ],
      cookie,
    );
    expect(refused.status).toBe(429);
    expect(refused.headers.get('cache-control')).toBe('no-store');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const page = await refused.text();
    expect(page).toContain('<title>För många försök: Radera din fråga');
    // The wait in minutes, rounded up (never seconds), and the code kept in its field, untried.
    const wait = Math.ceil(Number(refused.headers.get('retry-after')) / 60);
    expect(page).toContain(
      `Det har kommit för många försök från din adress, så koden har inte prövats. Den står kvar nedan: skicka igen om ${wait} ${wait === 1 ? 'minut' : 'minuter'}.`,
    );
    expect(page).not.toMatch(/sekund/);
    expect(page).toMatch(
      new RegExp(`<input type="text" id="code" name="code" value="${receipt.erasureCode}"`),
    );
    expect(page).toMatch(/name="csrf" value="[\w-]+"/);
    // The tracking page shares the budget, and says the same in its language, code kept.
    const track = await sendCode('en', 'CCCCC-CCCCC-CCCCC-CCCCC-CCCCC');
    expect(track.status).toBe(429);
    expect(Number(track.headers.get('retry-after'))).toBeGreaterThan(0);
    const tracked = await track.text();
    expect(tracked).toMatch(/send it again in \d+ minutes?\./);
    expect(tracked).not.toMatch(/second/);
    expect(tracked).toContain(
      '<input type="text" id="code" name="code" value="CCCCC-CCCCC-CCCCC-CCCCC-CCCCC"',
    );
    // The same budget as the API's eraseConcern.
    expect(
      await api
        .graphql()
        .errorCodes(`mutation($code: String!) { eraseConcern(erasureCode: $code) { erasedAt } }`, {
          code: receipt.erasureCode,
        }),
    ).toEqual(['RATE_LIMITED']);
  });

  it('counts a reopened concern as open only, on GraphQL and the entry page alike', async () => {
    const english = await fileApi(airId, 'EN', 'How long are the readings kept?');
    const reopened = await fileApi(airId, 'SV', 'Hur länge sparas mätvärdena?');
    const rejected = await fileApi(airId, 'EN', 'Is this about my street?');
    const closed = await fileApi(airId, 'SV', 'Vem ser mätvärdena?');
    await respond({
      id: english.concern.id,
      answer: 'We keep the readings for a week.',
      textPublishable: true,
    });
    await respond({ id: reopened.concern.id, answer: 'En vecka.' });
    await respond({ id: reopened.concern.id, status: 'UNDER_REVIEW' });
    await respond({ id: rejected.concern.id, status: 'REJECTED', reason: 'Not about a street.' });
    await respond({ id: closed.concern.id, answer: 'Bara förvaltningen.' });
    await respond({ id: closed.concern.id, status: 'CLOSED' });
    const counts = (await api.graphql().data(COUNTS, { id: airId })).entry.concernCounts;
    expect(counts).toEqual({ open: 1, answered: 2 });
    expect(await page('/sv/entries/luftkvalitet')).toContain('Öppna frågor: 1. Besvarade: 2.');
  });

  it('marks answers with the concern’s language, and labels with the page’s', async () => {
    const sv = await page('/sv/entries/luftkvalitet');
    expect(sv).toContain(
      '<p><strong>Fråga: </strong><span class="text" dir="auto" lang="en">How long are the readings kept?</span></p>',
    );
    expect(sv).toContain(
      '<p><strong>Svar: </strong><span class="text" dir="auto" lang="en">We keep the readings for a week.</span></p>',
    );
    expect(sv).toContain(
      '<p><strong>Avvisad: </strong><span class="text" dir="auto" lang="en">Not about a street.</span>',
    );
    expect(sv).toContain('<span class="text" dir="auto">Bara förvaltningen.</span>');
    expect(sv).not.toMatch(/<span[^>]* lang="sv">/);
    const en = await page('/en/entries/luftkvalitet');
    expect(en).toContain(
      '<p><strong>Rejected: </strong><span class="text" dir="auto">Not about a street.</span></p>',
    );
    expect(en).toContain('<span class="text" dir="auto">We keep the readings for a week.</span>');
    expect(en).toContain('<span class="text" dir="auto" lang="sv">Bara förvaltningen.</span>');
    expect(en).not.toMatch(/lang="sv"><strong>/);
  });
});
