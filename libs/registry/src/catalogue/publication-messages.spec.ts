import { AiActClass, EntryKind } from '../entries/entry-enums';
import { CATALOGUE_FIELDS, publicationProblems } from './catalogue-fields';
import { PUBLICATION_MESSAGES, PublicationMessageKey } from './publication-messages';

describe('the completeness report’s messages', () => {
  const table = Object.entries(PUBLICATION_MESSAGES) as [
    PublicationMessageKey,
    { sv: string; en: string },
  ][];

  it.each(table)('%s is in Swedish and in English', (_key, message) => {
    expect(Object.keys(message).sort()).toEqual(['en', 'sv']);
    for (const text of [message.sv, message.en]) {
      expect(text.trim()).toBe(text);
      expect(text.length).toBeGreaterThan(10);
      expect(text).not.toMatch(/[.:;]$/); // the report and the publish refusal add their own punctuation
    }
    expect(message.sv).not.toBe(message.en);
    expect(message.sv).toMatch(/[åäö]/);
  });

  it('has a message for every reason the catalogue names, and no message it does not use', () => {
    const named = new Set<string>(['required']);
    for (const { field } of CATALOGUE_FIELDS)
      if (field.publish && field.publish !== true && field.publish.reason)
        named.add(field.publish.reason);
    expect([...named].sort()).toEqual(table.map(([key]) => key).sort());
  });

  it('gives each problem its message in both languages', () => {
    const problems = publicationProblems(EntryKind.ALGORITHM, {
      title: 'Utkast',
      algorithm: { aiActClass: AiActClass.HIGH_RISK },
    } as never);
    const deployer = problems.find((p) => p.path === 'algorithm.deployerIsPublicBody')!;
    expect(deployer).toEqual({
      path: 'algorithm.deployerIsPublicBody',
      reason: 'deployerIsPublicBody',
      message: PUBLICATION_MESSAGES.deployerIsPublicBody,
    });
    const summary = problems.find((p) => p.path === 'summary')!;
    expect(summary.message).toEqual({
      en: 'required before publication',
      sv: 'måste fyllas i före publicering',
    });
  });
});
