import { ENTRY_TITLE_RULE, titleProblem } from './entry-title';

describe('the title rule', () => {
  it('takes a letter or a digit of any script', () => {
    for (const title of ['Bostadskö', 'E4', 'Приём', '교통', '١٢٣', 'x\u200by', 'A\ufeffB'])
      expect(titleProblem(title)).toBeUndefined();
  });

  it('refuses a title that shows nothing, Hangul fillers (letters that show nothing) included', () => {
    // U+3164 and its kin are letters (Lo) that Unicode makes default-ignorable; a title of them
    // was registered and submitted, and only publication found it missing (probe Q, F3).
    for (const title of ['ㅤ', '\u115f', '\u1160', 'ㅤㅤ ㅤ', '\uffa0', '\u200b\u2060', '– …'])
      expect(titleProblem(title)).toBe(ENTRY_TITLE_RULE);
  });
});
