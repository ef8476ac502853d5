import { AiActClass, EntryKind, Theme } from '@insyn/registry';
import { BadInputError } from '@insyn/errors';
import { PublicEntryStatus } from '../public-entry-document';
import { PublicSearchFilter } from './public-search-query';
import { buildSearchFilter, quote } from './search-filter';

describe('buildSearchFilter', () => {
  it('is undefined without a filter or with empty lists', () => {
    expect(buildSearchFilter(undefined)).toBeUndefined();
    expect(buildSearchFilter({})).toBeUndefined();
    expect(buildSearchFilter({ kind: [] })).toBeUndefined();
  });

  it('ORs within a field and ANDs across fields, values quoted', () => {
    expect(
      buildSearchFilter({
        kind: [EntryKind.ALGORITHM, EntryKind.DATASET],
        department: ['trafikkontoret'],
        principle: ['PRIVACY_AND_SECURITY'],
        status: [PublicEntryStatus.RETIRED],
        aiActClass: [AiActClass.HIGH_RISK],
        theme: [Theme.EDUCATION, Theme.EDUCATION],
        reviewOverdue: true,
        hasOpenConcerns: false,
      }),
    ).toBe(
      'kind IN ["ALGORITHM", "DATASET"] AND departmentSlug IN ["trafikkontoret"] AND ' +
        'principleCodes IN ["PRIVACY_AND_SECURITY"] AND status IN ["RETIRED"] AND ' +
        'aiActClass IN ["HIGH_RISK"] AND theme IN ["EDUCATION"] AND reviewOverdue = true AND ' +
        'hasOpenConcerns = false',
    );
  });

  it.each([
    [{ kind: ['ALGORITHM"] OR id EXISTS AND kind IN ["X'] }],
    [{ department: ['a" OR status = "DRAFT'] }],
    [{ department: ['Trafik Kontoret'] }],
    [{ principle: ['privacy'] }],
    [{ status: ['DRAFT'] }],
    [{ reviewOverdue: 'true' }],
    [{ kind: 'ALGORITHM' }],
  ])('refuses a value outside its vocabulary: %j', (filter) => {
    expect(() => buildSearchFilter(filter as unknown as PublicSearchFilter)).toThrow(BadInputError);
  });

  it('names the field in the error', () => {
    try {
      buildSearchFilter({ department: ['x"y'] });
      throw new Error('expected an error');
    } catch (error) {
      expect((error as BadInputError).fields).toEqual([
        { field: 'filter.department', message: 'contains a value that is not allowed' },
      ]);
    }
  });

  it('limits list lengths', () => {
    const many = Array.from({ length: 51 }, (_, i) => `dept-${i}`);
    expect(() => buildSearchFilter({ department: many })).toThrow(BadInputError);
  });
});

describe('quote', () => {
  it('escapes backslashes and double quotes', () => {
    expect(quote('a"b\\c')).toBe('"a\\"b\\\\c"');
  });
});

describe('buildSearchFilter: published-date range', () => {
  it('turns whole days (UTC) into a range on publishedAt', () => {
    expect(buildSearchFilter({ publishedFrom: '2025-03-01', publishedTo: '2025-03-31' })).toBe(
      `publishedAt >= ${Date.parse('2025-03-01T00:00:00Z')} AND publishedAt < ${Date.parse('2025-04-01T00:00:00Z')}`,
    );
  });

  it('refuses dates that are not days, and an end before the start', () => {
    expect(() => buildSearchFilter({ publishedFrom: '2025-02-30' })).toThrow(/publishedFrom/);
    expect(() => buildSearchFilter({ publishedTo: 'yesterday' })).toThrow(/publishedTo/);
    expect(() =>
      buildSearchFilter({ publishedFrom: '2025-03-02', publishedTo: '2025-03-01' }),
    ).toThrow(/must not be before publishedFrom/);
  });
});
