import { hasVisibleText } from '@insyn/errors';
import { type EntryContent, ImpactAssessmentType } from '@insyn/registry';
import { ASSESSMENT_NAME } from './vocabularies';
import { joined } from './standard-field';

/**
 * Insyn's structured fields as the plain text the standards' free-text fields hold. Each joins
 * the parts it has, so a text imported into one Insyn field exports again as the same text.
 */

/** An assessment whose type is withheld (it would tell the AI Act class; `withheld` names it). */
const TYPE_WITHHELD = 'Impact assessment (type withheld)';
/** Before the reason given for having no impact assessment, where a standard has one field. */
const NO_ASSESSMENT = 'No impact assessment: ';
/** After an assessment's name: its date in brackets, then its summary after ": ". */
const DATE_AND_SUMMARY = /^(?: \((\d{4}-\d{2}-\d{2})\))?(?:: ([\s\S]*))?$/;

/**
 * The impact assessments as one text (ATRS's `impact_assessment`): one a line (PART_BREAK between
 * them), each `Name (date): summary (link)`, as legal bases are written, so `impactAssessmentsOf`
 * reads back each type, date, summary and link. With none, the reason there is none, marked.
 */
export function impactAssessmentsText(content: EntryContent): string | undefined {
  const items = (content.impactAssessments ?? []).map((a) => {
    const head = `${a.type ? (ASSESSMENT_NAME[a.type] ?? a.type) : TYPE_WITHHELD}${a.date ? ` (${a.date})` : ''}`;
    const text = a.summary ? `${head}: ${a.summary}` : head;
    if (a.link) return `${text} (${a.link})`;
    return WITH_LINK.test(text) || text.endsWith(NO_LINK) ? `${text}${NO_LINK}` : text;
  });
  const reason = content.noImpactAssessmentReason;
  return joined(items, PART_BREAK) ?? (reason ? `${NO_ASSESSMENT}${reason}` : undefined);
}

/** The names the assessments are written under, longest first (none is the start of another). */
const ASSESSMENT_NAMES = Object.entries(ASSESSMENT_NAME).sort(
  ([, a], [, b]) => b.length - a.length,
);

/** One line `impactAssessmentsText` wrote, or undefined for a text that names no type as it does. */
function impactAssessmentOf(line: string): ImportedAssessment | undefined {
  let text = line;
  let link: string | undefined;
  if (text.endsWith(NO_LINK)) text = text.slice(0, -NO_LINK.length);
  else {
    const match = WITH_LINK.exec(text);
    if (match) [, text, link] = match;
  }
  for (const [type, name] of [...ASSESSMENT_NAMES, [undefined, TYPE_WITHHELD] as const]) {
    if (!text.startsWith(name)) continue;
    const rest = DATE_AND_SUMMARY.exec(text.slice(name.length));
    if (!rest) continue;
    const summary = rest[2]?.trim();
    return {
      // A type withheld at the source is not known here: an assessment of another kind.
      type: (type as ImpactAssessmentType | undefined) ?? ImpactAssessmentType.OTHER,
      ...(rest[1] ? { date: rest[1] } : {}),
      ...(summary ? { summary } : {}),
      ...(link ? { link } : {}),
    };
  }
  return undefined;
}

export interface ImportedAssessment {
  type: ImpactAssessmentType;
  date?: string;
  summary?: string;
  link?: string;
}

/**
 * The impact assessments `impactAssessmentsText` wrote, back as items, or the reason there are
 * none. Another register's text, whose lines do not each name a type as Insyn writes them (a
 * Windows line break in its prose, say), is one assessment of type OTHER, whole.
 */
export function impactAssessmentsOf(
  text: string,
): { assessments: ImportedAssessment[] } | { noAssessmentReason: string } {
  if (text.startsWith(NO_ASSESSMENT) && !text.includes(PART_BREAK))
    return { noAssessmentReason: text.slice(NO_ASSESSMENT.length).trim() };
  const lines = text
    .split(PART_BREAK)
    .map((line) => line.trim())
    .filter(Boolean);
  const items = lines.map(impactAssessmentOf);
  if (items.every((item) => item !== undefined)) return { assessments: items };
  return { assessments: [{ type: ImpactAssessmentType.OTHER, summary: text.trim() }] };
}

/**
 * Between the parts of one standard's field that Insyn joins (legal bases, the parts of the
 * impact on people): a CRLF, which Insyn's texts never hold (the text rule refuses a lone
 * carriage return and takes a CRLF of input as a newline). So a part may hold newlines, ";" and
 * brackets, and the importers split the field back exactly where the exporter joined it.
 */
export const PART_BREAK = '\r\n';

/** After a legal basis without a link whose title would read as one with a link. */
const NO_LINK = ' ()';
/** `title (link)`: the link is the last word of the line (a link holds no white space). */
const WITH_LINK = /^([\s\S]*\S) \((https?:\/\/\S+)\)$/;

/** One legal basis a line (PART_BREAK between them): `title (link)`, or the title alone. */
export function legalBasisText(content: EntryContent): string | undefined {
  return joined(
    (content.legalBasis ?? []).map((b) =>
      b.link
        ? `${b.title} (${b.link})`
        : WITH_LINK.test(b.title) || b.title.endsWith(NO_LINK)
          ? `${b.title}${NO_LINK}`
          : b.title,
    ),
    PART_BREAK,
  );
}

/**
 * The legal bases `legalBasisText` wrote, back as items. Another register's text (without
 * CRLFs) is one legal basis, whatever it holds: a ";" is part of many Swedish citations.
 */
export function legalBasesOf(text: string): { title: string; link?: string }[] {
  return text
    .split(PART_BREAK)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      if (line.endsWith(NO_LINK)) return { title: line.slice(0, -NO_LINK.length).trim() };
      const match = WITH_LINK.exec(line);
      return match ? { title: match[1], link: match[2] } : { title: line };
    });
}

const AFFECTED = 'Affected: ';
const HOW = 'How: ';
const DECISIONS = /^About (\d+) decisions a year\.$/;

/** Who is affected, how, and how many decisions a year: labelled, one part a line. */
export function impactOnPeopleText(content: EntryContent): string | undefined {
  const impact = content.algorithm?.impactOnPeople;
  return joined(
    [
      impact?.affected ? `${AFFECTED}${impact.affected}` : undefined,
      impact?.how ? `${HOW}${impact.how}` : undefined,
      impact?.decisionsPerYear !== undefined && impact.decisionsPerYear !== null
        ? `About ${impact.decisionsPerYear} decisions a year.`
        : undefined,
    ],
    PART_BREAK,
  );
}

/**
 * The impact on people `impactOnPeopleText` wrote, back in its parts; undefined for a text not
 * in that form (another register's, to be read whole).
 */
export function impactOnPeopleOf(
  text: string,
): { affected?: string; how?: string; decisionsPerYear?: number } | undefined {
  const parts = text.split(PART_BREAK);
  const impact: { affected?: string; how?: string; decisionsPerYear?: number } = {};
  let i = 0;
  if (parts[i]?.startsWith(AFFECTED)) impact.affected = parts[i++].slice(AFFECTED.length).trim();
  if (parts[i]?.startsWith(HOW)) impact.how = parts[i++].slice(HOW.length).trim();
  const decisions = parts[i] === undefined ? null : DECISIONS.exec(parts[i]);
  if (decisions) {
    impact.decisionsPerYear = Number(decisions[1]);
    i += 1;
  }
  if (i === 0 || i !== parts.length || impact.affected === '' || impact.how === '')
    return undefined;
  return impact;
}

export function monitoringText(content: EntryContent): string | undefined {
  const m = content.algorithm?.monitoring;
  return joined([m?.metrics, m?.who, m?.frequency], '; ');
}

export function modelsText(content: EntryContent): string | undefined {
  return joined(
    (content.algorithm?.models ?? []).map((m) => joined([m.name, m.version], ' ')),
    ', ',
  );
}

/**
 * A keyword that must be written in double quotes to come back as one: it holds a comma, starts
 * with a double quote (which would open a quoted one), or starts or ends with white space.
 */
const NEEDS_QUOTES = /,|^"|^\s|\s$/;
/** A quoted keyword (`""` a quote inside it) and the comma or end after it. */
const QUOTED_KEYWORD = /"((?:[^"]|"")*)"\s*(?:,|$)/y;

/**
 * Keywords as the one text the standards hold them in (AlgoSTD's `keywords`, the Dutch register's
 * `search_terms`, ATRS's `tags`: a string, "separated by commas"): ", " between them, and a
 * keyword `NEEDS_QUOTES` in double quotes with its own quotes doubled, as a CSV cell would be. A
 * list without commas or quotes reads as it always did; `keywordsOf` gives back every keyword.
 */
export function keywordsText(keywords: readonly string[]): string | undefined {
  return joined(
    keywords
      .filter(hasVisibleText)
      .map((k) => (NEEDS_QUOTES.test(k) ? `"${k.replaceAll('"', '""')}"` : k)),
    ', ',
  );
}

/**
 * The keywords of a text `keywordsText` wrote, or another register's comma-separated text. A
 * keyword that starts with `"` is quoted only when its closing quote is followed by a comma or
 * the end; otherwise (`"Smart" city, traffic`) the quote is part of the keyword.
 */
export function keywordsOf(text: string): string[] {
  const keywords: string[] = [];
  let at = 0;
  while (at <= text.length) {
    while (at < text.length && /\s/.test(text[at])) at += 1;
    QUOTED_KEYWORD.lastIndex = at;
    const quoted = text[at] === '"' ? QUOTED_KEYWORD.exec(text) : null;
    if (quoted) {
      keywords.push(quoted[1].replaceAll('""', '"'));
      at = QUOTED_KEYWORD.lastIndex;
      continue;
    }
    const comma = text.indexOf(',', at);
    const end = comma === -1 ? text.length : comma;
    keywords.push(text.slice(at, end).trim());
    at = end + 1;
  }
  return keywords.filter(hasVisibleText);
}

/**
 * One part of each supplier (its name, role…) one a line (PART_BREAK between them), as legal
 * bases are written, for a standard that holds suppliers in texts (the Dutch register's
 * `supplier`, ATRS's `external_supplier` and its companions): a name may hold ";". A supplier
 * without the part keeps its line, empty, so that line i of every part is supplier i's.
 */
export function suppliersText(
  content: EntryContent,
  pick: (s: NonNullable<EntryContent['suppliers']>[number]) => string | undefined = (s) => s.name,
): string | undefined {
  const parts = (content.suppliers ?? []).map((s) => pick(s)?.trim() ?? '');
  return parts.some(Boolean) ? parts.join(PART_BREAK) : undefined;
}

/**
 * A text `suppliersText` wrote, back as one part per supplier, in order (empty for a supplier
 * without it). Another register's text (without CRLFs) is one supplier's, whatever it holds:
 * "Janssen; de Vries B.V." is one firm's name.
 */
export function supplierPartsOf(text: string): string[] {
  return text.split(PART_BREAK).map((part) => part.trim());
}

/** The suppliers `suppliersText` wrote by name, back. */
export function supplierNamesOf(text: string): { name: string }[] {
  return supplierPartsOf(text)
    .filter(Boolean)
    .map((name) => ({ name }));
}

export function protectedCharacteristicsText(content: EntryContent): string | undefined {
  const nd = content.nonDiscrimination;
  return joined(
    [
      ...(nd?.protectedCharacteristics ?? []).map((p) => `${p.characteristic}: ${p.justification}`),
      nd?.noProtectedCharacteristicsStatement,
      nd?.proxyVariables,
    ],
    '; ',
  );
}

export function areaText(content: EntryContent, organisation: string): string | undefined {
  const area = content.geographicArea;
  if (area?.cityWide) return organisation;
  return joined(area?.districts ?? [], ', ');
}
