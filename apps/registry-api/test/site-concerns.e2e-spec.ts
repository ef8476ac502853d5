import { DataSource } from 'typeorm';
import { EntryKind } from '@insyn/registry';
import { createTestTokens } from '@insyn/testing';
import { BODY_LIMIT_BYTES } from '../src/http/body-limit';
import { EntrySetup } from './entry-setup';
import { RegistryApiHarness } from './registry-api.harness';
import { siteForms } from './site-forms';

/**
 * Concerns on the public site over HTTP, without JavaScript: the form (CSRF token, validation
 * next to the fields), the receipt with the codes, tracking by code, and the shared throttle.
 */
describe('public site: concerns', () => {
  let api: RegistryApiHarness;
  let db: DataSource;
  const FORM = '/sv/entries/parkeringskameror/concerns/new';
  const POST = '/sv/entries/parkeringskameror/concerns';

  const rows = async () => Number((await db.query('SELECT count(*) FROM concern'))[0].count);
  const forms = siteForms(() => api.baseUrl);
  const { post, sendCode } = forms;
  /** A fresh form (the concern form, unless another is named): its CSRF cookie and token. */
  const openForm = (path = FORM) => forms.openForm(path);
  /** The points unknown codes have spent from the budget tracking and erasure share. */
  const codeMisses = async () =>
    Number(
      (
        await db.query(
          `SELECT coalesce(sum(points), 0) AS points FROM rate_limit WHERE key LIKE 'concern-code:%'`,
        )
      )[0].points,
    );
  const valid = (token: string): [string, string][] => [
    ['csrf', token],
    ['principleCodes', 'PRIVACY_AND_SECURITY'],
    ['principleCodes', 'TRANSPARENCY_AND_NON_DISCRIMINATION'],
    ['category', 'PRIVACY'],
    ['text', 'Hur länge sparas bilderna? <script>alert(1)</script>'],
    ['contactEmail', ''],
    ['language', 'sv'],
    ['consentToPublish', 'true'],
  ];

  beforeAll(async () => {
    api = await RegistryApiHarness.start(
      'site-concerns',
      {},
      {
        rateLimit: { limit: 100_000 },
        concernThrottle: {
          filePerClient: { points: 2, windowSeconds: 3600 },
          fileGlobal: { points: 1000, windowSeconds: 60 },
          codeMissesPerClient: { points: 1000, windowSeconds: 900 },
        },
      },
    );
    db = api.app.get(DataSource);
    const setup = new EntrySetup(api.app, await createTestTokens(db));
    await setup.published(EntryKind.ALGORITHM, 'Parkeringskameror', 'A');
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('links the form from the entry, and serves it with a CSRF cookie, never cached', async () => {
    const entry = await (await fetch(`${api.baseUrl}/sv/entries/parkeringskameror`)).text();
    expect(entry).toContain(`href="${FORM}"`);
    expect(entry).toContain('href="/sv/concerns/track"');
    const { response, html, cookie, token } = await openForm();
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-security-policy')).toContain("form-action 'self'");
    const setCookie = response.headers.getSetCookie().join('\n');
    expect(setCookie).toMatch(/insyn_csrf=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict/);
    expect(cookie).toMatch(/^insyn_csrf=/);
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(html).toContain(`action="${POST}"`);
    // The limit is said, not enforced by cutting what is pasted (the server refuses, keeping it).
    expect(html).toContain('Högst 4\u00a0000 tecken');
    expect(html).not.toMatch(/<textarea[^>]*maxlength/);
    expect(html).not.toContain('<script');
    // The site's words: a question followed with its code; a principle's word for its category.
    expect(html).toContain('Du får en kod för att följa frågan.');
    expect(html).not.toContain('ärende');
    expect(html).toContain('<option value="TRANSPARENCY">Transparens</option>');
    const en = await openForm('/en/entries/parkeringskameror/concerns/new');
    expect(en.html).toContain('Question or objection about Parkeringskameror');
    expect(en.html).toContain('<option value="TRANSPARENCY">Transparency</option>');
    expect((await fetch(`${api.baseUrl}/sv/entries/finns-inte/concerns/new`)).status).toBe(404);
  });

  it('refuses a post without, or with a wrong, CSRF token (403), writing nothing', async () => {
    const { cookie, token } = await openForm();
    const other = await openForm();
    const attempts = [
      post(POST, valid(token)), // no cookie
      post(POST, valid('').slice(1), cookie), // no token
      post(POST, valid('x'.repeat(43)), cookie), // wrong token
      post(POST, valid(other.token), cookie), // another reader's token
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(403);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.text()).toContain('Ingenting har sparats');
    }
    expect(await rows()).toBe(0);
  });

  it('shows mistakes next to the fields and in a summary, keeping the text inert', async () => {
    const { cookie, token } = await openForm();
    const fields = valid(token)
      .filter(([name]) => name !== 'principleCodes')
      .map(([k, v]): [string, string] => [k, k === 'contactEmail' ? 'inte-en-adress' : v]);
    const response = await post(POST, fields, cookie);
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('class="error-summary"');
    // The language switch leads to the form, not to the post (and so does the English address).
    expect(html).toContain('formaction="/en/entries/parkeringskameror/concerns/new"');
    expect(html).toMatch(
      /hreflang="en" href="https?:\/\/[^"]+\/en\/entries\/parkeringskameror\/concerns\/new"/,
    );
    expect(html).toContain(
      '<a href="#principle-ACCESS_AND_LITERACY">Välj minst en och högst fem principer.</a>',
    );
    expect(html).toMatch(
      /<p class="field-error" id="principleCodes-error">Välj minst en och högst fem principer/,
    );
    expect(html).toMatch(/<p class="field-error" id="contactEmail-error">/);
    expect(html).not.toContain('id="text-error"');
    // The text comes back in the field, escaped.
    expect(html).toContain('Hur länge sparas bilderna? &lt;script>alert(1)&lt;/script>');
    expect(html).not.toContain('<script>alert(1)');
    const tooLong = valid(token).map(([k, v]): [string, string] =>
      k === 'text' ? [k, 'a'.repeat(4001)] : [k, v],
    );
    const long = await post(POST, tooLong, cookie);
    expect(long.status).toBe(400);
    expect(await long.text()).toMatch(
      /id="text-error">Texten är 4\u00a0001 tecken lång. Korta den till högst 4\u00a0000 tecken/,
    );
    expect(await rows()).toBe(0);
  });

  it('refuses a text with a bidirectional control character, naming it, writing nothing', async () => {
    const { cookie, token } = await openForm();
    // "Anna <RLO>nossraK" displays as "Anna Karsson" on every page that shows the text.
    const spoofed = valid(token).map(([k, v]): [string, string] =>
      k === 'text' ? [k, 'Varför fick Anna \u202enossraK avslag?'] : [k, v],
    );
    const response = await post(POST, spoofed, cookie);
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(
      /id="text-error">Texten innehåller det osynliga tecknet U\+202E, som ändrar riktningen/,
    );
    expect(await rows()).toBe(0);
  });

  it('names an invisible control character in the text (pasted from a PDF, say), writing nothing', async () => {
    const { cookie, token } = await openForm();
    const pasted = valid(token).map(([k, v]): [string, string] =>
      k === 'text' ? [k, 'Sidan ett\u000cSidan två'] : [k, v],
    );
    const response = await post(POST, pasted, cookie);
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toMatch(
      /id="text-error">Texten innehåller det osynliga styrtecknet U\+000C\. Ta bort det/,
    );
    // Given back to be mended with the character HTML cannot carry shown as U+FFFD.
    expect(page).toContain('Sidan ett\ufffdSidan två</textarea>');
    expect(page).not.toContain('\u000c');
    expect(await rows()).toBe(0);
  });

  it('refuses an e-mail address with a control, direction or invisible character, or a mixed-script domain, as the API does, writing nothing', async () => {
    const { cookie, token } = await openForm();
    // Most passed the address check ([^\s@]+@…) and would have been sealed for mail. What does
    // not show is named, as in the text, or the resident could not find it.
    for (const [email, message] of [
      // No address at all: said plainly.
      ['namn@@exempel.se', 'Skriv en e-postadress som namn@exempel.se, eller lämna fältet tomt.'],
      // Control characters: C0 (NUL, BEL, a tab), DEL and C1, counted in characters.
      [
        'namn\u0000@exempel.se',
        'E-postadressen innehåller ett osynligt styrtecken (U+0000, tecken 5 i adressen). Skriv adressen igen för hand, eller lämna fältet tomt.',
      ],
      [
        'namn@exem\u0007pel.se',
        'E-postadressen innehåller ett osynligt styrtecken (U+0007, tecken 10 i adressen).',
      ],
      ['na\tmn@exempel.se', 'E-postadressen innehåller ett osynligt styrtecken (U+0009, tecken 3'],
      [
        '😀n\u007famn@exempel.se',
        'E-postadressen innehåller ett osynligt styrtecken (U+007F, tecken 3 i adressen)',
      ],
      [
        'namn@exempel.se\u0085',
        'E-postadressen innehåller ett osynligt styrtecken (U+0085, tecken 16 i adressen)',
      ],
      [
        '\u009fnamn@exempel.se',
        'E-postadressen innehåller ett osynligt styrtecken (U+009F, tecken 1 i adressen)',
      ],
      [
        'an\u202ena@exempel.se',
        'E-postadressen innehåller ett tecken som inte syns (U+202E, tecken 3 i adressen).',
      ],
      [
        'namn\u200b@exempel.se',
        'E-postadressen innehåller ett tecken som inte syns (U+200B, tecken 5 i adressen). Skriv adressen igen för hand, eller lämna fältet tomt.',
      ],
      [
        '😀namn@exempel.se\u2060',
        'E-postadressen innehåller ett tecken som inte syns (U+2060, tecken 17 i adressen).',
      ],
      // A domain part mixing Latin and Cyrillic (а for a): it can pass for another address.
      [
        'namn@ex\u0435mpel.se',
        'Delen av e-postadressen efter @ blandar bokstäver från olika alfabet (latinska och kyrilliska), så att adressen kan se ut som en annan.',
      ],
    ]) {
      const fields = valid(token).map(([k, v]): [string, string] =>
        k === 'contactEmail' ? [k, email] : [k, v],
      );
      const response = await post(POST, fields, cookie);
      expect({ email, status: response.status }).toEqual({ email, status: 400 });
      const html = await response.text();
      expect(html).toContain(`id="contactEmail-error">${message}`);
      // The rest of the form comes back as written.
      expect(html).toContain('Hur länge sparas bilderna?');
    }
    // Two addresses (no form of ours sends that) are refused, not dropped without a word.
    const twice = await post(
      POST,
      [
        ...valid(token).filter(([k]) => k !== 'contactEmail'),
        ['contactEmail', 'ett@exempel.se'],
        ['contactEmail', 'tva@exempel.se'],
      ],
      cookie,
    );
    expect(twice.status).toBe(400);
    expect(await twice.text()).toContain('id="contactEmail-error">');
    const nested = await post(
      POST,
      [
        ...valid(token).filter(([k]) => k !== 'contactEmail'),
        ['contactEmail[x]', 'ett@exempel.se'],
      ],
      cookie,
    );
    expect(nested.status).toBe(400);
    expect(await nested.text()).toContain('id="contactEmail-error">');
    expect(await rows()).toBe(0);
  });

  it('names what does not show, or the alphabets mixed, in an e-mail address in English too', async () => {
    const { cookie, token } = await openForm('/en/entries/parkeringskameror/concerns/new');
    for (const [email, message] of [
      [
        'name\u200d@example.com',
        'The e-mail address contains a character that does not show (U+200D, character 5 of the address). Type the address again by hand, or leave the field empty.',
      ],
      [
        'name\u0000@example.com',
        'The e-mail address contains an invisible control character (U+0000, character 5 of the address). Type the address again by hand, or leave the field empty.',
      ],
      [
        'name@exa\u0007mple.com',
        'The e-mail address contains an invisible control character (U+0007, character 9 of',
      ],
      [
        'name@\u03bfpen.example.com',
        'The part of the e-mail address after @ mixes letters of different alphabets (Latin and Greek), so it can look like another address.',
      ],
    ]) {
      const fields = valid(token).map(([k, v]): [string, string] =>
        k === 'contactEmail' ? [k, email] : k === 'language' ? [k, 'en'] : [k, v],
      );
      const response = await post('/en/entries/parkeringskameror/concerns', fields, cookie);
      expect({ email, status: response.status }).toEqual({ email, status: 400 });
      expect(await response.text()).toContain(`id="contactEmail-error">${message}`);
    }
    expect(await rows()).toBe(0);
  });

  it('answers a browser whose form post is over the body limit with a short page in its language (413)', async () => {
    const { cookie, token } = await openForm();
    const tooLong = 'å'.repeat(BODY_LIMIT_BYTES);
    const fields = valid(token).map(([k, v]): [string, string] => [k, k === 'text' ? tooLong : v]);
    const send = (path: string, accept: string) =>
      fetch(`${api.baseUrl}${path}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: accept,
          Cookie: cookie,
        },
        body: new URLSearchParams(fields).toString(),
      });
    const browser = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

    const sv = await send(POST, browser);
    expect(sv.status).toBe(413);
    expect(sv.headers.get('content-type')).toMatch(/^text\/html/);
    expect(sv.headers.get('cache-control')).toBe('no-store');
    const svPage = await sv.text();
    expect(svPage).toContain('<html lang="sv">');
    expect(svPage).toContain('<h1>Texten är för lång</h1>');
    expect(svPage).toMatch(/Gå tillbaka .*korta texten/);

    const en = await send(POST.replace('/sv/', '/en/'), browser);
    expect(en.status).toBe(413);
    const enPage = await en.text();
    expect(enPage).toContain('<html lang="en">');
    expect(enPage).toContain('<h1>The text is too long</h1>');
    expect(enPage).toMatch(/Go back .*shorten the text/);

    // A script on the same path, and anything posting to the API, keep the JSON.
    for (const [path, accept] of [
      [POST, 'application/json'],
      ['/graphql', browser],
    ]) {
      const other = await send(path, accept);
      expect(other.status).toBe(413);
      expect(((await other.json()) as any).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    }
    expect(await rows()).toBe(0);
  });

  let trackingCode: string;
  /** The receipt page of the concern filed, and the cookie it was filed with. */
  let receipt: { html: string; cookie: string };

  it('files a concern and shows the codes once, never cached', async () => {
    const { cookie, token } = await openForm();
    const response = await post(POST, valid(token), cookie);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const html = await response.text();
    receipt = { html, cookie: forms.csrfCookieOf(response) || cookie };
    trackingCode = /id="tracking-code">([^<]+)</.exec(html)?.[1] ?? '';
    const erasureCode = /id="erasure-code">([^<]+)</.exec(html)?.[1] ?? '';
    expect(trackingCode).toMatch(/^([0-9A-Z]{5}-){4}[0-9A-Z]{5}$/);
    expect(erasureCode).toMatch(/^([0-9A-Z]{5}-){4}[0-9A-Z]{5}$/);
    expect(erasureCode).not.toBe(trackingCode);
    const [row] = await db.query('SELECT text, category, consent_to_publish FROM concern');
    expect(row).toEqual({
      text: 'Hur länge sparas bilderna? <script>alert(1)</script>',
      category: 'PRIVACY',
      consent_to_publish: true,
    });
  });

  it('keeps the receipt when its language is switched: the codes posted, never in an address', async () => {
    const { html, cookie } = receipt;
    const tracking = /id="tracking-code">([^<]+)</.exec(html)?.[1] ?? '';
    const erasure = /id="erasure-code">([^<]+)</.exec(html)?.[1] ?? '';
    expect(tracking).toMatch(/^([0-9A-Z]{5}-){4}[0-9A-Z]{5}$/);
    // The switch is a button of the receipt's form, posting to the English receipt; no address
    // on the page carries a code (addresses end up in logs and in Referer).
    expect(html).toMatch(
      /<button type="submit" class="link-button" form="receipt-form" formaction="\/en\/concerns\/receipt" formmethod="post" formnovalidate name="language-switch" value="1" lang="en">Read in English<\/button>/,
    );
    expect(html).not.toContain('href="/en/concerns/track"');
    for (const [, address] of html.matchAll(/(?:href|action|formaction)="([^"]*)"/g)) {
      expect(address).not.toContain(tracking);
      expect(address).not.toContain(erasure);
    }
    const fields = forms.hiddenFields(html);
    expect(fields).toEqual([
      ['csrf', expect.stringMatching(/^[\w-]{43}$/)],
      ['trackingCode', tracking],
      ['erasureCode', erasure],
    ]);
    const switched = await post(
      '/en/concerns/receipt',
      [...fields, ['language-switch', '1']],
      cookie,
    );
    expect(switched.status).toBe(200);
    expect(switched.headers.get('cache-control')).toBe('no-store');
    const english = await switched.text();
    expect(english).toContain('<html lang="en">');
    expect(english).toContain('Thank you, your question has been sent');
    expect(english).toContain(`id="tracking-code">${tracking}<`);
    expect(english).toContain(`id="erasure-code">${erasure}<`);
    expect(english).toContain('href="/en/entries/parkeringskameror"');
    // And back again, from the English receipt's own switch.
    const back = await post(
      '/sv/concerns/receipt',
      [...forms.hiddenFields(english), ['language-switch', '1']],
      forms.csrfCookieOf(switched) || cookie,
    );
    expect(await back.text()).toContain(`id="erasure-code">${erasure}<`);
    // Codes that are not one concern's two, or without the page's token: the plain tracking
    // form, no code shown or told of.
    const swapped = (field: string, code: string) =>
      fields.map(([k, v]): [string, string] => (k === field ? [k, code] : [k, v]));
    for (const [sent, withCookie] of [
      [swapped('erasureCode', tracking), cookie],
      [swapped('trackingCode', erasure), cookie],
      [swapped('erasureCode', 'AAAAA-AAAAA-AAAAA-AAAAA-AAAAA'), cookie],
      [fields, undefined],
    ] as const) {
      const refused = await post('/en/concerns/receipt', [...sent], withCookie);
      expect(refused.status).toBe(200);
      const page = await refused.text();
      expect(page).toContain('Follow your question');
      expect(page).not.toContain('id="tracking-code"');
      expect(page).not.toContain(tracking);
      expect(page).not.toContain(erasure);
    }
    // The receipt's address asked for by GET: the tracking page.
    const typed = await fetch(`${api.baseUrl}/en/concerns/receipt`, { redirect: 'manual' });
    expect(typed.status).toBe(302);
    expect(typed.headers.get('location')).toBe('/en/concerns/track');
  });

  it('tracks a concern by its code; a wrong code reads as not found', async () => {
    const form = await openForm('/sv/concerns/track');
    expect(form.response.status).toBe(200);
    expect(form.response.headers.get('cache-control')).toBe('no-store');
    // The form carries the site's CSRF token, as the concern form does.
    expect(form.cookie).toMatch(/^insyn_csrf=/);
    expect(form.html).toMatch(
      /<form id="track-form" method="post" action="\/sv\/concerns\/track" novalidate><input type="hidden" name="csrf" value="[\w-]{43}"\/>/,
    );
    const found = await sendCode('sv', trackingCode);
    expect(found.status).toBe(200);
    expect(found.headers.get('cache-control')).toBe('no-store');
    const html = await found.text();
    expect(html).toContain('Status: Mottagen');
    expect(html).toContain('href="/sv/entries/parkeringskameror"');
    expect(html).not.toContain('Hur länge sparas');
    // The page shown carries a token too: the next code can be sent from it.
    expect(html).toMatch(/name="csrf" value="[\w-]{43}"/);
    const en = await sendCode('en', trackingCode);
    expect(await en.text()).toContain('Status: Received');
    const wrong = await sendCode('sv', 'AAAAA-AAAAA-AAAAA-AAAAA-AAAAA');
    expect(wrong.status).toBe(404);
    expect(await wrong.text()).toContain('Det finns ingen fråga med den koden.');
    // No code at all: asked for one (not "no question has it").
    const empty = await sendCode('sv', '  ');
    expect(empty.status).toBe(400);
    const asked = await empty.text();
    expect(asked).toContain('Skriv koden du fick när du skickade frågan.');
    expect(asked).not.toContain('Det finns ingen fråga med den koden.');
  });

  it('reads dashes for hyphens, and says why a text is no code before counting it as a guess', async () => {
    // Word processors and mail programs turn hyphens into en or em dashes.
    const dashed = await sendCode('en', trackingCode.replaceAll('-', '\u2013'));
    expect(dashed.status).toBe(200);
    expect(await dashed.text()).toContain('Status: Received');
    const before = await codeMisses();
    for (const [typed, says] of [
      [
        `${trackingCode.slice(0, 5)}\u0000${trackingCode.slice(5)}`,
        'a character that does not show (U+0000) (character 6)',
      ],
      [
        `\u0410${trackingCode.slice(1)}`,
        'The code contains “\u0410” (U+0410) (character 1), which no code has',
      ],
      [`${trackingCode}😀`, 'The code contains “😀” (U+1F600) (character 30)'],
      // A letter that looks like one a code has is named by its code point too.
      [`${trackingCode.slice(0, -1)}\u212a`, 'The code contains “\u212a” (U+212A) (character 29)'],
      // The braille blank shows nothing: named by its code point alone.
      ['\u2800', 'a character that does not show (U+2800) (character 1)'],
      // A code with a letter after many spaces is no code, not the code looked up.
      [
        `${trackingCode}${' '.repeat(35)}X`,
        'A code has 25 letters and digits, like ABCDE-12345-…; this one has 26.',
      ],
      ['A'.repeat(150), 'This is too long to be a code'],
      [
        trackingCode.slice(0, -1),
        'A code has 25 letters and digits, like ABCDE-12345-…; this one has 24.',
      ],
    ] as const) {
      const response = await sendCode('en', typed);
      const page = await response.text();
      expect({ typed, status: response.status }).toEqual({ typed, status: 400 });
      expect(page).toContain(says);
      // Given back to be mended, a character HTML cannot carry shown as U+FFFD.
      expect(page).not.toContain('\u0000');
      expect(page).toMatch(/name="code" value="[^"]*"/);
    }
    const nul = await (await sendCode('en', 'ab\u0000cd')).text();
    expect(nul).toContain('name="code" value="ab\ufffdcd"');
    // None was counted as a guess: each can be told to be no code without any look-up.
    expect(await codeMisses()).toBe(before);
    // The same on the erasure form, in Swedish.
    const erase = await forms.openForm('/sv/concerns/erase');
    const refused = await post(
      '/sv/concerns/erase',
      [...erase.hidden, ['code', 'ABCDE-ABCDE']],
      erase.cookie,
    );
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain(
      'En kod har 25 bokstäver och siffror, som ABCDE-12345-…; den här har 10.',
    );
    // U is a letter A–Z that no code has (Crockford's alphabet): said as such.
    const withU = await post(
      '/sv/concerns/erase',
      [...erase.hidden, ['code', `U${trackingCode.slice(1)}`]],
      erase.cookie,
    );
    expect(withU.status).toBe(400);
    expect(await withU.text()).toContain(
      'Koden innehåller ”U” (tecken 1), som inte finns i någon kod: en kod har bara siffror, bindestreck och bokstäverna A–Z utom U.',
    );
    // Sent without a code (or only spaces): asked for one, as the tracking form asks.
    for (const empty of ['', '   ']) {
      const missing = await post(
        '/sv/concerns/erase',
        [...erase.hidden, ['code', empty]],
        erase.cookie,
      );
      expect(missing.status).toBe(400);
      const page = await missing.text();
      expect(page).toContain('id="code-error">Skriv koden för att radera frågan');
      expect(page).not.toContain('Det finns ingen fråga med den raderingskoden');
    }
    expect(await codeMisses()).toBe(before);
  });

  it('shows a concern found in the other language when the language is switched, the code kept', async () => {
    const opened = await forms.openForm('/sv/concerns/track');
    const found = await post(
      '/sv/concerns/track',
      [...opened.hidden, ['code', trackingCode]],
      opened.cookie,
    );
    const html = await found.text();
    expect(html).toContain('Status: Mottagen');
    // The code stays in its field; the form says it shows the concern.
    expect(html).toContain(`name="code" value="${trackingCode}"`);
    const form = forms.hiddenFields(html);
    expect(form).toContainEqual(['shown', '1']);
    const cookie = forms.csrfCookieOf(found) || opened.cookie;
    const switched = await post(
      '/en/concerns/track',
      [...form, ['code', trackingCode], ['language-switch', '1']],
      cookie,
    );
    expect(switched.status).toBe(200);
    expect(switched.headers.get('cache-control')).toBe('no-store');
    const english = await switched.text();
    expect(english).toContain('Status: Received');
    expect(english).toContain(`name="code" value="${trackingCode}"`);
    // From a form that showed nothing, the switch brings the code along, looking nothing up.
    const blank = await forms.openForm('/sv/concerns/track');
    const before = await codeMisses();
    const carried = await post(
      '/en/concerns/track',
      [...blank.hidden, ['code', 'AAAAA-AAAAA-AAAAA-AAAAA-AAAAA'], ['language-switch', '1']],
      blank.cookie,
    );
    expect(carried.status).toBe(200);
    const page = await carried.text();
    expect(page).toContain('name="code" value="AAAAA-AAAAA-AAAAA-AAAAA-AAAAA"');
    expect(page).not.toContain('Status:');
    expect(await codeMisses()).toBe(before);
  });

  it('refuses a tracking post without a valid CSRF token (403, the form back with the code), looking up and counting nothing', async () => {
    // A browser that sends neither Origin nor Fetch Metadata (as fetch here): only the token
    // tells the resident's own form from another site's hidden one.
    const before = await codeMisses();
    const { cookie, token } = await openForm('/sv/concerns/track');
    const other = await openForm('/sv/concerns/track');
    const unknown = 'BBBBB-BBBBB-BBBBB-BBBBB-BBBBB';
    const attempts: [string, Promise<Response>][] = [];
    for (const code of [trackingCode, unknown]) {
      attempts.push(
        ['no token', post('/sv/concerns/track', [['code', code]], cookie)],
        [
          'no cookie',
          post('/sv/concerns/track', [
            ['csrf', token],
            ['code', code],
          ]),
        ],
        [
          'a wrong token',
          post(
            '/sv/concerns/track',
            [
              ['csrf', 'x'.repeat(43)],
              ['code', code],
            ],
            cookie,
          ),
        ],
        [
          "another reader's token",
          post(
            '/sv/concerns/track',
            [
              ['csrf', other.token],
              ['code', code],
            ],
            cookie,
          ),
        ],
        [
          'two tokens',
          post(
            '/sv/concerns/track',
            [
              ['csrf', token],
              ['csrf', token],
              ['code', code],
            ],
            cookie,
          ),
        ],
      );
    }
    for (const [what, pending] of attempts) {
      const response = await pending;
      expect({ what, status: response.status }).toEqual({ what, status: 403 });
      expect(response.headers.get('cache-control')).toBe('no-store');
      const html = await response.text();
      expect(html).toContain(
        'Formuläret hade gått ut. Ingenting har slagits upp ännu. Koden står kvar nedan: skicka igen.',
      );
      // Not looked up: no status, not "no question has that code".
      expect(html).not.toContain('id="concern-status"');
      expect(html).not.toContain('Det finns ingen fråga med den koden.');
      // The form back, with the code as typed and a fresh token.
      expect(html).toMatch(/<input type="text" id="code" name="code" value="[A-Z0-9-]+"/);
      expect(html).toMatch(/name="csrf" value="[\w-]{43}"/);
    }
    // None counted, the unknown codes included.
    expect(await codeMisses()).toBe(before);

    // In the page's language; and the token it comes back with works (a cookie that was gone
    // is set anew with it), so sending again shows the concern.
    const expired = await post('/en/concerns/track', [['code', trackingCode]]);
    expect(expired.status).toBe(403);
    const page = await expired.text();
    expect(page).toContain('<html lang="en">');
    expect(page).toContain(
      'The form had expired. Nothing has been looked up yet. The code is still below: send it again.',
    );
    expect(page).toContain(`name="code" value="${trackingCode}"`);
    const fresh = /name="csrf" value="([^"]+)"/.exec(page)![1];
    const newCookie = expired.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .find((c) => c.startsWith('insyn_csrf='))!;
    expect(newCookie).toMatch(/^insyn_csrf=[\w-]{43}$/);
    const again = await post(
      '/en/concerns/track',
      [
        ['csrf', fresh],
        ['code', trackingCode],
      ],
      newCookie,
    );
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('Status: Received');
    // With a valid token an unknown code is looked up, and counted, as before.
    const miss = await post(
      '/sv/concerns/track',
      [
        ['csrf', token],
        ['code', unknown],
      ],
      cookie,
    );
    expect(miss.status).toBe(404);
    expect(await codeMisses()).toBe(before + 1);
  });

  it('refuses a form whose text does not percent-decode to UTF-8, storing nothing', async () => {
    const { cookie, token } = await openForm();
    const before = await rows();
    const fields = new URLSearchParams(valid(token).filter(([name]) => name !== 'text'));
    for (const text of ['a%ED%A0%80b', '%FF', '%E2%82', 'x%']) {
      const response = await fetch(`${api.baseUrl}${POST}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
        body: `${fields.toString()}&text=${text}`,
      });
      expect({ text, status: response.status }).toEqual({ text, status: 400 });
      expect(await response.text()).toContain('The form is not percent-encoded UTF-8');
    }
    expect(await rows()).toBe(before);
  });

  it('throttles filing like the API (429 with Retry-After), giving the form back as written', async () => {
    const { cookie, token } = await openForm();
    expect((await post(POST, valid(token), cookie)).status).toBe(200);
    // Another concern (another text) over the address's two an hour.
    const another = valid(token).map(([k, v]): [string, string] => [
      k,
      k === 'text' ? `${v} Och hur länge?` : v,
    ]);
    const refused = await post(POST, another, cookie);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const html = await refused.text();
    expect(html).toMatch(
      /För många frågor har kommit från din adress: den här skickades inte\. Det du skrev står kvar nedan; skicka den igen om \d+ minut(er)?\./,
    );
    // Nothing to correct, only to wait: not under "Det här behöver rättas".
    expect(html).toContain('<title>För många försök:');
    expect(html).toContain('<h2 id="notice-title">För många försök</h2>');
    expect(html).not.toContain('Det här behöver rättas');
    // What the resident wrote is still in the form, escaped, with a fresh form token.
    expect(html).toContain(
      'Hur länge sparas bilderna? &lt;script>alert(1)&lt;/script> Och hur länge?</textarea>',
    );
    expect(html).toMatch(/name="csrf" value="[\w-]+"/);
    expect(await rows()).toBe(2);
  });

  it('gives a form sent again its codes, not "not sent", when the address has filed its limit since', async () => {
    // The address's budget is spent (two an hour here, by the tests above): the probe found
    // the second post of a form (a double click, the receipt reloaded) told it was not sent.
    const limiter = () =>
      db.query(`SELECT points FROM rate_limit WHERE key LIKE 'concern-file:%'`) as Promise<
        { points: number }[]
      >;
    await db.query(`UPDATE rate_limit SET points = 1 WHERE key LIKE 'concern-file:%'`);
    const form = await fetch(`${api.baseUrl}${FORM}`);
    const html = await form.text();
    const cookie = form.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .find((c) => c.startsWith('insyn_csrf='))!;
    const hidden = [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/>/g)];
    expect(hidden.map((m) => m[1])).toEqual(['csrf', 'submission']);
    const fields: [string, string][] = [
      ['submission', hidden[1][2]],
      ...valid(hidden[0][2]).map(([k, v]): [string, string] => [
        k,
        k === 'text' ? 'Sparas bilderna i molnet?' : v,
      ]),
    ];
    const before = await rows();
    const first = await post(POST, fields, cookie);
    expect(first.status).toBe(200);
    const codes = (page: string) => [
      /id="tracking-code">([^<]+)</.exec(page)?.[1],
      /id="erasure-code">([^<]+)</.exec(page)?.[1],
    ];
    const sent = codes(await first.text());
    expect(sent[0]).toMatch(/^([0-9A-Z]{5}-){4}[0-9A-Z]{5}$/);
    const counted = await limiter();
    // The second post, and a reload of the receipt: the same codes, not counted.
    for (const again of [await post(POST, fields, cookie), await post(POST, fields, cookie)]) {
      expect(again.status).toBe(200);
      expect(codes(await again.text())).toEqual(sent);
    }
    expect(await limiter()).toEqual(counted);
    expect(await rows()).toBe(before + 1);
    // A new concern from the address is still refused.
    const changed = fields.map(([k, v]): [string, string] => [k, k === 'text' ? `${v}?` : v]);
    expect((await post(POST, changed, cookie)).status).toBe(429);
    // Over an hour later, the form sent again is told so (409), not that it was not sent.
    await db.query(
      `UPDATE concern SET filed_at = filed_at - interval '61 minutes' WHERE text = $1`,
      ['Sparas bilderna i molnet?'],
    );
    const later = await post(POST, fields, cookie);
    expect(later.status).toBe(409);
    expect(await later.text()).not.toContain(sent[0]);
    expect(await rows()).toBe(before + 1);
  });
});
