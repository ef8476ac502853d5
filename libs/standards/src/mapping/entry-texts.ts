import type { EntryContent } from '@insyn/registry';
import { ASSESSMENT_NAME } from './vocabularies';
import { joined } from './standard-field';

/**
 * Insyn's structured fields as the plain text the standards' free-text fields hold. Each joins
 * the parts it has, so a text imported into one Insyn field exports again as the same text.
 */

export function impactAssessmentsText(content: EntryContent): string | undefined {
  const items = (content.impactAssessments ?? []).map((a) =>
    joined([
      // The type is withheld when it would tell the AI Act class (`withheld` names it).
      `${a.type ? (ASSESSMENT_NAME[a.type] ?? a.type) : 'Impact assessment (type withheld)'}${a.date ? ` (${a.date})` : ''}${a.summary ? ':' : ''}`,
      a.summary,
      a.link,
    ]),
  );
  return joined(items, '\n');
}

export function legalBasisText(content: EntryContent): string | undefined {
  return joined(
    (content.legalBasis ?? []).map((b) => joined([b.title, b.link ? `(${b.link})` : undefined])),
    '; ',
  );
}

export function impactOnPeopleText(content: EntryContent): string | undefined {
  const impact = content.algorithm?.impactOnPeople;
  return joined([
    impact?.affected,
    impact?.how,
    impact?.decisionsPerYear !== undefined
      ? `About ${impact.decisionsPerYear} decisions a year.`
      : undefined,
  ]);
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

export function suppliersText(
  content: EntryContent,
  pick: (s: NonNullable<EntryContent['suppliers']>[number]) => string | undefined,
): string | undefined {
  return joined((content.suppliers ?? []).map(pick), '; ');
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
