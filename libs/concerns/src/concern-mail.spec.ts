import { ConcernLanguage } from './concern-enums';
import { concernMail, ConcernMailFacts } from './concern-mail';

const facts = (language: ConcernLanguage): ConcernMailFacts => ({
  kind: 'amended',
  language,
  to: 'boende@example.org',
  entryTitle: 'Parkerings\nkameror',
  departmentName: language === ConcernLanguage.SV ? 'Trafikkontoret' : 'Traffic Office',
  trackingLink: `https://insyn.example.org/${language}/concerns/track`,
  trackingCode: 'ABCDE-FGHJK-MNPQR-STVWX-YZ012',
  erasureLink: `https://insyn.example.org/${language}/concerns/erase`,
  answer: 'Bilderna sparas i tolv timmar.',
  retentionDays: 30,
});

describe('the e-mail of an amended answer', () => {
  it('says in Swedish that the answer was amended, with the new wording, the tracking page and the erasure page', () => {
    const mail = concernMail(facts(ConcernLanguage.SV));
    expect(mail.to).toBe('boende@example.org');
    expect(mail.language).toBe(ConcernLanguage.SV);
    expect(mail.subject).toBe('Ändrat svar på din fråga om ”Parkerings kameror”');
    expect(mail.text).toBe(
      [
        'Trafikkontoret har ändrat sitt svar på din fråga om ”Parkerings kameror”. Det nya svaret:',
        '',
        'Bilderna sparas i tolv timmar.',
        '',
        'Det tidigare svaret visas fortfarande där du följer frågan.',
        '',
        'Följ frågan här:',
        'https://insyn.example.org/sv/concerns/track',
        'Din kod för att följa frågan: ABCDE-FGHJK-MNPQR-STVWX-YZ012',
        '',
        'Du får det här meddelandet för att du lämnade din e-postadress. Den raderas 30 dagar efter att frågan besvarats eller avslutats (öppnas den igen, räknas tiden från när den besvaras eller avslutas på nytt), eller direkt med koden för att radera frågan, som du fick när du skickade den, här:',
        'https://insyn.example.org/sv/concerns/erase',
        '',
      ].join('\n'),
    );
  });

  it('says the same in English', () => {
    const mail = concernMail(facts(ConcernLanguage.EN));
    expect(mail.subject).toBe('Amended answer to your question about “Parkerings kameror”');
    expect(mail.text).toContain(
      'Traffic Office has amended its answer to your question about “Parkerings kameror”. The new answer:\n\nBilderna sparas i tolv timmar.\n\nThe earlier answer is still shown where you follow your question.\n\nFollow your question here:\nhttps://insyn.example.org/en/concerns/track\nYour code to follow the question: ABCDE-FGHJK-MNPQR-STVWX-YZ012\n',
    );
    expect(mail.text).toContain('https://insyn.example.org/en/concerns/erase\n');
  });
});

describe('the e-mail of a rejected concern', () => {
  const rejected = (language: ConcernLanguage): ConcernMailFacts => ({
    ...facts(language),
    kind: 'rejected',
    answer: null,
    reason: 'Frågan gäller en annan förvaltnings kameror.',
  });

  it('says in Swedish that the concern was rejected, with the reason, the tracking page and the erasure page', () => {
    const mail = concernMail(rejected(ConcernLanguage.SV));
    expect(mail.to).toBe('boende@example.org');
    expect(mail.language).toBe(ConcernLanguage.SV);
    expect(mail.subject).toBe('Din fråga om ”Parkerings kameror” har avvisats');
    expect(mail.text).toBe(
      [
        'Trafikkontoret har avvisat din fråga om ”Parkerings kameror”. Skälet:',
        '',
        'Frågan gäller en annan förvaltnings kameror.',
        '',
        'Följ frågan här:',
        'https://insyn.example.org/sv/concerns/track',
        'Din kod för att följa frågan: ABCDE-FGHJK-MNPQR-STVWX-YZ012',
        '',
        'Du får det här meddelandet för att du lämnade din e-postadress. Den raderas 30 dagar efter att frågan avvisades, eller direkt med koden för att radera frågan, som du fick när du skickade den, här:',
        'https://insyn.example.org/sv/concerns/erase',
        '',
      ].join('\n'),
    );
  });

  it('says the same in English', () => {
    const mail = concernMail(rejected(ConcernLanguage.EN));
    expect(mail.subject).toBe('Your question about “Parkerings kameror” has been rejected');
    expect(mail.text).toBe(
      [
        'Traffic Office has rejected your question about “Parkerings kameror”. The reason:',
        '',
        'Frågan gäller en annan förvaltnings kameror.',
        '',
        'Follow your question here:',
        'https://insyn.example.org/en/concerns/track',
        'Your code to follow the question: ABCDE-FGHJK-MNPQR-STVWX-YZ012',
        '',
        'You receive this message because you left your e-mail address. It is erased 30 days after the question was rejected, or at once with the code to erase the question, which you were given when you sent it, here:',
        'https://insyn.example.org/en/concerns/erase',
        '',
      ].join('\n'),
    );
  });
});

describe('the e-mail of a concern closed without an answer', () => {
  const closed = (language: ConcernLanguage): ConcernMailFacts => ({
    ...facts(language),
    kind: 'closed',
    answer: null,
  });

  it('says in Swedish that it was closed without an answer, with the tracking page and the erasure page', () => {
    const mail = concernMail(closed(ConcernLanguage.SV));
    expect(mail.subject).toBe('Din fråga om ”Parkerings kameror” har avslutats');
    expect(mail.text).toBe(
      [
        'Trafikkontoret har avslutat din fråga om ”Parkerings kameror” utan att besvara den.',
        '',
        'Följ frågan här:',
        'https://insyn.example.org/sv/concerns/track',
        'Din kod för att följa frågan: ABCDE-FGHJK-MNPQR-STVWX-YZ012',
        '',
        'Du får det här meddelandet för att du lämnade din e-postadress. Den raderas 30 dagar efter att frågan avslutades, eller direkt med koden för att radera frågan, som du fick när du skickade den, här:',
        'https://insyn.example.org/sv/concerns/erase',
        '',
      ].join('\n'),
    );
  });

  it('says the same in English', () => {
    const mail = concernMail(closed(ConcernLanguage.EN));
    expect(mail.subject).toBe('Your question about “Parkerings kameror” has been closed');
    expect(mail.text).toContain(
      'Traffic Office has closed your question about “Parkerings kameror” without answering it.\n\nFollow your question here:\n',
    );
    expect(mail.text).toContain(
      'It is erased 30 days after the question was closed, or at once with the code to erase the question, which you were given when you sent it, here:\nhttps://insyn.example.org/en/concerns/erase\n',
    );
  });
});

describe('the e-mail of a reopened concern closed with its answer standing', () => {
  const closed = (language: ConcernLanguage): ConcernMailFacts => ({
    ...facts(language),
    kind: 'closed',
    answer: 'Kamerorna sparar inga bilder.',
  });

  it('says in Swedish that it was reviewed again and closed, with the answer that stands', () => {
    const mail = concernMail(closed(ConcernLanguage.SV));
    expect(mail.subject).toBe('Din fråga om ”Parkerings kameror” har avslutats');
    expect(mail.text).toMatch(
      /^Trafikkontoret har granskat din fråga om ”Parkerings kameror” igen och avslutat den\. Svaret står kvar:\n\nKamerorna sparar inga bilder\.\n\nFölj frågan här:\n/,
    );
    expect(mail.text).not.toContain('utan att besvara den');
    expect(mail.text).toContain('Den raderas 30 dagar efter att frågan avslutades');
  });

  it('says the same in English', () => {
    const mail = concernMail(closed(ConcernLanguage.EN));
    expect(mail.text).toMatch(
      /^Traffic Office has reviewed your question about “Parkerings kameror” again and closed it\. The answer stands:\n\nKamerorna sparar inga bilder\.\n\nFollow your question here:\n/,
    );
    expect(mail.text).not.toContain('without answering it');
  });
});

describe('the words of every e-mail', () => {
  const kinds = ['acknowledged', 'answered', 'amended', 'rejected', 'closed'] as const;

  it.each(kinds)('are the site’s (a question, the codes as the receipt names them): %s', (kind) => {
    const sv = concernMail({ ...facts(ConcernLanguage.SV), kind });
    const en = concernMail({ ...facts(ConcernLanguage.EN), kind });
    // The receipt says "Kod för att följa frågan" and "Kod för att radera frågan"; the
    // English site "question", never the API's "concern".
    expect(`${sv.subject}\n${sv.text}`).not.toMatch(/ärende|raderingskod/i);
    expect(sv.subject).toMatch(/din fråga om/i);
    expect(sv.text).toContain('kod för att följa frågan');
    expect(sv.text).toContain('koden för att radera frågan');
    // The links' paths (/en/concerns/…) are no words the resident reads.
    expect(`${en.subject}\n${en.text}`.replace(/https:\S+/g, '')).not.toMatch(
      /concern|erasure code/i,
    );
    expect(en.subject).toMatch(/your question about/i);
    expect(en.text).toContain('code to follow the question');
    expect(en.text).toContain('code to erase the question');
  });
});
