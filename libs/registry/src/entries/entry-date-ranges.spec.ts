import { dateRangeProblems } from './entry-date-ranges';

describe('dateRangeProblems', () => {
  it('accepts ranges in order, open ranges and equal dates', () => {
    expect(
      dateRangeProblems({
        title: 't',
        lifecycle: { startDate: '2025-01-01', endDate: '2025-01-01' },
        dataset: { temporalCoverage: { start: '2020-01-01' } },
        iotDeployment: { activeFrom: '2024-05-01', activeUntil: '2026-05-01' },
      }),
    ).toEqual([]);
  });

  it('names the end of every range that ends before it starts', () => {
    expect(
      dateRangeProblems({
        title: 't',
        lifecycle: { startDate: '2025-05-01', endDate: '2025-04-30' },
        dataset: { temporalCoverage: { start: '2021-01-01', end: '2020-12-31' } },
        iotDeployment: { activeFrom: '2024-05-01', activeUntil: '2024-04-01' },
      }),
    ).toEqual([
      {
        field: 'input.lifecycle.endDate',
        message: 'endDate must not be before startDate (2025-05-01)',
      },
      {
        field: 'input.dataset.temporalCoverage.end',
        message: 'end must not be before start (2021-01-01)',
      },
      {
        field: 'input.iotDeployment.activeUntil',
        message: 'activeUntil must not be before activeFrom (2024-05-01)',
      },
    ]);
  });
});
