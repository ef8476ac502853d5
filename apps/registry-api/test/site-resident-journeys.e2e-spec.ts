import { DataSource } from 'typeorm';
import { EntryKind } from '@insyn/registry';
import { createTestTokens } from '@insyn/testing';
import { EntrySetup } from './entry-setup';
import { RegistryApiHarness } from './registry-api.harness';
import { siteForms } from './site-forms';

/**
 * What a careless resident does on the site without JavaScript: presses Send twice, or reloads
 * the receipt; comes back to a form whose CSRF cookie is gone; mistypes a date or a code. Each
 * must end with one concern, their text kept, and the mistake marked on its field.
 */
describe('public site: a resident’s slips', () => {
  let api: RegistryApiHarness;
  let db: DataSource;
  const FORM = '/sv/entries/bygglovsbedomning/concerns/new';
  const POST = '/sv/entries/bygglovsbedomning/concerns';

  const rows = async () => Number((await db.query('SELECT count(*) FROM concern'))[0].count);
  const forms = siteForms(() => api.baseUrl);
  const { csrfCookieOf, hiddenFields, post, sendCode } = forms;
  const openForm = (path = FORM) => forms.openForm(path);
  const filled = (hidden: [string, string][], text = 'Vem granskar bedömningarna?') =>
    [
      ...hidden,
      ['principleCodes', 'TRANSPARENCY_AND_NON_DISCRIMINATION'],
      ['category', 'TRANSPARENCY'],
      ['text', text],
      ['contactEmail', ''],
      ['language', 'sv'],
    ] as [string, string][];
  const codesOf = (html: string) => ({
    tracking: /id="tracking-code">([^<]+)</.exec(html)?.[1],
    erasure: /id="erasure-code">([^<]+)</.exec(html)?.[1],
  });

  beforeAll(async () => {
    api = await RegistryApiHarness.start(
      'site-resident-journeys',
      {},
      {
        rateLimit: { limit: 100_000 },
        concernThrottle: {
          filePerClient: { points: 1000, windowSeconds: 3600 },
          fileGlobal: { points: 1000, windowSeconds: 60 },
          codeMissesPerClient: { points: 1000, windowSeconds: 900 },
        },
      },
    );
    db = api.app.get(DataSource);
    const setup = new EntrySetup(api.app, await createTestTokens(db));
    await setup.published(EntryKind.ALGORITHM, 'Bygglovsbedömning', 'A');
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('files one concern when Send is pressed twice or the receipt reloaded, showing the same codes', async () => {
    const before = await rows();
    const { cookie, hidden } = await openForm();
    expect(hidden.map(([name]) => name)).toEqual(['csrf', 'submission']);
    const [first, second] = await Promise.all([
      post(POST, filled(hidden), cookie),
      post(POST, filled(hidden), cookie),
    ]);
    const reloaded = await post(POST, filled(hidden), cookie);
    expect([first.status, second.status, reloaded.status]).toEqual([200, 200, 200]);
    const codes = codesOf(await first.text());
    expect(codes.tracking).toMatch(/^([0-9A-Z]{5}-){4}[0-9A-Z]{5}$/);
    expect(codesOf(await second.text())).toEqual(codes);
    expect(codesOf(await reloaded.text())).toEqual(codes);
    expect(await rows()).toBe(before + 1);
    // The language switch on the receipt keeps the receipt: the same codes, in English.
    const again = await post(POST, filled(hidden), cookie);
    const receipt = await again.text();
    expect(receipt).toContain('formaction="/en/concerns/receipt"');
    const english = await post(
      '/en/concerns/receipt',
      [...hiddenFields(receipt), ['language-switch', '1']],
      csrfCookieOf(again) || cookie,
    );
    const englishHtml = await english.text();
    expect(englishHtml).toContain('Code to follow the question');
    expect(codesOf(englishHtml)).toEqual(codes);
    const track = await sendCode('sv', codes.tracking!);
    expect(track.status).toBe(200);
  });

  it('remembers the submission sent (its id alone, an hour), so the form Back brings up files nothing new', async () => {
    const before = await rows();
    const { cookie, hidden } = await openForm();
    const sent = await post(POST, filled(hidden, 'Kom min fråga fram?'), cookie);
    const setCookie = sent.headers.getSetCookie().find((c) => c.startsWith('insyn_sent='));
    const submission = hidden.find(([k]) => k === 'submission')![1];
    expect(setCookie).toBe(
      `insyn_sent=${submission}; Path=/; Max-Age=3600; HttpOnly; SameSite=Strict`,
    );
    const codes = codesOf(await sent.text());
    // Back: the browser asks for the form again, with the cookie, and fills in what was typed.
    const back = await openForm(FORM.replace('/sv/', '/en/'));
    expect(back.hidden.find(([k]) => k === 'submission')![1]).not.toBe(submission);
    const again = await fetch(`${api.baseUrl}${FORM}`, {
      headers: { Cookie: `${cookie}; insyn_sent=${submission}` },
    });
    const againHidden = hiddenFields(await again.text());
    expect(againHidden.find(([k]) => k === 'submission')![1]).toBe(submission);
    const resent = await post(POST, filled(againHidden, 'Kom min fråga fram?'), cookie);
    expect(codesOf(await resent.text())).toEqual(codes);
    expect(await rows()).toBe(before + 1);
    // Not a submission id: a form of its own.
    const bogus = await fetch(`${api.baseUrl}${FORM}`, {
      headers: { Cookie: `${cookie}; insyn_sent=<script>` },
    });
    const bogusHidden = hiddenFields(await bogus.text());
    expect(bogusHidden.find(([k]) => k === 'submission')![1]).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('files a new concern when the resident changes the text and sends the same form again', async () => {
    const before = await rows();
    const { cookie, hidden } = await openForm();
    const first = codesOf(await (await post(POST, filled(hidden), cookie)).text());
    const edited = codesOf(
      await (await post(POST, filled(hidden, 'Och hur ofta?'), cookie)).text(),
    );
    expect(edited.tracking).toBeDefined();
    expect(edited.tracking).not.toBe(first.tracking);
    expect(edited.erasure).not.toBe(first.erasure);
    expect(await rows()).toBe(before + 2);
    // A form opened afresh is a new submission, even with the same words.
    const again = await openForm();
    const fresh = codesOf(await (await post(POST, filled(again.hidden), again.cookie)).text());
    expect(fresh.tracking).not.toBe(first.tracking);
    expect(await rows()).toBe(before + 3);
  });

  it.each([
    ['sv', 'Frågan raderades på din begäran', 'Skriv en ny fråga'],
    ['en', 'This question was erased at your request', 'Write a new question'],
  ])(
    '%s: the form sent again after its concern was erased (Back, Send) files nothing and shows nothing of it, only that it was erased',
    async (lang, title, anew) => {
      const form = FORM.replace('/sv/', `/${lang}/`);
      const posted = POST.replace('/sv/', `/${lang}/`);
      const text = `Radera den här frågan sedan (${lang}).`;
      const email = `erased.${lang}@example.org`;
      const withEmail = (hidden: [string, string][]) =>
        filled(hidden, text).map(([k, v]): [string, string] => [
          k,
          k === 'contactEmail' ? email : v,
        ]);
      const before = await rows();
      const { cookie, hidden } = await openForm(form);
      const sent = await post(posted, withEmail(hidden), cookie);
      const sentCookie = sent.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .find((c) => c.startsWith('insyn_sent='))!;
      const codes = codesOf(await sent.text());
      expect(codes.erasure).toBeDefined();
      const eraseForm = await openForm(`/${lang}/concerns/erase`);
      const erased = await post(
        `/${lang}/concerns/erase`,
        [...eraseForm.hidden, ['code', codes.erasure!]],
        eraseForm.cookie,
      );
      expect(erased.status).toBe(200);

      // Back twice to the form, which the browser fills in again, and Send.
      const again = await post(posted, withEmail(hidden), `${cookie}; ${sentCookie}`);
      expect(again.status).toBe(409);
      expect(again.headers.get('cache-control')).toBe('no-store');
      const html = await again.text();
      expect(html).toContain(`<h1>${title}</h1>`);
      // Nothing of the erased concern: no codes, no text, no address, not even when it was erased.
      expect(html).not.toContain('tracking-code');
      expect(html).not.toContain('erasure-code');
      for (const secret of [codes.tracking!, codes.erasure!, text, email])
        expect(html).not.toContain(secret);
      expect(html).not.toContain('<time');
      expect(await rows()).toBe(before + 1);
      // The browser forgets the submission, so a form opened from here is a new one.
      expect(again.headers.getSetCookie()).toContain(
        'insyn_sent=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict',
      );
      // Unless the browser has sent another question since: that one it keeps.
      const later = await post(
        posted,
        withEmail(hidden),
        `${cookie}; insyn_sent=${'L'.repeat(22)}`,
      );
      expect(later.status).toBe(409);
      expect(later.headers.getSetCookie().some((c) => c.startsWith('insyn_sent='))).toBe(false);
      const link = new RegExp(
        `<a href="(/${lang}/entries/bygglovsbedomning/concerns/new)">${anew}`,
      );
      expect(html).toMatch(link);
      // Asked anew, in a new form: a new concern with new codes.
      const fresh = await openForm(link.exec(html)![1]);
      const filedAnew = await post(posted, withEmail(fresh.hidden), fresh.cookie);
      expect(filedAnew.status).toBe(200);
      const newCodes = codesOf(await filedAnew.text());
      expect(newCodes.tracking).toMatch(/^([0-9A-Z]{5}-){4}[0-9A-Z]{5}$/);
      expect(newCodes.tracking).not.toBe(codes.tracking);
      expect(await rows()).toBe(before + 2);
    },
  );

  it.each([
    ['sv', 'Formuläret skickades för över en timme sedan'],
    ['en', 'This form was sent over an hour ago'],
  ])(
    '%s: the form sent again over an hour after it filed its concern (the next person at a shared computer, Back, Send) files nothing and shows no codes',
    async (lang, title) => {
      const form = FORM.replace('/sv/', `/${lang}/`);
      const posted = POST.replace('/sv/', `/${lang}/`);
      const text = `Min fråga från bibliotekets dator (${lang}).`;
      const before = await rows();
      const { cookie, hidden } = await openForm(form);
      const sent = await post(posted, filled(hidden, text), cookie);
      const receipt = await sent.text();
      const codes = codesOf(receipt);
      expect(codes.tracking).toBeDefined();
      const submission = hidden.find(([k]) => k === 'submission')![1];
      const sentCookie = `insyn_sent=${submission}`;
      // Within the hour: the same codes (Send pressed twice, the receipt reloaded).
      expect(codesOf(await (await post(posted, filled(hidden, text), cookie)).text())).toEqual(
        codes,
      );
      // An hour and a minute later, the form the browser kept, sent again.
      await db.query(
        `UPDATE concern SET filed_at = filed_at - interval '61 minutes' WHERE text = $1`,
        [text],
      );
      const later = await post(posted, filled(hidden, text), `${cookie}; ${sentCookie}`);
      expect(later.status).toBe(409);
      expect(later.headers.get('cache-control')).toBe('no-store');
      const html = await later.text();
      expect(html).toContain(`<h1>${title}</h1>`);
      expect(html).not.toContain('tracking-code');
      expect(html).not.toContain('erasure-code');
      for (const secret of [codes.tracking!, codes.erasure!, text])
        expect(html).not.toContain(secret);
      expect(later.headers.getSetCookie()).toContain(
        'insyn_sent=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict',
      );
      expect(await rows()).toBe(before + 1);
      // Nor does the receipt's language switch, pressed (or brought up with Back) that late.
      const other = lang === 'sv' ? 'en' : 'sv';
      const switched = await post(
        `/${other}/concerns/receipt`,
        [...hiddenFields(receipt), ['language-switch', '1']],
        csrfCookieOf(sent) || cookie,
      );
      expect(switched.status).toBe(200);
      const plain = await switched.text();
      expect(plain).toContain(`action="/${other}/concerns/track"`);
      for (const secret of [codes.tracking!, codes.erasure!]) expect(plain).not.toContain(secret);
      // The concern itself is untouched, and its tracking code still finds it.
      const track = await sendCode(lang, codes.tracking!);
      expect(track.status).toBe(200);
      expect(await track.text()).toContain('<h2 id="concern-status">');
    },
  );

  it('gives the form back filled in, with a fresh token, when its cookie is gone; another site gets nothing back', async () => {
    const before = await rows();
    const { hidden } = await openForm();
    // The browser was restarted and dropped the session cookie: the post comes without it.
    const expired = await post(POST, filled(hidden, 'Min långa text <b>om</b> bygglov.'));
    expect(expired.status).toBe(403);
    expect(expired.headers.get('cache-control')).toBe('no-store');
    const html = await expired.text();
    expect(html).toContain('Formuläret hade gått ut');
    expect(html).toContain('>Min långa text &lt;b>om&lt;/b> bygglov.</textarea>');
    expect(html).toContain('value="TRANSPARENCY_AND_NON_DISCRIMINATION" checked');
    const cookie = csrfCookieOf(expired);
    expect(cookie).not.toBe('');
    expect(await rows()).toBe(before);
    const sent = await post(POST, filled(hiddenFields(html), 'Min långa text.'), cookie);
    expect(sent.status).toBe(200);
    expect(await rows()).toBe(before + 1);

    const forged = await fetch(`${api.baseUrl}${POST}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'Sec-Fetch-Site': 'cross-site',
      },
      body: new URLSearchParams(filled(hidden, 'Planterad text')).toString(),
    });
    expect(forged.status).toBe(403);
    const forgedHtml = await forged.text();
    expect(forgedHtml).toContain('Ingenting har sparats');
    expect(forgedHtml).not.toContain('Planterad text');
  });

  it('switches a filled-in form’s language without filing or judging it; another site gets nothing back', async () => {
    const before = await rows();
    const SWITCH = '/en/entries/bygglovsbedomning/concerns/new';
    const { cookie, hidden, html: form } = await openForm();
    // On the form the switch submits the form; where no form is filled in it is a link.
    expect(form).toContain(
      `<button type="submit" class="link-button" form="concern-form" formaction="${SWITCH}" formmethod="post" formnovalidate name="language-switch" value="1" lang="en">`,
    );
    const entry = await (await fetch(`${api.baseUrl}/sv/entries/bygglovsbedomning`)).text();
    expect(entry).toContain(
      '<a href="/en/entries/bygglovsbedomning" lang="en" hreflang="en">Read in English</a>',
    );
    // Half-filled: no category, a text the API would refuse as too long. Nothing is judged yet.
    const half = filled(hidden, `Halvskriven <fråga> ${'x'.repeat(4100)}`).filter(
      ([k]) => k !== 'category',
    );
    const switched = await post(SWITCH, half, cookie);
    expect(switched.status).toBe(200);
    expect(switched.headers.get('cache-control')).toBe('no-store');
    const html = await switched.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain(`>Halvskriven &lt;fråga> ${'x'.repeat(4100)}</textarea>`);
    expect(html).not.toContain('error-summary');
    expect(html).not.toContain('aria-invalid');
    expect(await rows()).toBe(before);
    // The same submission: sent from the switched form, and again from the first (Back), one concern.
    const switchedHidden = hiddenFields(html);
    expect(switchedHidden.find(([k]) => k === 'submission')).toEqual(
      hidden.find(([k]) => k === 'submission'),
    );
    const sent = codesOf(
      await (await post(POST.replace('/sv/', '/en/'), filled(switchedHidden), cookie)).text(),
    );
    const again = codesOf(await (await post(POST, filled(hidden), cookie)).text());
    expect(sent.tracking).toBeDefined();
    expect(again).toEqual(sent);
    expect(await rows()).toBe(before + 1);

    const forged = await fetch(`${api.baseUrl}${SWITCH}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'Sec-Fetch-Site': 'cross-site',
      },
      body: new URLSearchParams(filled(hidden, 'Planterad text')).toString(),
    });
    expect(forged.status).toBe(403);
    expect(await forged.text()).not.toContain('Planterad text');
    expect(await rows()).toBe(before + 1);
  });

  it('switches the language of the tracking and erasure forms keeping the code typed, looking up and erasing nothing', async () => {
    const { cookie, hidden } = await openForm();
    const codes = codesOf(
      await (await post(POST, filled(hidden, 'Byt språk sen.'), cookie)).text(),
    );
    const SWITCH: [string, string] = ['language-switch', '1'];

    const track = await (await fetch(`${api.baseUrl}/sv/concerns/track`)).text();
    expect(track).toContain('form="track-form" formaction="/en/concerns/track"');
    // A code that names nothing, switched: given back as typed, not looked up (no "not found").
    const typed = await post('/en/concerns/track', [['code', 'ABCDE-12345'], SWITCH]);
    expect(typed.status).toBe(200);
    const typedHtml = await typed.text();
    expect(typedHtml).toContain('<html lang="en">');
    expect(typedHtml).toMatch(/<input type="text" id="code" name="code" value="ABCDE-12345"/);
    expect(typedHtml).not.toContain('error-summary');
    expect(typedHtml).not.toContain('id="concern-status"');

    const erase = await openForm('/sv/concerns/erase');
    expect(erase.html).toContain('form="erase-form" formaction="/en/concerns/erase"');
    const switched = await post(
      '/en/concerns/erase',
      [...erase.hidden, ['code', codes.erasure!], SWITCH],
      erase.cookie,
    );
    expect(switched.status).toBe(200);
    const switchedHtml = await switched.text();
    expect(switchedHtml).toContain(`name="code" value="${codes.erasure}"`);
    expect(switchedHtml).not.toContain('id="erased"');
    const [kept] = await db.query(`SELECT count(*) FROM concern WHERE text = 'Byt språk sen.'`);
    expect(Number(kept.count)).toBe(1);
    // Another site's switch gets nothing back.
    const forged = await fetch(`${api.baseUrl}/en/concerns/erase`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'Sec-Fetch-Site': 'cross-site',
      },
      body: new URLSearchParams([['code', 'PLANTED-CODE'], SWITCH]).toString(),
    });
    expect(forged.status).toBe(403);
    expect(await forged.text()).not.toContain('PLANTED-CODE');
    // Sent from the switched form, it erases.
    const erased = await post(
      '/en/concerns/erase',
      [...hiddenFields(switchedHtml), ['code', codes.erasure!]],
      erase.cookie,
    );
    expect(erased.status).toBe(200);
    expect(await erased.text()).toContain('id="erased"');
  });

  it('leads the address a sent or refused form leaves in the address bar, opened again, to the form', async () => {
    // After Send the address bar shows the post's address; Enter there, a bookmark or a shared
    // link asks for it by GET, which used to say the page does not exist.
    for (const lang of ['sv', 'en']) {
      const response = await fetch(`${api.baseUrl}/${lang}/entries/bygglovsbedomning/concerns`, {
        redirect: 'manual',
        headers: { Accept: 'text/html' },
      });
      expect({ status: response.status, location: response.headers.get('location') }).toEqual({
        status: 302,
        location: `/${lang}/entries/bygglovsbedomning/concerns/new`,
      });
    }
    const followed = await fetch(`${api.baseUrl}/sv/entries/bygglovsbedomning/concerns`);
    expect(followed.status).toBe(200);
    expect(await followed.text()).toContain('<form id="concern-form" method="post"');
    // An entry that does not exist is still a 404, from the form's address.
    const missing = await fetch(`${api.baseUrl}/sv/entries/finns-inte/concerns`);
    expect(missing.status).toBe(404);
    // A hostile slug never leaves the site nor splits the header.
    for (const slug of ['a%0D%0ALocation:%20x', '%2F%2Fevil.example', '..%2F..%2Fgraphql', '%00']) {
      const response = await fetch(`${api.baseUrl}/sv/entries/${slug}/concerns`, {
        redirect: 'manual',
      });
      const location = response.headers.get('location') ?? '';
      expect({
        slug,
        ok: response.status < 500,
        local: /^(\/sv\/entries\/[^/]+\/concerns\/new)?$/.test(location),
      }).toEqual({ slug, ok: true, local: true });
    }
  });

  it('gives the erasure form back with the code, when its cookie is gone, erasing nothing', async () => {
    const { cookie, hidden } = await openForm();
    const codes = codesOf(
      await (await post(POST, filled(hidden, 'Radera mig sen.'), cookie)).text(),
    );
    const erase = await openForm('/sv/concerns/erase');
    const expired = await post('/sv/concerns/erase', [...erase.hidden, ['code', codes.erasure!]]);
    expect(expired.status).toBe(403);
    const html = await expired.text();
    expect(html).toContain('Formuläret hade gått ut');
    expect(html).toContain(`name="code" value="${codes.erasure}"`);
    const [row] = await db.query(`SELECT count(*) FROM concern WHERE text = 'Radera mig sen.'`);
    expect(Number(row.count)).toBe(1);
    const fresh = (expired.headers.getSetCookie?.() ?? [])
      .map((c) => c.split(';')[0])
      .find((c) => c.startsWith('insyn_csrf='));
    const erased = await post(
      '/sv/concerns/erase',
      [...hiddenFields(html), ['code', codes.erasure!]],
      fresh,
    );
    expect(erased.status).toBe(200);
  });

  it('names on the privacy page, in each language, exactly the cookies a resident’s journey sets', async () => {
    const set = new Set<string>();
    const collect = (response: Response) => {
      for (const c of response.headers.getSetCookie()) set.add(c.split('=')[0]);
      return response;
    };
    // Reading, filing, tracking and erasing: every page and post a resident meets.
    for (const path of ['/sv/', '/sv/search?q=bygglov', '/sv/entries/bygglovsbedomning'])
      collect(await fetch(`${api.baseUrl}${path}`));
    const { cookie, hidden } = await openForm();
    set.add(cookie.split('=')[0]);
    const receipt = collect(await post(POST, filled(hidden, 'Vilka kakor sätts?'), cookie));
    const codes = codesOf(await receipt.text());
    const track = await openForm('/sv/concerns/track');
    collect(
      await post('/sv/concerns/track', [...track.hidden, ['code', codes.tracking!]], track.cookie),
    );
    const erase = await openForm('/sv/concerns/erase');
    const erased = collect(
      await post('/sv/concerns/erase', [...erase.hidden, ['code', codes.erasure!]], erase.cookie),
    );
    expect(erased.status).toBe(200);
    expect([...set].sort()).toEqual(['insyn_csrf', 'insyn_sent']);
    for (const lang of ['sv', 'en']) {
      const page = await (await fetch(`${api.baseUrl}/${lang}/privacy`)).text();
      const named = [...page.matchAll(/<dt><code>([^<]+)<\/code><\/dt>/g)].map((m) => m[1]);
      expect({ lang, named: named.sort() }).toEqual({ lang, named: [...set].sort() });
    }
  });

  it('leads a journalist from versions that do not exist back to the entry’s versions', async () => {
    const response = await fetch(`${api.baseUrl}/sv/entries/bygglovsbedomning/changes?from=1&to=9`);
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain(
      '<a href="/sv/entries/bygglovsbedomning#history">Tillbaka till posten</a>',
    );
    const entry = await (await fetch(`${api.baseUrl}/sv/entries/bygglovsbedomning`)).text();
    expect(entry).toContain('id="history"');
  });

  it('says whether the text is missing or how much too long it is', async () => {
    const { cookie, hidden } = await openForm();
    const blank = await (await post(POST, filled(hidden, '   \n  '), cookie)).text();
    expect(blank).toContain('id="text-error">Skriv din fråga eller invändning.</p>');
    // Only characters that do not show (zero-width spaces, a soft hyphen) is nothing written.
    const invisible = await (
      await post(POST, filled(hidden, '\u200b\u200b \u00ad'), cookie)
    ).text();
    expect(invisible).toContain('id="text-error">Skriv din fråga eller invändning.</p>');
    const long = await (await post(POST, filled(hidden, 'å'.repeat(4321)), cookie)).text();
    expect(long).toContain(
      'id="text-error">Texten är 4\u00a0321 tecken lång. Korta den till högst 4\u00a0000 tecken.</p>',
    );
  });

  it('marks every refused field invalid and keeps what was typed, so the resident can see the slip', async () => {
    // The concern form: a language the form does not offer.
    const { cookie, hidden } = await openForm();
    const fields = filled(hidden).map(([k, v]): [string, string] => [
      k,
      k === 'language' ? 'de' : v,
    ]);
    const refused = await (await post(POST, fields, cookie)).text();
    expect(refused).toContain('<a href="#language">');
    expect(refused).toMatch(/<select id="language" name="language"[^>]*aria-invalid="true"/);

    // Search: a date written the Swedish way stays in its field, marked; the summary links to it.
    const search = await fetch(`${api.baseUrl}/sv/search?q=bygglov&from=30%2F11%2F2026&page=x`);
    expect(search.status).toBe(400);
    const html = await search.text();
    expect(html).toMatch(
      /<input type="text" id="from" name="from" value="30\/11\/2026"[^>]*aria-invalid="true"/,
    );
    expect(html).not.toMatch(/id="to"[^>]*aria-invalid/);
    // …and says why beside it, tied to it as the concern form ties its messages.
    expect(html).toMatch(/<input type="text" id="from"[^>]*aria-describedby="from-error"/);
    expect(html).toMatch(/<p class="field-error" id="from-error">Publicerad från/);
    // The browser's own check would stop the post with a message in its language, not the page's.
    expect(html).toMatch(/<form[^>]*class="search-form"[^>]*novalidate/);
    // Every link of the error summary leads to something on the page.
    const summary = /<div class="error-summary".*?<\/div>/s.exec(html)?.[0] ?? '';
    const targets = [...summary.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]);
    expect(targets).toEqual(['from', 'results']);
    for (const id of targets) expect(html).toContain(`id="${id}"`);

    // Tracking: a mistyped code stays in the field, to be checked and corrected.
    const wrong = await sendCode('sv', 'ABCDE-12345-ABCDE-12345-ABCDE');
    expect(wrong.status).toBe(404);
    expect(await wrong.text()).toMatch(
      /<input type="text" id="code" name="code" value="ABCDE-12345-ABCDE-12345-ABCDE"/,
    );
    // One letter short: said so (no code is that short), the code kept as well.
    const short = await sendCode('sv', 'ABCDE-12345-ABCDE-12345-ABCD');
    expect(short.status).toBe(400);
    const shortPage = await short.text();
    expect(shortPage).toContain('den här har 24');
    expect(shortPage).toMatch(
      /<input type="text" id="code" name="code" value="ABCDE-12345-ABCDE-12345-ABCD"/,
    );
  });

  it('says which code it is when the resident gives the tracking page the erasure code, or the other way round', async () => {
    const { cookie, hidden } = await openForm();
    const codes = codesOf(
      await (await post(POST, filled(hidden, 'Vilken kod var det?'), cookie)).text(),
    );
    const track = await sendCode('sv', codes.erasure!.toLowerCase());
    expect(track.status).toBe(404);
    const trackHtml = await track.text();
    expect(trackHtml).toMatch(/id="code-error">Det här är koden för att radera frågan/);
    expect(trackHtml).not.toContain('Mottagen');

    const erase = await openForm('/en/concerns/erase');
    const response = await post(
      '/en/concerns/erase',
      [...erase.hidden, ['code', codes.tracking!]],
      erase.cookie,
    );
    expect(response.status).toBe(404);
    expect(await response.text()).toMatch(
      /id="code-error">This is the code for following the question/,
    );
    const [row] = await db.query(`SELECT count(*) FROM concern WHERE text = 'Vilken kod var det?'`);
    expect(Number(row.count)).toBe(1);
  });

  it('answers a mistyped address outside the languages (/SV/, /se/) with a readable page, not JSON', async () => {
    const browser = (language: string) => ({
      Accept: 'text/html,application/xhtml+xml,*/*;q=0.8',
      'Accept-Language': language,
    });
    for (const path of ['/SV/', '/se/', '/de/entries/x']) {
      const response = await fetch(`${api.baseUrl}${path}`, { headers: browser('sv-SE,sv;q=0.9') });
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await response.text();
      expect(html).toContain('<html lang="sv">');
      expect(html).toContain('<h1>Sidan finns inte</h1>');
      expect(html).toContain('<a href="/sv/search">');
    }
    // /SV/ names Swedish whatever the browser prefers; /se/ names no language of the site.
    const english = await fetch(`${api.baseUrl}/se/`, { headers: browser('en-GB') });
    expect(await english.text()).toContain('<h1>Page not found</h1>');
    // Scripts keep the API's JSON 404.
    const script = await fetch(`${api.baseUrl}/SV/`, { headers: { Accept: 'application/json' } });
    expect(script.status).toBe(404);
    expect(script.headers.get('content-type')).toMatch(/^application\/json/);
    // A page's own name under a language the site has not: the same rule, not a Swedish page.
    for (const path of ['/de/search', '/xx/map', '/de/entries']) {
      const page = await fetch(`${api.baseUrl}${path}`, { headers: browser('en-GB') });
      expect(page.status).toBe(404);
      expect(await page.text()).toContain('<h1>Page not found</h1>');
      const json = await fetch(`${api.baseUrl}${path}`, {
        headers: { Accept: 'application/json' },
      });
      expect(json.status).toBe(404);
      expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    }
  });

  it('leads an entry address typed with capitals or Swedish letters to the entry, telling nothing more', async () => {
    const get = (path: string) => fetch(`${api.baseUrl}${path}`, { redirect: 'manual' });
    for (const [path, to] of [
      ['/sv/entries/Bygglovsbed%C3%B6mning', '/sv/entries/bygglovsbedomning'],
      ['/en/entries/BYGGLOVSBEDOMNING', '/en/entries/bygglovsbedomning'],
      // A stray space at either end, copied with the address.
      ['/sv/entries/bygglovsbedomning%20', '/sv/entries/bygglovsbedomning'],
      ['/sv/entries/%20bygglovsbedomning%0A', '/sv/entries/bygglovsbedomning'],
      // Words from a printout, a dash between them with spaces around it.
      ['/sv/entries/Finns%20-%20Inte', '/sv/entries/finns-inte'],
      // Sent on alike whether it names an entry or not; the page then says 404.
      ['/sv/entries/Finns-Inte', '/sv/entries/finns-inte'],
    ]) {
      const response = await get(path);
      expect({ path, status: response.status, to: response.headers.get('location') }).toEqual({
        path,
        status: 301,
        to,
      });
    }
    expect((await get('/sv/entries/bygglovsbedomning')).status).toBe(200);
    expect((await get('/sv/entries/finns-inte')).status).toBe(404);
    // An address no slug could be is not folded: not found, as it is.
    expect((await get(`/sv/entries/${'-'.repeat(10_000)}%20a`)).status).toBe(404);
  });

  it('gives each page one address: a trailing slash moves to the address without it', async () => {
    const get = (path: string) => fetch(`${api.baseUrl}${path}`, { redirect: 'manual' });
    for (const [path, to] of [
      ['/sv/entries/bygglovsbedomning/', '/sv/entries/bygglovsbedomning'],
      ['/en/search/?q=trafik&page=2', '/en/search?q=trafik&page=2'],
      ['/sv/departments//', '/sv/departments'],
      // Never off the site: a doubled slash stays a path of this host.
      ['/sv//example.org/', '/sv//example.org'],
      // A language's home without its slash, or with two.
      ['/sv', '/sv/'],
      ['/en?q=x', '/en/?q=x'],
      ['/en//', '/en/'],
      // The public files and pages outside the languages, too.
      ['/exports/entries.csv/', '/exports/entries.csv'],
      ['/exports/', '/exports'],
      ['/open-data/audit-chain-head.json/', '/open-data/audit-chain-head.json'],
      ['/signs/bygglovsbedomning.svg/', '/signs/bygglovsbedomning.svg'],
      ['/exports//example.org/', '/exports//example.org'],
      ['/robots.txt/', '/robots.txt'],
      ['/sitemap.xml/', '/sitemap.xml'],
      ['/sitemaps/entries.xml/', '/sitemaps/entries.xml'],
      ['/health/', '/health'],
      ['/graphql/schema.graphql/', '/graphql/schema.graphql'],
    ]) {
      const response = await get(path);
      expect({ path, status: response.status, to: response.headers.get('location') }).toEqual({
        path,
        status: 301,
        to,
      });
    }
    // A language's home is /sv/, the address the site links to.
    expect((await get('/sv/')).status).toBe(200);
    expect((await get('/sv/entries/bygglovsbedomning')).status).toBe(200);
  });

  it('serves each page at its address as written, not in other capitals (which named themselves canonical and slipped past robots.txt)', async () => {
    const get = (path: string) => fetch(`${api.baseUrl}${path}`, { redirect: 'manual' });
    for (const path of [
      '/sv/SEARCH',
      '/sv/Search?q=trafik',
      '/sv/Departments',
      '/sv/ENTRIES/bygglovsbedomning',
      '/sv/Feeds/Entries.atom',
      '/EXPORTS/entries.json',
      '/Sitemap.xml',
      '/ROBOTS.TXT',
      '/Health',
    ])
      expect({ path, status: (await get(path)).status }).toEqual({ path, status: 404 });
    for (const path of ['/sv/search', '/sv/departments', '/robots.txt', '/sitemap.xml'])
      expect({ path, status: (await get(path)).status }).toEqual({ path, status: 200 });
    // A slug typed with capitals, å ä ö or a space leads to the slug it would be, also at the
    // language-neutral address that signs and exports print.
    for (const [typed, slug] of [
      ['/entries/Bygglovsbed%C3%B6mning', 'bygglovsbedomning'],
      ['/entries/BYGGLOVSBEDOMNING', 'bygglovsbedomning'],
      ['/entries/ab%20cd', 'ab-cd'],
    ]) {
      const response = await fetch(`${api.baseUrl}${typed}`, {
        redirect: 'manual',
        headers: { 'Accept-Language': 'en' },
      });
      expect({ typed, status: response.status, to: response.headers.get('location') }).toEqual({
        typed,
        status: 302,
        to: `/en/entries/${slug}`,
      });
    }
    expect((await get('/entries/a%00b')).status).toBe(404);
  });

  describe('over the HTTP rate limit (a school or library behind one address)', () => {
    let limited: RegistryApiHarness;
    beforeAll(async () => {
      limited = await RegistryApiHarness.start(
        'site-resident-journeys-limit',
        {},
        { rateLimit: { limit: 2, windowMs: 60_000 } },
      );
    });
    afterAll(async () => {
      await limited?.stop();
    });

    it('gives a browser a readable page in its language, and scripts the JSON they had', async () => {
      const get = (path: string, accept: string) =>
        fetch(`${limited.baseUrl}${path}`, { headers: { Accept: accept } });
      const browser = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
      await get('/sv/search', browser);
      await get('/sv/search', browser);
      const page = await get('/sv/search?q=skola', browser);
      expect(page.status).toBe(429);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(Number(page.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(page.headers.get('cache-control')).toBe('no-store');
      const html = await page.text();
      expect(html).toContain('<html lang="sv">');
      expect(html).toContain('<h1>För många förfrågningar</h1>');
      expect(html).toMatch(/Försök igen om \d+ sekund(er)?\./);
      expect(html).toContain('<a href="/sv/">');
      const english = await (await get('/en/', browser)).text();
      expect(english).toContain('<h1>Too many requests</h1>');
      // A feed reader, a script and GraphQL keep the API's JSON error.
      // So do a feed and the GeoJSON opened in a browser (its Accept asks for HTML first).
      for (const [path, accept] of [
        ['/sv/feeds/entries.atom', 'application/atom+xml'],
        ['/sv/feeds/entries.atom', browser],
        ['/en/map/iot-deployments.geojson', browser],
      ]) {
        const file = await get(path, accept);
        expect(file.status).toBe(429);
        expect(file.headers.get('content-type')).toMatch(/^application\/json/);
        expect(await file.json()).toMatchObject({
          errors: [{ extensions: { code: 'RATE_LIMITED' } }],
        });
      }
    });
  });
});
