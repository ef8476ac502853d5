import { EntryContent } from './entry-content';
import { applyPatch, EntryContentPatch, patchedPaths } from './entry-content-patch';
import {
  AlgorithmType,
  AutomationLevel,
  EntryKind,
  RiskClass,
  SensorType,
  Theme,
} from './entry-enums';

const square = [
  [18.0, 59.0],
  [18.1, 59.0],
  [18.1, 59.1],
  [18.0, 59.0],
];
const otherSquare = [
  [11.9, 57.7],
  [12.0, 57.7],
  [12.0, 57.8],
  [11.9, 57.7],
];

const algorithm = (): EntryContent => ({
  title: 'Benefit triage',
  summary: 'Sorts applications',
  theme: Theme.SOCIAL_SERVICES,
  keywords: ['AI', 'triage'],
  contact: { email: 'team@city.example', phone: '+46 8 123 45' },
  geographicArea: {
    cityWide: false,
    districts: ['Centrum'],
    geoJson: { type: 'MultiPolygon', coordinates: [[square], [square]] },
  },
  nonDiscrimination: {
    affectedGroups: 'Applicants',
    biasAssessment: {
      method: 'Outcome parity',
      resultSummary: 'No gap found',
      issuesFound: false,
      date: '2025-01-10',
    },
  },
  algorithm: {
    decisionProcess: 'A case worker decides',
    impactOnPeople: { affected: 'Applicants', how: 'Order of handling', decisionsPerYear: 9000 },
    automationLevel: AutomationLevel.DECISION_SUPPORT,
    algorithmType: AlgorithmType.MACHINE_LEARNING,
    riskClass: RiskClass.MEDIUM,
    models: [
      { name: 'Ranker', version: '2' },
      { name: 'Classifier', version: '1' },
    ],
    audits: [{ auditor: 'Internal audit', date: '2025-02-01' }],
  },
});

describe('applyPatch', () => {
  it('merges a nested object: setting algorithm.riskClass keeps the rest of the algorithm', () => {
    const result = applyPatch(
      algorithm(),
      { algorithm: { riskClass: RiskClass.HIGH } },
      EntryKind.ALGORITHM,
    );
    expect(result).toEqual({
      ...algorithm(),
      algorithm: { ...algorithm().algorithm, riskClass: 'HIGH' },
    });
  });

  it('merges at every level: a given field replaces, null clears, an absent field stays', () => {
    const patch: EntryContentPatch = {
      summary: null,
      contact: { phone: null },
      nonDiscrimination: { biasAssessment: { date: '2025-03-01', groupsCompared: 'Age bands' } },
      algorithm: { impactOnPeople: { how: null, decisionsPerYear: 12000 } },
    };
    const result = applyPatch(algorithm(), patch, EntryKind.ALGORITHM);
    expect(result.summary).toBeUndefined();
    expect('summary' in result).toBe(false);
    expect(result.contact).toEqual({ email: 'team@city.example' });
    expect(result.nonDiscrimination).toEqual({
      affectedGroups: 'Applicants',
      biasAssessment: {
        method: 'Outcome parity',
        resultSummary: 'No gap found',
        issuesFound: false,
        date: '2025-03-01',
        groupsCompared: 'Age bands',
      },
    });
    expect(result.algorithm?.impactOnPeople).toEqual({
      affected: 'Applicants',
      decisionsPerYear: 12000,
    });
    expect(result.algorithm?.decisionProcess).toBe('A case worker decides');
    expect(result.title).toBe('Benefit triage');
    expect(result.keywords).toEqual(['AI', 'triage']);
  });

  it('clears a whole sub-object with null', () => {
    const result = applyPatch(algorithm(), { nonDiscrimination: null }, EntryKind.ALGORITHM);
    expect('nonDiscrimination' in result).toBe(false);
  });

  it('removes an object left with no field, as if it had been cleared', () => {
    const result = applyPatch(
      algorithm(),
      { contact: { email: null, phone: null } },
      EntryKind.ALGORITHM,
    );
    expect('contact' in result).toBe(false);
  });

  it('creates a sub-object that was not there, without the nulls of the patch', () => {
    const result = applyPatch(
      { title: 'New' },
      { accountability: { accountableOwner: 'Head of unit', humanOversight: null } },
      EntryKind.DATASET,
    );
    expect(result).toEqual({ title: 'New', accountability: { accountableOwner: 'Head of unit' } });
  });

  it('replaces lists whole, at the top and inside objects', () => {
    const result = applyPatch(
      algorithm(),
      { keywords: ['triage'], algorithm: { models: [{ name: 'Ranker', version: '3' }] } },
      EntryKind.ALGORITHM,
    );
    expect(result.keywords).toEqual(['triage']);
    expect(result.algorithm?.models).toEqual([{ name: 'Ranker', version: '3' }]);
    expect(result.algorithm?.audits).toEqual([{ auditor: 'Internal audit', date: '2025-02-01' }]);
  });

  it('replaces a GeoJSON geometry whole, keeping the other fields of the geographic area', () => {
    const base = algorithm();
    // A stored geometry with a member the new one lacks: merging would keep it.
    (base.geographicArea!.geoJson as unknown as Record<string, unknown>).bbox = [
      18, 59, 18.1, 59.1,
    ];
    const geoJson = { type: 'Polygon' as const, coordinates: [otherSquare] };
    const result = applyPatch(base, { geographicArea: { geoJson } }, EntryKind.ALGORITHM);
    expect(result.geographicArea).toEqual({ cityWide: false, districts: ['Centrum'], geoJson });
  });

  it('replaces deployment locations (with their areas) as a list', () => {
    const base: EntryContent = {
      title: 'Counters',
      iotDeployment: {
        sensorType: SensorType.WIFI_COUNTER,
        deviceCount: 4,
        locations: [
          {
            description: 'Square',
            point: { lat: 59.0, lon: 18.0 },
            area: { type: 'Polygon', coordinates: [square] },
          },
        ],
      },
    };
    const locations = [
      { description: 'Park', area: { type: 'Polygon' as const, coordinates: [otherSquare] } },
    ];
    const result = applyPatch(base, { iotDeployment: { locations } }, EntryKind.IOT_DEPLOYMENT);
    expect(result.iotDeployment).toEqual({
      sensorType: 'WIFI_COUNTER',
      deviceCount: 4,
      locations,
    });
  });

  it('ignores the details of another kind', () => {
    const result = applyPatch(
      algorithm(),
      {
        dataset: { publisher: 'Parks' },
        iotDeployment: null,
        algorithm: { riskClass: RiskClass.LOW },
      },
      EntryKind.ALGORITHM,
    );
    expect(result.dataset).toBeUndefined();
    expect(result.algorithm?.riskClass).toBe('LOW');
    expect(applyPatch(algorithm(), { algorithm: null }, EntryKind.DATASET).algorithm).toEqual(
      algorithm().algorithm,
    );
  });

  it('changes neither the stored content nor the patch, and shares no object with them', () => {
    const base = algorithm();
    const patch: EntryContentPatch = {
      algorithm: { riskClass: RiskClass.HIGH, models: [{ name: 'New' }] },
    };
    const patchCopy = structuredClone(patch);
    const result = applyPatch(base, patch, EntryKind.ALGORITHM);
    expect(base).toEqual(algorithm());
    expect(patch).toEqual(patchCopy);
    result.algorithm!.models!.push({ name: 'Another' });
    result.geographicArea!.districts!.push('Norr');
    expect(patch.algorithm?.models).toHaveLength(1);
    expect(base.geographicArea?.districts).toEqual(['Centrum']);
  });

  it('drops undefined fields, as absent ones', () => {
    const result = applyPatch(
      algorithm(),
      { summary: undefined, algorithm: { riskClass: undefined } },
      EntryKind.ALGORITHM,
    );
    expect(result).toEqual(algorithm());
  });
});

describe('patchedPaths', () => {
  it('names the fields a patch sets or clears, down to the leaves; lists and geometries are leaves', () => {
    expect(
      patchedPaths({
        summary: null,
        keywords: ['a'],
        contact: { email: 'x@city.example', phone: undefined },
        geographicArea: { geoJson: { type: 'Polygon', coordinates: [square] } },
        algorithm: { riskClass: RiskClass.HIGH, impactOnPeople: { how: null }, models: [] },
        accountability: {},
      }),
    ).toEqual([
      'summary',
      'keywords',
      'contact.email',
      'geographicArea.geoJson',
      'algorithm.riskClass',
      'algorithm.impactOnPeople.how',
      'algorithm.models',
      'accountability',
    ]);
  });
});
