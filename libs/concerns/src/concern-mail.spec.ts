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
    expect(mail.subject).toBe('Ändrat svar på ditt ärende om ”Parkerings kameror”');
    expect(mail.text).toBe(
      [
        'Trafikkontoret har ändrat sitt svar på ditt ärende om ”Parkerings kameror”. Det nya svaret:',
        '',
        'Bilderna sparas i tolv timmar.',
        '',
        'Det tidigare svaret visas fortfarande där du följer ärendet.',
        '',
        'Följ ärendet här:',
        'https://insyn.example.org/sv/concerns/track',
        'Din kod för att följa ärendet: ABCDE-FGHJK-MNPQR-STVWX-YZ012',
        '',
        'Du får det här meddelandet för att du lämnade din e-postadress. Den raderas 30 dagar efter att ärendet besvarats eller avslutats (öppnas det igen, räknas tiden från när det besvaras eller avslutas på nytt), eller direkt med raderingskoden du fick när du skickade frågan, här:',
        'https://insyn.example.org/sv/concerns/erase',
        '',
      ].join('\n'),
    );
  });

  it('says the same in English', () => {
    const mail = concernMail(facts(ConcernLanguage.EN));
    expect(mail.subject).toBe('Amended answer to your concern about “Parkerings kameror”');
    expect(mail.text).toContain(
      'Traffic Office has amended its answer to your concern about “Parkerings kameror”. The new answer:\n\nBilderna sparas i tolv timmar.\n\nThe earlier answer is still shown where you follow your concern.\n\nFollow your concern here:\nhttps://insyn.example.org/en/concerns/track\nYour code to follow it: ABCDE-FGHJK-MNPQR-STVWX-YZ012\n',
    );
    expect(mail.text).toContain('https://insyn.example.org/en/concerns/erase\n');
  });
});
