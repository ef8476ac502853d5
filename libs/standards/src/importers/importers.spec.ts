import { EntryKind } from '@insyn/registry';
import { fullAlgorithm, SETTINGS } from '../../test-fixtures/export-entries';
import { algostdFields, toAlgostd } from '../mappers/algostd.mapper';
import { contentProblems } from './content-problems';
import { applyTwoWayFields, carriedPaths } from './import-format';
import { digestOf, patchOf } from './standards-import.service';

const CODES = new Set(['PRIVACY_AND_SECURITY', 'TRANSPARENCY_AND_NON_DISCRIMINATION']);

describe('import checks', () => {
  it('names every field that does not fit the catalogue, by its path', () => {
    expect(
      contentProblems(
        EntryKind.DATASET,
        {
          title: 'x'.repeat(121),
          contact: { email: 'nope' },
          lifecycle: { startDate: '2024-02-30' },
          keywords: 'not a list',
          algorithm: { riskClass: 'HIGH' },
          colour: 'red',
          principles: [{ code: 'MADE_UP', rationale: 'r' }],
          dataset: { accessRights: 'SECRET', distributions: [{ accessUrl: 'ftp://x' }] },
        },
        CODES,
      ),
    ).toEqual([
      'title: must be at most 120 characters (it has 121)',
      'contact.email: must be an e-mail address (not "nope")',
      'lifecycle.startDate: must be a date YYYY-MM-DD (not "2024-02-30")',
      'keywords: must be a list',
      'algorithm: not a field of a DATASET',
      'colour: not a field of an Insyn entry',
      'dataset.accessRights: must be one of PUBLIC, RESTRICTED, NON_PUBLIC (not "SECRET")',
      'dataset.distributions.1.accessUrl: must be an http(s) URL (not "ftp://x")',
      'principles.code: "MADE_UP" is not one of PRIVACY_AND_SECURITY, TRANSPARENCY_AND_NON_DISCRIMINATION',
    ]);
    expect(contentProblems(EntryKind.DATASET, { summary: 'no title' }, CODES)).toEqual([
      'title: a title is required',
    ]);
    expect(
      contentProblems(
        EntryKind.ALGORITHM,
        { title: 't', lifecycle: { startDate: '2024-05-01', endDate: '2024-01-01' } },
        CODES,
      ),
    ).toEqual(['lifecycle.endDate: endDate must not be before startDate (2024-05-01)']);
  });

  it('clears what a format carries and a record leaves empty', () => {
    expect(patchOf({ title: 'T' }, ['summary', 'algorithm.sourceCode.link', 'suppliers'])).toEqual({
      title: 'T',
      summary: null,
      algorithm: { sourceCode: { link: null } },
      suppliers: null,
    });
    expect(carriedPaths(algostdFields(SETTINGS))).toEqual(
      expect.arrayContaining(['title', 'impactAssessments', 'algorithm.sourceCode.link']),
    );
    expect(carriedPaths(algostdFields(SETTINGS))).not.toContain('impactAssessments.summary');
  });

  it('fingerprints a record whatever the order of its keys', () => {
    expect(digestOf('nl', { a: 1, b: [{ c: 2, d: 3 }] })).toBe(
      digestOf('nl', { b: [{ d: 3, c: 2 }], a: 1 }),
    );
    expect(digestOf('nl', { a: 1 })).not.toBe(digestOf('algostd', { a: 1 }));
  });

  it('AlgoSTD: an exported record maps back to content that exports the same record', () => {
    const entry = fullAlgorithm();
    const { values } = toAlgostd(entry, SETTINGS);
    const { draft, problems } = applyTwoWayFields(
      'AlgoSTD',
      algostdFields(SETTINGS),
      values,
      new Map(),
      EntryKind.ALGORITHM,
    );
    expect(problems).toEqual([]);
    const again = toAlgostd({ ...entry, content: draft.content as never }, SETTINGS).values;
    for (const field of algostdFields(SETTINGS).filter((f) => f.toContent))
      expect({ field: field.name, value: again[field.name] }).toEqual({
        field: field.name,
        value: values[field.name],
      });
  });
});
