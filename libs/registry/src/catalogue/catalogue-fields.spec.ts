import { EntryKind, PersonalDataLevel } from '../entries/entry-enums';
import { PUBLIC_FILTER_COLUMN } from '../visibility/version-columns';
import {
  CATALOGUE_FIELDS,
  filterColumnsOf,
  missingForPublication,
  publicationProblems,
  searchTextsOf,
  valuesAt,
  WITHHOLDABLE_FILTER_COLUMNS,
  withholdablePaths,
} from './catalogue-fields';

describe('the field catalogue', () => {
  it('gives every field one stable path', () => {
    const paths = CATALOGUE_FIELDS.map((f) => f.path);
    expect(new Set(paths).size).toBe(paths.length);
    expect(paths).toEqual(
      expect.arrayContaining(['algorithm.riskClass', 'suppliers.orgNumber', 'dataset.licence']),
    );
  });

  it('lets departments withhold only below the withholdable roots, and only their own kind', () => {
    for (const kind of Object.values(EntryKind)) {
      const paths = withholdablePaths(kind);
      for (const never of ['title', 'summary', 'withheld', 'principles', 'personalData', 'theme'])
        expect(paths).not.toContain(never);
      expect(paths).toEqual(expect.arrayContaining(['description', 'contact.email', 'suppliers']));
    }
    expect(withholdablePaths(EntryKind.DATASET)).not.toContain('algorithm.sourceCode');
    expect(withholdablePaths(EntryKind.ALGORITHM)).toContain('algorithm.sourceCode.link');
    expect(withholdablePaths(EntryKind.IOT_DEPLOYMENT)).toContain('iotDeployment.locations.point');
  });

  it('has a public column for each filterable field that may be withheld', () => {
    expect([...WITHHOLDABLE_FILTER_COLUMNS].sort()).toEqual(
      Object.keys(PUBLIC_FILTER_COLUMN).sort(),
    );
  });

  it('derives the filter columns from the content', () => {
    expect(
      filterColumnsOf({
        title: 'T',
        algorithm: { riskClass: 'HIGH' as never },
        principles: [
          { code: 'A', rationale: 'x' },
          { code: 'A', rationale: 'y' },
        ],
      }),
    ).toEqual({
      title: 'T',
      lifecycleStage: null,
      theme: null,
      riskClass: 'HIGH',
      aiActClass: null,
      personalData: null,
      reviewDueDate: null,
      principleCodes: ['A'],
    });
  });

  it('reads values through lists', () => {
    const content = { title: 't', suppliers: [{ name: 'A' }, { name: 'B' }, {}] };
    expect(valuesAt(content, 'suppliers.name')).toEqual(['A', 'B']);
    expect(valuesAt(content, 'suppliers')).toHaveLength(1);
    expect(searchTextsOf(content as never, 'details')).toEqual(['A', 'B']);
  });

  it('derives what publication needs, with the alternatives and conditions of the rules', () => {
    const empty = missingForPublication(EntryKind.DATASET, { title: 'x' });
    expect(empty).toEqual(
      expect.arrayContaining(['summary', 'impactAssessments', 'dataset.publisher']),
    );
    expect(empty).not.toContain('nonDiscrimination.biasAssessment');
    expect(empty).not.toContain('algorithm.riskClass');
    const personal = missingForPublication(EntryKind.DATASET, {
      title: 'x',
      personalData: PersonalDataLevel.PERSONAL,
      noImpactAssessmentReason: 'No processing of note',
    });
    expect(personal).toEqual(
      expect.arrayContaining(['nonDiscrimination.biasAssessment', 'dataset.knownBiases']),
    );
    expect(personal).not.toContain('impactAssessments');
    const algorithm = missingForPublication(EntryKind.ALGORITHM, {
      title: 'x',
      algorithm: { impactOnPeople: { decisionsPerYear: 3 } },
      nonDiscrimination: {
        biasAssessment: { method: 'm', resultSummary: 'r', issuesFound: true },
      },
    });
    expect(algorithm).toEqual(
      expect.arrayContaining([
        'algorithm.impactOnPeople',
        'accountability.humanOversight',
        'nonDiscrimination.mitigationMeasures',
      ]),
    );
  });

  it('counts a text that shows nothing, and a list of such texts, as missing', () => {
    const invisible = '\u200b\u00ad \u2060';
    const missing = missingForPublication(EntryKind.DATASET, {
      title: 'x',
      summary: invisible,
      keywords: ['', invisible],
      noImpactAssessmentReason: invisible,
    } as never);
    expect(missing).toEqual(expect.arrayContaining(['summary', 'impactAssessments']));
    expect(
      missingForPublication(EntryKind.DATASET, { title: 'x', summary: 'Kort.' }),
    ).not.toContain('summary');
    // A field filled by a rule of its own (either of two texts) judges its texts the same way.
    const impact = (affected: string) =>
      missingForPublication(EntryKind.ALGORITHM, {
        title: 'x',
        algorithm: { impactOnPeople: { affected, how: '\u2800' } },
      } as never);
    expect(impact(invisible)).toContain('algorithm.impactOnPeople');
    expect(impact('Sökande')).not.toContain('algorithm.impactOnPeople');
  });

  it('names the alternative of a field another can stand in for, in both languages', () => {
    const problems = publicationProblems(EntryKind.DATASET, { title: 'x' });
    const impact = problems.find((p) => p.path === 'impactAssessments')!;
    expect(impact.message.en).toContain('noImpactAssessmentReason');
    expect(impact.message.sv).toContain('noImpactAssessmentReason');
    const characteristics = problems.find(
      (p) => p.path === 'nonDiscrimination.protectedCharacteristics',
    )!;
    expect(characteristics.message.en).toContain('noProtectedCharacteristicsStatement');
  });
});
