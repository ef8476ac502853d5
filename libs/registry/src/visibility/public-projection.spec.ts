import { EntryContent } from '../entries/entry-content';
import { EntryKind, RiskClass } from '../entries/entry-enums';
import {
  declaredWithholdings,
  publicContent,
  publicViewNarrows,
  WithheldNotice,
} from './public-projection';

describe('publicContent', () => {
  const content: EntryContent = {
    title: 'Parking camera analytics',
    summary: 'Counts free parking spaces',
    suppliers: [{ name: 'Acme AB', orgNumber: '556000-0000' }],
    algorithm: {
      sourceCode: { link: 'https://git.example/x', licence: 'EUPL-1.2' },
      riskClass: undefined,
    },
    withheld: [
      { field: 'algorithm.sourceCode', legalGround: 'OSL 18:8 security' },
      { field: 'suppliers.orgNumber', legalGround: 'OSL 31:16 business secret' },
    ],
  };

  it('removes withheld fields, including inside lists, and keeps the withheld notice', () => {
    const projected = publicContent(content, EntryKind.ALGORITHM, '2026-01-01');
    expect(projected.algorithm?.sourceCode).toBeUndefined();
    expect(projected.suppliers).toEqual([{ name: 'Acme AB' }]);
    expect(projected.withheld).toHaveLength(2);
    expect(projected.title).toBe('Parking camera analytics');
  });

  it('does not alter the stored content', () => {
    publicContent(content, EntryKind.ALGORITHM, '2026-01-01');
    expect(content.algorithm?.sourceCode?.link).toBe('https://git.example/x');
    expect(content.suppliers?.[0].orgNumber).toBe('556000-0000');
  });
});

describe("publicContent of an earlier version, under today's withholdings", () => {
  const day = '2026-01-01';
  const aiActClass = {
    field: 'algorithm.aiActClass',
    legalGround: 'OSL 18:8',
    until: '2099-12-31',
  };
  /** Today's notices, as the published version's public view lists them (with those along). */
  const today = publicContent(
    { title: 't', withheld: [aiActClass] },
    EntryKind.ALGORITHM,
    day,
  ).withheld!;

  it("marks the notices it borrows, and those they bring along, as a later version's", () => {
    const earlier = publicContent(
      { title: 't', algorithm: { aiActClass: undefined }, withheld: [] },
      EntryKind.ALGORITHM,
      day,
      today,
    );
    expect(today.length).toBeGreaterThan(1);
    // The same fields hidden, each notice marked: this version declared none of them.
    expect(earlier.withheld!.map((w) => w.field).sort()).toEqual(today.map((w) => w.field).sort());
    expect(earlier.withheld!.every((w) => (w as WithheldNotice).byLaterVersion === true)).toBe(
      true,
    );
  });

  it("leaves a version's own notices, and those its own bring along, unmarked and on its own terms", () => {
    const own = { ...aiActClass, legalGround: 'OSL 21:7' };
    const earlier = publicContent({ title: 't', withheld: [own] }, EntryKind.ALGORITHM, day, [
      ...today,
      { field: 'suppliers', legalGround: 'OSL 31:16' },
    ]);
    const notices = earlier.withheld as WithheldNotice[];
    expect(notices.filter((w) => w.byLaterVersion).map((w) => w.field)).toEqual(['suppliers']);
    // Along with its own AI Act class: on its own ground, not today's.
    for (const w of notices.filter((n) => n.field !== 'suppliers'))
      expect(w).toEqual({ field: w.field, legalGround: 'OSL 21:7', until: '2099-12-31' });
  });

  it('marks nothing of the published version itself', () => {
    const current = publicContent(
      { title: 't', withheld: [aiActClass] },
      EntryKind.ALGORITHM,
      day,
      today,
    );
    expect(current.withheld).toEqual(today);
  });
});

describe('declaredWithholdings', () => {
  const declared = [
    { field: 'algorithm.aiActClass', legalGround: 'OSL 18:8', until: '2099-12-31' },
    { field: 'suppliers', legalGround: 'OSL 31:16' },
  ];

  it('reads a public withheld list back as the withholdings declared: the notices along dropped', () => {
    const projected = publicContent(
      { title: 't', withheld: declared },
      EntryKind.ALGORITHM,
      '2026-01-01',
    ).withheld!;
    // The projection lists the fields withheld along with the AI Act class (a FRIA tells it).
    expect(projected.map((w) => w.field)).toEqual(
      expect.arrayContaining(['impactAssessments.type', 'algorithm.deployerIsPublicBody']),
    );
    expect(projected.length).toBeGreaterThan(declared.length);
    const { declared: back, along } = declaredWithholdings(EntryKind.ALGORITHM, projected);
    expect(back).toEqual(declared);
    expect(along.length).toBe(projected.length - declared.length);
  });

  it('keeps a notice for a field along that differs in ground or date (the registry refuses it)', () => {
    const list = [
      declared[0],
      { field: 'impactAssessments.type', legalGround: 'another ground', until: '2099-12-31' },
      { field: 'algorithm.deployerIsPublicBody', legalGround: 'OSL 18:8' },
    ];
    expect(declaredWithholdings(EntryKind.ALGORITHM, list).declared).toEqual(list);
  });
});

describe('publicViewNarrows', () => {
  const published: EntryContent = {
    title: 'Parkeringskameror',
    summary: 'Räknar lediga platser',
    responsibleTeam: 'Trafikkontoret, analysgruppen',
    algorithm: { riskClass: RiskClass.LOW, decisionProcess: 'En handläggare beslutar.' },
    withheld: [],
  };
  const day = '2026-12-01';
  const narrows = (next: EntryContent) =>
    publicViewNarrows(published, next, EntryKind.ALGORITHM, day);

  it('holds when a withholding is added, or a withholdable value is changed or removed', () => {
    expect(
      narrows({ ...published, withheld: [{ field: 'responsibleTeam', legalGround: 'OSL 18:8' }] }),
    ).toBe(true);
    expect(narrows({ ...published, responsibleTeam: 'Trafikkontoret' })).toBe(true);
    expect(narrows({ ...published, responsibleTeam: undefined })).toBe(true);
    expect(narrows({ ...published, algorithm: { riskClass: RiskClass.LOW } })).toBe(true);
  });

  it('does not when only what is never withheld changes, or something is added', () => {
    expect(narrows({ ...published, summary: 'Räknar lediga platser i innerstaden' })).toBe(false);
    expect(narrows({ ...published, description: 'Ny beskrivning.' })).toBe(false);
    expect(narrows(structuredClone(published))).toBe(false);
  });

  it('holds when a withholding takes a field along (the reason beside withheld assessments)', () => {
    const none = { ...published, impactAssessments: [], noImpactAssessmentReason: 'Låg risk.' };
    expect(
      publicViewNarrows(
        none,
        { ...none, withheld: [{ field: 'impactAssessments', legalGround: 'OSL 18:8' }] },
        EntryKind.ALGORITHM,
        day,
      ),
    ).toBe(true);
  });
});
