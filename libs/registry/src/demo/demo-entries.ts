import { EntryContent } from '../entries/entry-content';
import {
  AccessRights,
  AiActClass,
  AlgorithmType,
  AutomationLevel,
  ContentLanguage,
  DeploymentOperator,
  DeviceMobility,
  EntryKind,
  ImpactAssessmentType,
  LifecycleStage,
  PersonalDataLevel,
  RelationType,
  RiskClass,
  SensorType,
  Theme,
} from '../entries/entry-enums';

/** A demo entry: its department, kind, content, whether it is published, and links to others. */
export interface DemoEntry {
  key: string;
  department: string;
  kind: EntryKind;
  publish: boolean;
  content: EntryContent;
  links?: { type: RelationType; to: string }[];
}

const today = new Date();
const inYears = (n: number) => `${today.getUTCFullYear() + n}-06-30`;

/** What every demo entry shares: the disclosures a real entry would carry, filled in plausibly. */
function core(over: Partial<EntryContent> & Pick<EntryContent, 'title' | 'summary'>): EntryContent {
  return {
    responsibleTeam: 'Enheten för digital utveckling',
    contact: { email: 'registret@stad.example.se' },
    lifecycle: { stage: LifecycleStage.IN_USE, startDate: '2024-01-01' },
    legalBasis: [
      {
        title: 'Kommunallagen (2017:725)',
        link: 'https://www.riksdagen.se/sv/dokument-och-lagar/dokument/svensk-forfattningssamling/kommunallag-2017725_sfs-2017-725/',
      },
    ],
    purpose: 'Att ge invånarna bättre service med samma resurser.',
    impactAssessments: [
      {
        type: ImpactAssessmentType.DPIA,
        date: '2024-01-10',
        summary: 'Konsekvensbedömning enligt GDPR art. 35.',
      },
    ],
    personalData: PersonalDataLevel.NONE,
    reviewDueDate: inYears(1),
    keywords: [],
    accountability: {
      accountableOwner: 'Enhetschef',
      humanOversight: 'En handläggare granskar varje resultat.',
      appealProcess: 'Beslut kan överklagas till förvaltningsrätten.',
    },
    nonDiscrimination: {
      affectedGroups: 'Invånare i Stockholm',
      noProtectedCharacteristicsStatement: 'Inga skyddade egenskaper används eller kan härledas.',
      biasAssessment: {
        method: 'Jämförelse av utfall mellan stadsdelar',
        resultSummary: 'Inga betydande skillnader.',
        issuesFound: false,
      },
    },
    principles: [
      {
        code: 'TRANSPARENCY_AND_NON_DISCRIMINATION',
        rationale: 'Registreras för att invånarna ska kunna granska systemet.',
      },
    ],
    ...over,
  };
}

/** Realistic demo entries for `npm start` on an empty database (Swedish content, as a city would write it). */
export const DEMO_ENTRIES: DemoEntry[] = [
  {
    key: 'ekonomiskt-bistand',
    department: 'socialforvaltningen',
    kind: EntryKind.ALGORITHM,
    publish: true,
    content: core({
      title: 'Prioritering av ansökningar om ekonomiskt bistånd',
      translations: [
        {
          language: ContentLanguage.en,
          title: 'Prioritising applications for financial assistance',
          summary:
            'Sorts new applications for financial assistance so that the most urgent are handled first. A caseworker makes every decision.',
        },
      ],
      summary:
        'En algoritm (AI) sorterar inkomna ansökningar så att brådskande ärenden handläggs först. En handläggare fattar alltid beslutet.',
      theme: Theme.SOCIAL_SERVICES,
      keywords: ['AI', 'försörjningsstöd', 'prioritering'],
      personalData: PersonalDataLevel.PERSONAL,
      specialCategories: ['hälsa'],
      impactAssessments: [
        {
          type: ImpactAssessmentType.DPIA,
          date: '2024-01-10',
          summary: 'Konsekvensbedömning enligt GDPR art. 35.',
        },
        {
          type: ImpactAssessmentType.FRIA,
          date: '2024-02-15',
          summary:
            'Konsekvensbedömning avseende grundläggande rättigheter enligt AI-förordningen art. 27.',
        },
      ],
      principles: [
        {
          code: 'TRANSPARENCY_AND_NON_DISCRIMINATION',
          rationale: 'Påverkar invånare i utsatta situationer.',
        },
        { code: 'PRIVACY_AND_SECURITY', rationale: 'Behandlar personuppgifter, även känsliga.' },
      ],
      algorithm: {
        decisionProcess: 'Algoritmen föreslår en ordning; handläggaren prövar varje ansökan.',
        impactOnPeople: {
          affected: 'Sökande av ekonomiskt bistånd',
          how: 'Ordningen ärenden handläggs i',
          decisionsPerYear: 40000,
        },
        automationLevel: AutomationLevel.DECISION_SUPPORT,
        algorithmType: AlgorithmType.MACHINE_LEARNING,
        riskClass: RiskClass.HIGH,
        aiActClass: AiActClass.HIGH_RISK,
        deployerIsPublicBody: true,
        euDatabaseRegistrationNumber: 'EU-AI-DEMO-0001',
        risksAndMitigations:
          'Risk för ojämlik behandling; motverkas genom mänsklig prövning och kvartalsvis uppföljning.',
      },
    }),
    links: [{ type: RelationType.USES_DATASET, to: 'ansokningar' }],
  },
  {
    key: 'ansokningar',
    department: 'socialforvaltningen',
    kind: EntryKind.DATASET,
    publish: true,
    content: core({
      title: 'Ansökningar om ekonomiskt bistånd',
      translations: [
        {
          language: ContentLanguage.en,
          title: 'Applications for financial assistance',
          summary:
            'The applications for financial assistance that the social services receive, pseudonymised for statistics.',
        },
      ],
      summary:
        'Pseudonymiserad datamängd med ansökningar sedan 2019, används för att träna prioriteringsalgoritmen.',
      theme: Theme.SOCIAL_SERVICES,
      keywords: ['dataset', 'ansökningar'],
      personalData: PersonalDataLevel.PSEUDONYMISED,
      dataset: {
        publisher: 'Socialförvaltningen',
        accessRights: AccessRights.NON_PUBLIC,
        retentionPeriod: '5 år',
        sensitiveAttributes: 'Ålder, hushållets sammansättning',
        completenessAndRepresentativeness: 'Alla digitala ansökningar sedan 2019.',
        knownBiases: 'Pappersansökningar är underrepresenterade.',
      },
    }),
  },
  {
    key: 'trafiksignaler',
    department: 'trafikkontoret',
    kind: EntryKind.ALGORITHM,
    publish: true,
    content: core({
      title: 'Adaptiv styrning av trafiksignaler',
      translations: [
        {
          language: ContentLanguage.en,
          title: 'Adaptive traffic signal control',
          summary:
            'Adjusts the timing of traffic lights to the traffic, measured by detectors in the road.',
        },
      ],
      summary:
        'Trafiksignalerna i innerstaden anpassar gröntiden efter hur många som går, cyklar och kör.',
      theme: Theme.MOBILITY_AND_TRANSPORT,
      keywords: ['trafik', 'signaler', 'algoritm'],
      principles: [
        {
          code: 'ACCESS_AND_LITERACY',
          rationale: 'Påverkar framkomligheten för alla trafikanter.',
        },
        { code: 'OPEN_ETHICAL_STANDARDS', rationale: 'Bygger på öppna standarder för trafikdata.' },
      ],
      algorithm: {
        decisionProcess: 'Styr signalerna automatiskt inom ramar som trafikingenjörer satt.',
        impactOnPeople: {
          affected: 'Alla trafikanter i innerstaden',
          how: 'Väntetid vid korsningar',
        },
        automationLevel: AutomationLevel.FULLY_AUTOMATED,
        algorithmType: AlgorithmType.RULE_BASED,
        riskClass: RiskClass.LOW,
        aiActClass: AiActClass.MINIMAL,
        risksAndMitigations:
          'Felaktiga räknedata kan ge längre väntetider; signalerna faller då tillbaka på fasta tider.',
      },
    }),
    links: [{ type: RelationType.USES_DATASET, to: 'trafikfloden' }],
  },
  {
    key: 'trafikfloden',
    department: 'trafikkontoret',
    kind: EntryKind.DATASET,
    publish: true,
    content: core({
      title: 'Trafikflöden i innerstaden',
      translations: [
        {
          language: ContentLanguage.en,
          title: 'Traffic flows in the inner city',
          summary:
            'Counts of vehicles, cyclists and pedestrians at measuring points in the inner city.',
        },
      ],
      summary:
        'Antal fotgängare, cyklister och fordon per minut vid utvalda korsningar, som öppna data.',
      theme: Theme.MOBILITY_AND_TRANSPORT,
      keywords: ['öppna data', 'trafik'],
      dataset: {
        publisher: 'Trafikkontoret',
        accessRights: AccessRights.PUBLIC,
        licence: 'CC0-1.0',
        retentionPeriod: '10 år',
        distributions: [
          {
            accessUrl: 'https://dataportal.stad.example.se/trafikfloden',
            format: 'CSV',
            licence: 'CC0-1.0',
          },
        ],
      },
    }),
    links: [{ type: RelationType.FED_BY_DEPLOYMENT, to: 'fotgangarraknare' }],
  },
  {
    key: 'fotgangarraknare',
    department: 'trafikkontoret',
    kind: EntryKind.IOT_DEPLOYMENT,
    publish: true,
    content: core({
      title: 'Fotgängarräknare med kamera på Götgatan',
      translations: [
        {
          language: ContentLanguage.en,
          title: 'Camera pedestrian counter on G\u00f6tgatan',
          summary:
            'Counts pedestrians on G\u00f6tgatan with cameras that process the image in the device and store only counts.',
        },
      ],
      summary:
        'Kameror räknar fotgängare och cyklister. Bilderna behandlas i kameran och sparas aldrig; bara antal lämnar enheten.',
      theme: Theme.MOBILITY_AND_TRANSPORT,
      keywords: ['kamera', 'sensor', 'räknare'],
      principles: [{ code: 'PRIVACY_AND_SECURITY', rationale: 'Kameror i offentlig miljö.' }],
      iotDeployment: {
        sensorType: SensorType.CAMERA,
        technology: 'Kamera med räkning i enheten',
        measures: 'Antal fotgängare och cyklister per minut',
        locations: [
          { description: 'Götgatan vid Medborgarplatsen', point: { lat: 59.3146, lon: 18.0733 } },
          { description: 'Götgatan vid Skanstull', point: { lat: 59.3079, lon: 18.0764 } },
        ],
        deviceCount: 6,
        mobility: DeviceMobility.FIXED,
        activeFrom: '2024-03-01',
        processing: 'Bilderna behandlas i kameran och raderas direkt; endast antal skickas.',
        retentionPeriod: 'Antal: 10 år; bilder: sparas inte',
        dataAccess: 'Trafikkontorets analytiker',
        operator: DeploymentOperator.VENDOR,
        operatorName: 'Räkna AB',
        signage: { onSite: true, qrToEntry: true },
      },
    }),
  },
  {
    key: 'luftkvalitet',
    department: 'miljoforvaltningen',
    kind: EntryKind.IOT_DEPLOYMENT,
    publish: true,
    content: core({
      title: 'Sensorer för luftkvalitet',
      translations: [
        {
          language: ContentLanguage.en,
          title: 'Air quality sensors',
          summary: 'Measures particles and nitrogen dioxide at fixed points across the city.',
        },
      ],
      summary: 'Givare mäter partiklar och kvävedioxid i realtid på tjugo platser i staden.',
      theme: Theme.ENVIRONMENT_AND_CLIMATE,
      keywords: ['luft', 'miljö', 'givare'],
      principles: [
        { code: 'OPEN_ETHICAL_STANDARDS', rationale: 'Mätvärdena publiceras som öppna data.' },
      ],
      iotDeployment: {
        sensorType: SensorType.AIR_QUALITY,
        technology: 'Optiska partikelräknare och NO2-celler',
        measures: 'PM2.5, PM10, NO2',
        locations: [{ description: 'Hornsgatan', point: { lat: 59.3172, lon: 18.0494 } }],
        deviceCount: 20,
        mobility: DeviceMobility.FIXED,
        activeFrom: '2023-09-01',
        processing: 'Inga personuppgifter samlas in.',
        retentionPeriod: 'Obegränsat',
        dataAccess: 'Alla, som öppna data',
        operator: DeploymentOperator.CITY,
      },
    }),
  },
  {
    key: 'bygglovschatt',
    department: 'stadsbyggnadskontoret',
    kind: EntryKind.ALGORITHM,
    publish: false,
    content: core({
      title: 'Chattbot för frågor om bygglov',
      summary: 'En AI-chattbot (generativ) svarar på vanliga frågor om bygglov. Under utveckling.',
      lifecycle: { stage: LifecycleStage.PILOT, startDate: '2026-01-01' },
      theme: Theme.HOUSING_AND_PLANNING,
      keywords: ['AI', 'chattbot', 'bygglov'],
      algorithm: {
        algorithmType: AlgorithmType.GENERATIVE_OFF_THE_SHELF,
        automationLevel: AutomationLevel.INFORMATIONAL,
        riskClass: RiskClass.MEDIUM,
        aiActClass: AiActClass.LIMITED,
      },
    }),
  },
];
