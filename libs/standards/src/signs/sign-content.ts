import dtpr from '../../data/dtpr-v1-taxonomy.json';
import { EntryKind, WithheldInformation } from '@insyn/registry';
import type { ExportEntry } from '../export/export-entry';
import { joined, withholdingOf } from '../mapping/standard-field';

/** The DTPR attribution the sign carries (the taxonomy is CC BY 4.0). */
export const DTPR_ATTRIBUTION =
  'DTPR taxonomy by the Digital Transparency in the Public Realm contributors / Helpful Places, CC BY 4.0';

interface DtprRow {
  datachain_type: string;
  category_id: string;
  category_name: string;
  category_description: string;
}

/** The DTPR v1 device categories, by id (name and description from the taxonomy). */
export const DTPR_DEVICE_CATEGORIES: ReadonlyMap<string, { name: string; description: string }> =
  new Map(
    (dtpr as DtprRow[])
      .filter((row) => row.datachain_type === 'device')
      .map((row) => [
        row.category_id,
        { name: row.category_name, description: row.category_description },
      ]),
  );

/** One row of a sign: a DTPR category, its label in Swedish, and what the entry says. */
export interface SignRow {
  categoryId: string;
  /** The DTPR category name (English, from the taxonomy). */
  name: string;
  /** Our Swedish label for it. */
  nameSv: string;
  /** What the deployment says, or that it is not stated; none when all of it is withheld. */
  text?: string;
  /** That a part of the row is withheld, and why: shown whole, whatever the text's length. */
  withheld?: string;
}

export interface SignContent {
  title: string;
  summary?: string;
  url: string;
  department: { sv: string; en: string };
  rows: SignRow[];
}

const SV: Record<string, string> = {
  device__purpose: 'Syfte',
  device__tech: 'Teknik',
  device__data: 'Vad samlas in',
  device__process: 'Behandling',
  device__retention: 'Hur länge data sparas',
  device__access: 'Vem har tillgång',
  device__accountable: 'Ansvarig',
  device__storage: 'Lagring',
};

const NOT_STATED = 'Uppgift saknas / Not stated';
const withheldText = (w: WithheldInformation) =>
  `Undanhållet / Withheld: ${w.legalGround}${w.until ? ` (t.o.m. / until ${w.until})` : ''}`;

const OPERATOR: Record<string, string> = {
  CITY: 'staden / the city',
  VENDOR: 'leverantör / a vendor',
};

/**
 * What a sign for a published IoT deployment says, in DTPR's device categories: what is
 * collected, by whom and why, with Swedish and English labels. Only the public view: a withheld
 * field says it is withheld and why.
 */
export function signContent(entry: ExportEntry): SignContent {
  if (entry.kind !== EntryKind.IOT_DEPLOYMENT) throw new Error('signs are for IoT deployments');
  const c = entry.content;
  const d = c.iotDeployment ?? {};
  const row = (categoryId: string, paths: string[], text: string | undefined): SignRow => {
    const category = DTPR_DEVICE_CATEGORIES.get(categoryId);
    if (!category) throw new Error(`${categoryId} is not a DTPR device category`);
    // Every withholding of the row, said beside what it does show: a withheld operator under
    // the department's name that is always there is still a withheld operator.
    const notices = [
      ...new Set(
        paths.flatMap((p) => {
          const w = withholdingOf(entry, p);
          return w ? [withheldText(w)] : [];
        }),
      ),
    ];
    return {
      categoryId,
      name: category.name,
      nameSv: SV[categoryId],
      ...(text || !notices.length ? { text: text || NOT_STATED } : {}),
      ...(notices.length ? { withheld: notices.join('. ') } : {}),
    };
  };
  const operator = d.operator
    ? joined([`Drivs av / Operated by ${OPERATOR[d.operator] ?? d.operator}`, d.operatorName], ': ')
    : undefined;
  return {
    title: c.title,
    summary: c.summary,
    url: entry.url,
    department: { sv: entry.department.nameSv, en: entry.department.nameEn },
    rows: [
      row('device__purpose', ['purpose'], c.purpose),
      row(
        'device__tech',
        ['iotDeployment.technology', 'iotDeployment.sensorType'],
        joined([
          d.technology,
          d.sensorType ? `(${d.sensorType.toLowerCase().replace(/_/g, ' ')})` : undefined,
        ]),
      ),
      row(
        'device__data',
        ['iotDeployment.measures', 'personalData'],
        joined(
          [
            d.measures,
            c.personalData
              ? `Personuppgifter / Personal data: ${c.personalData.toLowerCase()}`
              : undefined,
          ],
          '. ',
        ),
      ),
      row('device__process', ['iotDeployment.processing'], d.processing),
      row('device__retention', ['iotDeployment.retentionPeriod'], d.retentionPeriod),
      row('device__access', ['iotDeployment.dataAccess'], d.dataAccess),
      row(
        'device__accountable',
        ['iotDeployment.operator', 'iotDeployment.operatorName'],
        joined([`${entry.department.nameSv} / ${entry.department.nameEn}`, operator], '. '),
      ),
    ],
  };
}
