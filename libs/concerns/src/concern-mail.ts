import { MailMessage } from '@insyn/mail';
import { ConcernLanguage } from './concern-enums';

/**
 * Acknowledged; answered (first, or again after a reopening); its answer's wording amended;
 * rejected (with the reason); closed while open: never answered, or reopened and closed with its
 * answer standing again (then with that answer).
 */
export type ConcernMailKind = 'acknowledged' | 'answered' | 'amended' | 'rejected' | 'closed';

export interface ConcernMailFacts {
  kind: ConcernMailKind;
  language: ConcernLanguage;
  to: string;
  entryTitle: string;
  departmentName: string;
  trackingLink: string;
  trackingCode: string;
  /** The erasure page, where the resident's erasure code erases the text and the address. */
  erasureLink: string;
  /** The department's answer (answered; closed with an answer standing), or its new wording (amended). */
  answer?: string | null;
  /** Why the department rejected it (rejected). */
  reason?: string | null;
  retentionDays: number;
}

/**
 * The tracking page in the resident's language. The code is not in the address: the page takes it
 * by POST, so that it stays out of server logs, proxies and browser histories; the e-mail gives
 * it beside the link.
 */
export function trackingLink(publicUrl: string, language: ConcernLanguage): string {
  return `${publicUrl}/${siteLanguage(language)}/concerns/track`;
}

/**
 * The erasure page in the resident's language. Their erasure code is not in the e-mail (it is
 * stored only as a keyed hash, and was shown once, on the receipt); they enter it there, by POST.
 */
export function erasureLink(publicUrl: string, language: ConcernLanguage): string {
  return `${publicUrl}/${siteLanguage(language)}/concerns/erase`;
}

const siteLanguage = (language: ConcernLanguage) => (language === ConcernLanguage.SV ? 'sv' : 'en');

/**
 * The e-mail to a resident, in their language, as plain text, in the site's words (a question,
 * the code to follow it, the code to erase it), so the codes it names are the receipt's. (no HTML part: nothing in it can
 * execute, whatever the entry's title or the answer contain).
 */
export function concernMail(facts: ConcernMailFacts): MailMessage {
  const sv = facts.language === ConcernLanguage.SV;
  const title = facts.entryTitle.replace(/\s+/g, ' ').trim();
  const subjects: Record<ConcernMailKind, string> = sv
    ? {
        acknowledged: `Din fråga om ”${title}” har tagits emot`,
        answered: `Svar på din fråga om ”${title}”`,
        amended: `Ändrat svar på din fråga om ”${title}”`,
        rejected: `Din fråga om ”${title}” har avvisats`,
        closed: `Din fråga om ”${title}” har avslutats`,
      }
    : {
        acknowledged: `Your question about “${title}” has been acknowledged`,
        answered: `Answer to your question about “${title}”`,
        amended: `Amended answer to your question about “${title}”`,
        rejected: `Your question about “${title}” has been rejected`,
        closed: `Your question about “${title}” has been closed`,
      };
  const subject = subjects[facts.kind];
  const lines: string[] = [];
  if (facts.kind === 'acknowledged') {
    lines.push(
      sv
        ? `${facts.departmentName} har tagit emot din fråga om ”${title}” och kommer att svara.`
        : `${facts.departmentName} has acknowledged your question about “${title}” and will answer it.`,
    );
  } else if (facts.kind === 'answered') {
    lines.push(
      sv
        ? `${facts.departmentName} har svarat på din fråga om ”${title}”:`
        : `${facts.departmentName} has answered your question about “${title}”:`,
      '',
      facts.answer ?? '',
    );
  } else if (facts.kind === 'rejected') {
    // The reason as the tracking page shows it (it is public there too).
    lines.push(
      sv
        ? `${facts.departmentName} har avvisat din fråga om ”${title}”. Skälet:`
        : `${facts.departmentName} has rejected your question about “${title}”. The reason:`,
      '',
      facts.reason ?? '',
    );
  } else if (facts.kind === 'closed') {
    // Reopened, then closed with its answer standing again: that answer is the outcome.
    lines.push(
      ...(facts.answer
        ? [
            sv
              ? `${facts.departmentName} har granskat din fråga om ”${title}” igen och avslutat den. Svaret står kvar:`
              : `${facts.departmentName} has reviewed your question about “${title}” again and closed it. The answer stands:`,
            '',
            facts.answer,
          ]
        : [
            sv
              ? `${facts.departmentName} har avslutat din fråga om ”${title}” utan att besvara den.`
              : `${facts.departmentName} has closed your question about “${title}” without answering it.`,
          ]),
    );
  } else {
    // The new wording only: the one it replaced stays on the tracking page, as an earlier answer.
    lines.push(
      sv
        ? `${facts.departmentName} har ändrat sitt svar på din fråga om ”${title}”. Det nya svaret:`
        : `${facts.departmentName} has amended its answer to your question about “${title}”. The new answer:`,
      '',
      facts.answer ?? '',
      '',
      sv
        ? 'Det tidigare svaret visas fortfarande där du följer frågan.'
        : 'The earlier answer is still shown where you follow your question.',
    );
  }
  // A rejected or closed concern has ended for good: its address goes N days from now.
  const ended =
    facts.kind === 'rejected'
      ? { sv: 'avvisades', en: 'rejected' }
      : facts.kind === 'closed'
        ? { sv: 'avslutades', en: 'closed' }
        : null;
  lines.push(
    '',
    sv ? 'Följ frågan här:' : 'Follow your question here:',
    facts.trackingLink,
    sv
      ? `Din kod för att följa frågan: ${facts.trackingCode}`
      : `Your code to follow the question: ${facts.trackingCode}`,
    '',
    sv
      ? `Du får det här meddelandet för att du lämnade din e-postadress. Den raderas ${facts.retentionDays} dagar efter att frågan ${ended ? ended.sv : 'besvarats eller avslutats (öppnas den igen, räknas tiden från när den besvaras eller avslutas på nytt)'}, eller direkt med koden för att radera frågan, som du fick när du skickade den, här:`
      : `You receive this message because you left your e-mail address. It is erased ${facts.retentionDays} days after the question ${ended ? `was ${ended.en}` : 'is answered or closed (if it is reopened, from when it is answered or closed again)'}, or at once with the code to erase the question, which you were given when you sent it, here:`,
    facts.erasureLink,
  );
  return { to: facts.to, subject, text: lines.join('\n') + '\n', language: facts.language };
}
