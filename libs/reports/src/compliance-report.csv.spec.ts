import { safeCsvCell, safeCsvLine } from './compliance-report.csv';

describe('compliance report CSV cells', () => {
  it.each([
    ['=HYPERLINK("http://evil")', `"'=HYPERLINK(""http://evil"")"`],
    ['+1+2', "'+1+2"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
  ])('%j is written as %s', (cell, written) => {
    expect(safeCsvCell(cell)).toBe(written);
  });

  it('writes numbers as numbers, even negative ones, and null as empty', () => {
    expect(safeCsvLine(['city', -1, 0.5, null])).toBe('city,-1,0.5,\r\n');
  });
});
