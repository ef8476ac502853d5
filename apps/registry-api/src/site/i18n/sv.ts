/**
 * Swedish interface text: the reference catalogue. Every other language gives the same keys (the
 * type `Messages` is this object's type; `en.ts` must satisfy it, so a missing text fails to
 * compile). Plain language: short sentences, terms explained where they first appear.
 */
import type { ConcernCodeFault } from '@insyn/concerns';
import { DateFault, monthName } from './date-faults';
import { isolated, shownChar } from './shown-char';
const numbers = new Intl.NumberFormat('sv-SE');
/** A number as Swedish writes it: 4 000, grouped with a no-break space. */
const num = (n: number) => numbers.format(n);
const plurals = new Intl.PluralRules('sv-SE');
const WORDS = [
  'noll',
  'en',
  'två',
  'tre',
  'fyra',
  'fem',
  'sex',
  'sju',
  'åtta',
  'nio',
  'tio',
  'elva',
  'tolv',
];
/** A small number in running text as a word (fem), a larger one in digits (13). */
const word = (n: number) => WORDS[n] ?? num(n);
/** A number with its word in the form Swedish gives that number: 1 plats, 2 platser. */
/** The look-alike scripts a contact e-mail's domain part may mix (see contactEmailFault). */
const SV_SCRIPTS: Record<string, string> = {
  Latin: 'latinska',
  Cyrillic: 'kyrilliska',
  Greek: 'grekiska',
  Armenian: 'armeniska',
  Georgian: 'georgiska',
  Cherokee: 'cherokesiska',
};
const counted = (n: number, one: string, other: string) =>
  `${num(n)} ${plurals.select(n) === 'one' ? one : other}`;
const alternatives = new Intl.ListFormat('sv-SE', { type: 'disjunction' });
/** " Skriv färre ord, ta bort … eller …": what to try, as one sentence; '' for nothing. */
const tryInstead = (ways: (string | false)[]) => {
  const text = alternatives.format(ways.filter((w): w is string => typeof w === 'string'));
  return text ? ` ${text[0].toUpperCase()}${text.slice(1)}.` : '';
};

export const sv = {
  languageName: 'Svenska',
  /** The language and region as Open Graph names them (`og:locale`), for link previews. */
  ogLocale: 'sv_SE',
  siteName: 'Insyn',
  tagline: 'Stadens register över algoritmer, datamängder och sensorer',
  skipToContent: 'Hoppa till innehållet',
  mainNavigation: 'Huvudmeny',
  languageSwitch: 'Språk',
  readIn: 'Läs på svenska',
  nav: {
    home: 'Start',
    search: 'Sök',
    map: 'Karta över sensorer',
    departments: 'Förvaltningar',
    openData: 'Öppna data',
  },
  footer: {
    about:
      'Insyn visar vilka algoritmer, datamängder och sensorer staden använder, varför, och vem som ansvarar.',
    feed: 'Prenumerera på ändringar (Atom-flöde)',
    graphql: 'GraphQL-API för utvecklare (på engelska)',
    accessibility: 'Tillgänglighetsredogörelse',
    privacy: 'Personuppgifter och kakor',
  },
  home: {
    title: 'Vad använder staden för algoritmer, data och sensorer?',
    intro:
      'Här kan du läsa om de system staden använder. Varje post säger vad systemet gör, varför, vilka uppgifter det använder och vem som ansvarar.',
    searchLabel: 'Sök i registret',
    searchButton: 'Sök',
    principles: 'Stadens fem digitala principer',
    counts: 'Registret i siffror',
    countsNote: 'Publicerade poster, även de som har avvecklats.',
    byKind: 'Efter typ',
    byDepartment: 'Efter förvaltning',
    newest: 'Nya i registret',
    changed: 'Senast ändrade',
    nothingYet: 'Inga publicerade poster ännu.',
    countsUnavailable:
      'Siffrorna och de nyaste posterna kommer från sökningen, som inte fungerar just nu. Försök igen om en stund.',
  },
  search: {
    title: 'Sök i registret',
    titleWithQuery: (q: string) => `Sökresultat för ”${isolated(q)}”`,
    query: 'Sökord',
    submit: 'Sök',
    filters: 'Avgränsa',
    toFilters: 'Avgränsa resultaten',
    results: 'Resultat',
    count: (n: number) => counted(n, 'post', 'poster'),
    countOf: (from: number, to: number, total: number) =>
      `Visar ${num(from)}–${num(to)} av ${num(total)}`,
    /** No hits: what to try, naming only what the search used (words, filters, dates). */
    none: (used: { words: boolean; filters: boolean; dates: boolean }) =>
      `Inga poster matchar sökningen.${tryInstead([
        used.words && 'skriv färre eller andra ord',
        used.filters && 'ta bort en avgränsning',
        used.dates && 'vidga datumintervallet',
      ])}`,
    pastEnd: (last: number) => `Resultaten tar slut på sidan ${last}.`,
    toPage: (n: number) => `Till sidan ${n}`,
    sort: 'Sortera',
    sortRelevance: 'Bäst träff',
    sortNewest: 'Senast publicerad',
    sortTitle: 'Titel A–Ö',
    apply: 'Visa',
    published: 'Publicerad',
    publishedFrom: 'Publicerad från (ÅÅÅÅ-MM-DD)',
    publishedTo: 'Publicerad till (ÅÅÅÅ-MM-DD)',
    removeFilter: (label: string) => `Ta bort avgränsningen ${label}`,
    chosenRemoves: '(vald: följ länken för att ta bort den)',
    clearAll: 'Ta bort alla avgränsningar',
    activeFilters: 'Valda avgränsningar',
    previous: 'Föregående sida',
    next: 'Nästa sida',
    page: (n: number) => `Sida ${n}`,
    pagination: 'Sidor',
    unavailable:
      'Sökningen fungerar inte just nu. Försök igen om en stund. Du kan också bläddra bland förvaltningarna.',
    errors: 'Sökningen kunde inte göras',
    errorsLeftOut: 'Vi sökte utan det som är fel nedan',
    facet: {
      kind: 'Typ',
      department: 'Förvaltning',
      principle: 'Princip',
      lifecycle: 'Skede',
      riskClass: 'Riskklass',
      personalData: 'Personuppgifter',
      hasOpenConcerns: 'Öppna frågor från invånare',
    },
    yes: 'Ja',
    no: 'Nej',
    badQuery: 'Sökorden får vara högst 200 tecken.',
    badQueryText:
      'Sökorden innehåller ett osynligt tecken som inte får förekomma (det kan följa med när man kopierar text från annat håll). Skriv om sökorden.',
    badValue: (label: string) => `${label}: värdet finns inte. Välj ett av alternativen.`,
    badDate: (label: string) => `${label}: skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2025-03-31.`,
    noSuchDate: (label: string, value: string, fault: DateFault) =>
      `${label}: ${value} är inget datum: ${
        fault.part === 'year'
          ? 'året måste vara från 0001 till 9999'
          : fault.part === 'month'
            ? `det finns ingen månad ${fault.month}`
            : `${monthName('sv-SE', fault.month)} ${fault.year} har ${fault.days} dagar`
      }.`,
    badRange: '”Publicerad till” måste vara samma dag som ”Publicerad från” eller senare.',
    badPage: 'Sidnumret måste vara ett heltal, 1 eller mer.',
    badSort: 'Sorteringen finns inte. Välj ett av alternativen.',
    tooManyValues: (label: string) => `${label}: välj högst 20 värden.`,
  },
  entry: {
    kindOf: 'Typ',
    department: 'Förvaltning',
    status: 'Status',
    version: (n: number) => `Version ${n}`,
    /** The status line under the title: "Publicerad, version 2". */
    statusVersion: (status: string, n: number) => `${status}, version ${n}`,
    publishedOn: (date: string) => `Publicerad ${date}`,
    firstPublished: 'Först publicerad',
    lastChanged: 'Senast ändrad',
    retired: (date: string) => `Avvecklad ${date}`,
    retiredReason: 'Skäl till avvecklingen',
    retiredFields: 'Uppgifterna nedan är som de var när posten avvecklades.',
    contents: 'Innehåll på sidan',
    notTranslated: 'Texten finns bara på svenska.',
    sections: {
      about: 'Vad det är och varför',
      responsible: 'Vem som ansvarar',
      legal: 'Rättslig grund',
      data: 'Data och personuppgifter',
      details: 'Hur det fungerar',
      oversight: 'Mänsklig kontroll och hur du invänder',
      nonDiscrimination: 'Icke-diskriminering och bedömning av snedvridning',
      risks: 'Risker',
      principles: 'Principer',
      related: 'Relaterade poster',
      withheld: 'Uppgifter som inte visas',
      review: 'Granskning',
      history: 'Versioner',
      concerns: 'Frågor och invändningar',
    },
    noValue: 'Inte angivet.',
    yes: 'Ja',
    no: 'Nej',
    onMap: 'Visas på kartan',
    openMap: 'Öppna kartan',
    withheldIntro:
      'Vissa uppgifter visas inte, enligt offentlighets- och sekretesslagen eller annan lag. Här står vilka och varför.',
    withheldField: 'Uppgift',
    withheldGround: 'Lagstöd',
    withheldUntil: 'Döljs till och med',
    withheldForGood: 'Tills vidare',
    noWithheld: 'Alla uppgifter i posten visas.',
    overdueTag: 'Granskning försenad',
    reviewDue: 'Ska granskas senast',
    reviewOverdue:
      'Granskningen är försenad: posten skulle ha granskats igen, men det har inte gjorts.',
    reviewOnTime: 'Posten granskas i tid.',
    noReviewDate: 'Inget datum för granskning är satt.',
    relationTypes: {
      USES_DATASET: { out: 'Använder datamängden', in: 'Används av' },
      FED_BY_DEPLOYMENT: { out: 'Får data från sensorerna', in: 'Skickar data till' },
      PRODUCES_DATASET: { out: 'Skapar datamängden', in: 'Skapas av' },
      PART_OF: { out: 'Är en del av', in: 'Består bland annat av' },
    },
    noRelated: 'Inga relaterade poster.',
    noPrinciples: 'Inga principer angivna.',
    historyIntro: 'Varje publicerad version sparas.',
    /** Shown only where there are two versions or more to compare. */
    compareIntro: 'Välj två versioner för att se vad som ändrats.',
    versionPublished: (n: number, date: string) => `Version ${n}, publicerad ${date}`,
    changeNote: 'Ändringsnotering',
    compare: 'Jämför versioner',
    from: 'Från version',
    to: 'Till version',
    showChanges: 'Visa ändringar',
    concernsComing:
      'Snart kan du ställa en fråga eller göra en invändning om posten här. Till dess: kontakta förvaltningen.',
    noConcernAnswers: 'Inga besvarade frågor ännu.',
    noOlderConcernAnswers: 'Inga äldre besvarade frågor.',
    questionNotPublished: 'Frågan publiceras inte.',
    concernRejected: 'Avvisad:',
    concernQuestion: 'Fråga:',
    originalSummary: 'Sammanfattning på svenska',
    concernAnswer: 'Svar:',
    concernAnsweredOn: 'Besvarad',
    concernEarlierAnswer: 'Tidigare svar (frågan har öppnats igen):',
    concernAmendedAnswer: 'Tidigare lydelse (svaret har ändrats):',
    concernAmended: 'ändrad',
    permalink: 'Permanent länk',
    olderAnswers: 'Äldre svar',
    answersTitle: (title: string) => `Svar på frågor om ${title}`,
    backToEntry: 'Tillbaka till posten',
    badAnswersPage:
      'Den listan med svar finns inte (länken kan vara gammal). Börja från postens sida.',
  },
  diff: {
    title: (title: string) => `Ändringar i ${title}`,
    between: (from: number, to: number) => `Från version ${from} till version ${to}`,
    field: 'Uppgift',
    before: 'Före',
    after: 'Efter',
    none: 'Versionerna är likadana i allt som visas.',
    empty: '(tomt)',
    /** A value withheld from the public in that version: not empty, not shown. */
    withheld: '(visas inte)',
    partlyWithheld: 'Delar av uppgiften visas inte.',
    back: 'Tillbaka till posten',
    badVersions: 'Välj två versioner som finns, med siffror (till exempel 1 och 2).',
  },
  department: {
    title: (name: string) => name,
    intro:
      'Poster som förvaltningen har publicerat och inte avvecklat, i bokstavsordning (sökningen hittar även de avvecklade).',
    list: 'Förvaltningar',
    listIntro: 'Stadens förvaltningar, var och en med de poster den har publicerat.',
    feed: 'Ändringar från förvaltningen (Atom-flöde)',
    entries: 'Poster',
    searchIn: 'Sök bland förvaltningens poster',
    more: 'Fler poster',
    none: 'Förvaltningen har inga publicerade poster.',
  },
  principle: {
    title: (name: string) => `Princip: ${name}`,
    intro:
      'Poster som berör principen, med förvaltningens motivering; avvecklade poster visas inte (sökningen hittar även dem).',
    feed: 'Ändringar i poster som berör principen (Atom-flöde)',
    none: 'Inga publicerade poster berör principen ännu.',
    rationale: 'Motivering',
  },
  map: {
    title: 'Karta över stadens sensorer',
    intro:
      'Kartan visar var staden har sensorer, till exempel kameror och luftmätare. Samma uppgifter finns i listan under kartan.',
    svgTitle: 'Sensorer och områden på kartan',
    svgDescription: (points: number, areas: number) =>
      `Kartan visar ${
        points && areas
          ? `${counted(points, 'plats', 'platser')} och ${counted(areas, 'område', 'områden')}`
          : areas
            ? counted(areas, 'område', 'områden')
            : points
              ? counted(points, 'plats', 'platser')
              : 'inga platser'
      }. Listan under kartan har samma innehåll.`,
    list: 'Alla platser i listform',
    download: 'Ladda ner som GeoJSON',
    downloadHint: 'GeoJSON är ett öppet filformat för kartdata.',
    point: 'Plats',
    area: 'Område',
    coordinates: (lat: string, lon: string) => `Latitud ${lat}, longitud ${lon}`,
    none: 'Inga sensorer med publicerad plats.',
    interactive: 'Kartan går att dra och zooma.',
    zoomIn: 'Zooma in',
    zoomOut: 'Zooma ut',
    closePopup: 'Stäng',
    hidden: 'Platser som omfattas av sekretess visas inte.',
    truncated: (limit: string) =>
      `Kartan visar bara de första ${limit} sensorerna, efter titel, och det gör även dess GeoJSON.`,
    fullExport: 'Alla sensorer som GeoJSON (exporten av öppna data)',
  },
  openData: {
    title: 'Öppna data',
    intro:
      'Allt som är publicerat i registret är öppna data. Här finns det i maskinläsbar form, för den som vill bygga vidare.',
    graphql: 'GraphQL-API',
    graphqlText:
      'Ett API för att hämta och söka poster. Samma regler för vad som visas gäller som på webbplatsen.',
    schema: 'API-schemat (schema.gql)',
    schemaText: 'Beskriver alla typer och fält i API:et.',
    feeds: 'Atom-flöden',
    feedsText:
      'Följ nya och ändrade poster i en flödesläsare: hela registret, en förvaltning eller en princip.',
    wholeRegister: 'Hela registret',
    geojson: 'Sensorernas platser (GeoJSON)',
    exports: 'Export av hela registret',
    exportsText:
      'Hela registret som filer, uppdaterade så snart något publiceras: för kalkylprogram, för egna program och i standardformaten ATRS, AlgoSTD, det nederländska algoritmregistret, DCAT-AP och GeoJSON.',
    /** Each export file (EXPORT_FORMATS, by name): what it holds. */
    exportFiles: {
      json: 'Alla publicerade poster som JSON: identitet, version, förvaltning och det publicerade innehållet.',
      csv: 'Alla publicerade poster som tabell, en rad per post, för kalkylprogram.',
      history:
        'Alla publicerade poster med var och en av deras publicerade versioner, den äldsta först.',
      atrs: 'Algoritmerna enligt brittiska regeringens standard ATRS v3.0 (Algorithmic Transparency Recording Standard).',
      algostd: 'Algoritmerna enligt Eurocities standard AlgoSTD v0.3.1.',
      nl: 'Algoritmerna enligt det nederländska algoritmregistrets publiceringsstandard v1.0.',
      'dcat-ap': 'Datamängderna som en katalog enligt DCAT-AP 3.0.1 (JSON-LD).',
      geojson: 'Sensorernas platser och områden (GeoJSON).',
      gaps: 'För varje post och varje standard för dess typ: vad standarden frågar efter som posten inte fyller i, och vad som inte är offentligt.',
    } as Readonly<Record<string, string>>,
    exportsColumns: 'Vad varje kolumn i entries.csv innehåller (på engelska)',
    exportsList: 'Förteckning över filerna för program (JSON, på engelska)',
    exportsCsvFormula:
      'I entries.csv får en text som börjar med =, +, -, @ eller ett tabbtecken (till exempel ett telefonnummer som +46 8 …) en apostrof först. Då visar kalkylprogrammet texten som text och kör den aldrig som en formel. Ta bort apostrofen om du läser filen med ett eget program. I entries.json står alla texter exakt som de skrevs.',
    licence: 'Uppgifterna får återanvändas fritt.',
    chainHead: 'Granskningsloggens kedjehuvud',
    chainHeadIntro:
      'Varje ändring i registret förs in i en granskningslogg där varje händelse förseglar den föregående med en SHA-256-hash.',
    chainHeadText: (day: string) =>
      `Det här var den senaste hashen när dygnet ${day} började (UTC). Spara den: den som har den kan senare kontrollera att historiken före den inte har skrivits om.`,
    chainHeadEmpty: (day: string) =>
      `Inget hade förts in i loggen när dygnet ${day} började (UTC).`,
    chainHeadEvent: 'Händelse',
    chainHeadHash: 'Hash (SHA-256)',
    chainHeadOccurred: 'Införd',
    chainHeadJson: 'Samma kedjehuvud som JSON',
  },
  accessibility: {
    title: 'Tillgänglighetsredogörelse',
    intro: (organisation: string) =>
      `${organisation} står bakom Insyn, registret på den här webbplatsen. Vi vill att alla ska kunna använda webbplatsen, oavsett funktionsnedsättning och hjälpmedel. Här beskriver vi hur den uppfyller lagen om tillgänglighet till digital offentlig service (DOS-lagen), vilka brister vi känner till och hur du meddelar oss om problem.`,
    statusTitle: 'Hur tillgänglig är webbplatsen?',
    status:
      'Webbplatsen är delvis förenlig med lagen om tillgänglighet till digital offentlig service, på grund av bristerna nedan.',
    knownTitle: 'Brister vi känner till',
    known: [
      'Posternas texter skrivs av förvaltningarna. De kan innehålla facktermer och långa meningar.',
      'Vissa poster finns bara på svenska. Den engelska sidan visar då den svenska texten, märkt som svenska så att en skärmläsare läser den rätt.',
      'Webbplatsen har inte granskats för hand med skärmläsare och förstoringsprogram. Automatiska kontroller hittar bara en del av de problem som kan finnas.',
      'GraphQL-utforskaren för utvecklare (länken ”GraphQL-API för utvecklare” längst ner på varje sida) är ett verktyg från en annan part. Den finns bara på engelska och behöver JavaScript. Den har kända brister: fälten för frågan, variablerna och svaret saknar namn som en skärmläsare kan läsa upp, och en del text, bland annat färgerna i koden, har för svag kontrast. Samma API går att använda utan utforskaren: skicka frågor med POST till /graphql och läs schemat på /schema.gql (se Öppna data).',
    ],
    map: 'Kartan över sensorer är en bild. Listan under kartan visar samma sensorer och platser som text, och kartan fungerar utan JavaScript.',
    feedbackTitle: 'Meddela oss om brister',
    feedback:
      'Om du stöter på ett problem som inte står här, eller behöver innehåll i en annan form, vill vi veta det.',
    feedbackLink: 'Lämna synpunkter om tillgängligheten',
    feedbackByAddress: 'Skriv till',
    feedbackNone: (organisation: string) => `Kontakta ${organisation}.`,
    supervisionTitle: 'Tillsyn',
    supervision:
      'Myndigheten för digital förvaltning (Digg) har tillsyn över lagen. Om du inte är nöjd med hur vi tar hand om dina synpunkter kan du anmäla det till Digg.',
    supervisionLink: 'Anmäl bristande tillgänglighet till Digg',
    methodTitle: 'Hur vi har bedömt webbplatsen',
    method:
      'Självskattning. Varje ändring av Insyn prövas automatiskt: axe-core granskar varje sorts sida på svenska och engelska mot sina regler för WCAG 2.1 nivå A och AA, de viktigaste sidorna prövas i 320 pixlars bredd, och vägen till innehållet prövas med tangentbordet. Alla sidor fungerar utan JavaScript, utom GraphQL-utforskaren. Utforskaren ingår inte i de automatiska kontrollerna.',
    assessed: (day: string) => `Bedömningen gjordes ${day}.`,
    updated: (day: string) => `Redogörelsen uppdaterades senast ${day}.`,
  },
  privacy: {
    title: 'Personuppgifter och kakor',
    controller: (organisation: string) =>
      `${organisation} är personuppgiftsansvarig för det som sparas i Insyn.`,
    readingTitle: 'När du läser och söker',
    reading:
      'Du kan läsa och söka i registret utan att lämna några uppgifter om dig själv. Som alla webbservrar ser vår server din IP-adress. Den används för att begränsa antalet förfrågningar från en och samma adress, och sparas då bara i en omvandlad form som inte går att läsa tillbaka, tills tidsfönstret är slut. Loggen sparar adressen bara när servern avvisar en felaktig förfrågan.',
    tiles: (origin: string) =>
      `Den dragbara kartan hämtar sina bakgrundsbilder från ${origin}. Då ser den tjänsten din IP-adress. Utan JavaScript hämtas inga bilder därifrån.`,
    concernsTitle: 'När du ställer en fråga om en post',
    concerns:
      'Vi sparar din text, de val du gör och, om du vill ha svaret med e-post, din e-postadress. Ändamålet är att förvaltningen som ansvarar för posten ska kunna svara dig. Den rättsliga grunden är att det är en uppgift av allmänt intresse (artikel 6.1 e i dataskyddsförordningen).',
    concernsEmail: (days: number) =>
      `Bara förvaltningen ser din e-postadress. Den sparas krypterad och raderas ${days} dagar efter att frågan har besvarats, stängts eller avvisats. Den syns aldrig på webbplatsen, i sökningen eller i öppna data.`,
    concernsText:
      'Din text publiceras bara om du har kryssat i att den får publiceras. Skriv inte känsliga uppgifter om dig själv. Frågor till staden kan bli allmänna handlingar enligt offentlighetsprincipen.',
    concernsErase:
      'Med koden för att radera frågan, som du fick när du skickade den, kan du själv radera din text och din e-postadress när du vill.',
    eraseLink: 'Radera en fråga',
    rightsTitle: 'Dina rättigheter',
    rights:
      'Du har rätt att få veta vilka uppgifter om dig vi behandlar, att få fel rättade, och att begära att uppgifter raderas eller att behandlingen begränsas. Du kan också invända mot behandlingen.',
    contact: 'Kontakta vårt dataskyddsombud',
    contactByAddress: 'Dataskyddsombudet nås på',
    contactNone: (organisation: string) =>
      `Kontakta ${organisation} och be att få tala med dataskyddsombudet.`,
    complaint: 'Om du tycker att vi behandlar dina uppgifter fel kan du klaga hos',
    complaintLink: 'Integritetsskyddsmyndigheten (IMY)',
    cookiesTitle: 'Kakor',
    cookies:
      'Webbplatsen använder inga kakor för statistik, reklam eller spårning, och inget verktyg från någon annan. Två kakor behövs för formulären och sätts först när du öppnar eller skickar ett:',
    cookieCsrf:
      'skyddar formulären mot inskick från andra webbplatser. Den försvinner när du stänger webbläsaren.',
    cookieSent:
      'hindrar att samma fråga skickas två gånger, till exempel när du trycker på Skicka igen. Den gäller i en timme.',
  },
  errors: {
    notFoundTitle: 'Sidan finns inte',
    notFound:
      'Vi hittar inte sidan. Den kan ha flyttats, eller så är adressen felstavad. Sök i registret eller gå till startsidan.',
    badRequestTitle: 'Något i adressen stämmer inte',
    errorSummary: 'Det här behöver rättas',
    unavailableTitle: 'Tjänsten är inte tillgänglig just nu',
    unavailable: 'Försök igen om en stund.',
    internalTitle: 'Något gick fel',
    internal: 'Något gick fel hos oss. Försök igen om en stund.',
    tooManyRequestsTitle: 'För många förfrågningar',
    tooManyRequests: (seconds: number) =>
      `Det har kommit för många förfrågningar från din adress, kanske från många på samma nätverk (en skola eller ett bibliotek). Försök igen om ${counted(seconds, 'sekund', 'sekunder')}.`,
    tooLargeTitle: 'Texten är för lång',
    tooLarge:
      'Det du skickade är längre än registret kan ta emot. Gå tillbaka (webbläsarens bakåtknapp behåller det du skrev), korta texten och skicka igen.',
    unreadableFormTitle: 'Formuläret gick inte att läsa',
    unreadableForm:
      'Det som skickades gick inte att läsa. Gå tillbaka, ladda om sidan och skicka formuläret igen.',
    badAddressTitle: 'Adressen är inte giltig',
    badAddress:
      'Adressen innehåller tecken som inte hör hemma i en webbadress (den kanske blev avklippt eller fel kopierad). Börja från startsidan eller kontrollera länken du följde.',
    methodNotAllowedTitle: 'Det går inte att göra här',
    methodNotAllowed:
      'Det här går inte att göra på den här adressen. Gå tillbaka eller börja från startsidan.',
  },
  concerns: {
    fileLink: 'Ställ en fråga eller gör en invändning om posten',
    counts: (open: number, answered: number) => `Öppna frågor: ${open}. Besvarade: ${answered}.`,
    trackLink: 'Följ en fråga du har skickat',
    formTitle: (title: string) => `Fråga eller invändning om ${title}`,
    formIntro:
      'Du kan vara anonym. Förvaltningen som ansvarar för posten svarar. Du får en kod för att följa frågan.',
    privacyLink: 'Så behandlar vi det du skickar',
    principles: 'Vilka principer gäller det?',
    principlesHint: (max: number) => `Välj minst en och högst ${word(max)}.`,
    category: 'Vad gäller det?',
    categories: {
      DISCRIMINATION: 'Diskriminering',
      PRIVACY: 'Personuppgifter och integritet',
      ACCURACY: 'Felaktigheter',
      TRANSPARENCY: 'Transparens',
      ACCESSIBILITY: 'Tillgänglighet',
      OTHER: 'Annat',
    } as Record<string, string>,
    text: 'Din fråga eller invändning',
    textHint: (max: number) =>
      `Högst ${num(max)} tecken. Skriv inte känsliga uppgifter om dig själv.`,
    email: 'E-post (frivilligt)',
    emailHint: 'Om du vill få svaret med e-post. Bara förvaltningen ser adressen.',
    language: 'Språk för svaret',
    languages: { sv: 'Svenska', en: 'Engelska' } as Record<string, string>,
    consent: 'Svaret och min text får publiceras på posten (utan namn eller e-post)',
    send: 'Skicka',
    problems: {
      principleCodes: (max: number) => `Välj minst en och högst ${word(max)} principer.`,
      category: 'Välj vad det gäller.',
      text: (max: number) => `Skriv din fråga som vanlig text, högst ${num(max)} tecken.`,
      textEmpty: 'Skriv din fråga eller invändning.',
      textTooLong: (length: number, max: number) =>
        `Texten är ${num(length)} tecken lång. Korta den till högst ${num(max)} tecken.`,
      textControl: (char: string) =>
        `Texten innehåller det osynliga styrtecknet ${char}. Ta bort det (det kan följa med när man kopierar text från annat håll, till exempel en pdf) och skicka igen.`,
      textDirection: (char: string) =>
        `Texten innehåller det osynliga tecknet ${char}, som ändrar riktningen på texten runt det så att den visas annorlunda än den lyder. Ta bort det (det kan följa med när man kopierar text från annat håll) och skicka igen.`,
      contactEmail: 'Skriv en e-postadress som namn@exempel.se, eller lämna fältet tomt.',
      contactEmailInvisible: (codePoint: string, position: number) =>
        `E-postadressen innehåller ett tecken som inte syns (${codePoint}, tecken ${num(position)} i adressen). Skriv adressen igen för hand, eller lämna fältet tomt.`,
      contactEmailControl: (codePoint: string, position: number) =>
        `E-postadressen innehåller ett osynligt styrtecken (${codePoint}, tecken ${num(position)} i adressen). Skriv adressen igen för hand, eller lämna fältet tomt.`,
      contactEmailMixedScripts: (first: string, second: string) =>
        `Delen av e-postadressen efter @ blandar bokstäver från olika alfabet (${SV_SCRIPTS[first] ?? first} och ${SV_SCRIPTS[second] ?? second}), så att adressen kan se ut som en annan. Kontrollera adressen och skriv den igen, eller lämna fältet tomt.`,
      language: 'Välj svenska eller engelska.',
    },
    closedTitle: 'Posten tar inte emot frågor',
    closed:
      'Posten är avvecklad och tar inte längre emot nya frågor. Svar på tidigare frågor finns kvar på postens sida.',
    /** The same on the entry's own page, above its answers. */
    closedOnEntry:
      'Posten är avvecklad och tar inte längre emot nya frågor. Svar på tidigare frågor finns kvar nedan.',
    expired:
      'Formuläret hade gått ut. Ingenting har sparats ännu. Det du skrev står kvar nedan: kontrollera det och skicka igen.',
    forbiddenTitle: 'Formuläret kunde inte skickas',
    forbidden:
      'Formuläret har gått ut eller kom inte från den här webbplatsen. Ingenting har sparats. Öppna formuläret igen och skicka på nytt.',
    tooManyTitle: 'För många försök',
    tooManyKept: (seconds: number) =>
      `För många frågor har kommit från din adress: den här skickades inte. Det du skrev står kvar nedan; skicka den igen om ${counted(Math.ceil(seconds / 60), 'minut', 'minuter')}.`,
    tooMany: (seconds: number) =>
      `Det har kommit för många försök från din adress, så koden har inte prövats. Den står kvar nedan: skicka igen om ${counted(Math.ceil(seconds / 60), 'minut', 'minuter')}.`,
    receiptTitle: 'Tack, din fråga är skickad',
    receiptIntro:
      'Spara koderna nu. De visas bara den här gången och vi kan inte ta fram dem igen.',
    trackingCode: 'Kod för att följa frågan',
    erasureCode: 'Kod för att radera frågan',
    erasureHint: 'Med den koden kan du radera din text och din e-postadress.',
    trackTitle: 'Följ din fråga',
    code: 'Kod',
    codeHint: 'Koden du fick när du skickade frågan, till exempel ABCDE-12345-…',
    show: 'Visa',
    notFound: 'Det finns ingen fråga med den koden. Kontrollera koden och försök igen.',
    notACode: (fault: ConcernCodeFault) =>
      fault.kind === 'char'
        ? `Koden innehåller ${shownChar(fault.char, 'sv')} (tecken ${fault.position}), som inte finns i någon kod: en kod har bara siffror, bindestreck och bokstäverna A–Z utom U. Kontrollera koden och försök igen.`
        : fault.kind === 'length'
          ? `En kod har 25 bokstäver och siffror, som ABCDE-12345-…; den här har ${fault.length}. Kontrollera koden och försök igen.`
          : 'Det här är för långt för att vara en kod: en kod har 25 bokstäver och siffror, som ABCDE-12345-…. Kontrollera koden och försök igen.',
    codeMissing: 'Skriv koden du fick när du skickade frågan.',
    notFoundErasureCode:
      'Det här är koden för att radera frågan. För att följa frågan, skriv den andra koden: koden för att följa frågan.',
    status: 'Status',
    statuses: {
      RECEIVED: 'Mottagen',
      ACKNOWLEDGED: 'Bekräftad',
      UNDER_REVIEW: 'Utreds',
      ANSWERED: 'Besvarad',
      CLOSED: 'Avslutad',
      REJECTED: 'Avvisad',
    } as Record<string, string>,
    filedAt: 'Skickad',
    answeredAt: 'Besvarad',
    answerAmendedAt: 'Ändrad',
    answer: 'Svar',
    reason: 'Skäl',
    earlierAnswer: 'Tidigare svar,',
    earlierAnswerNote:
      'Frågan öppnades igen efter det här svaret, så det är inte längre förvaltningens svar.',
    earlierAnswerAmendedNote:
      'Förvaltningen ändrade svaret, så den här lydelsen är inte längre förvaltningens svar.',
    entry: 'Gäller posten',
    eraseLink: 'Radera en fråga du har skickat',
    eraseTitle: 'Radera din fråga',
    eraseIntro:
      'Koden för att radera frågan raderar din text och din e-postadress, om du lämnade en. Förvaltningens svar finns kvar, och koden för att följa frågan fungerar fortfarande. Raderingen går inte att ångra.',
    erasureCodeHint:
      'Koden för att radera, som du fick när du skickade frågan (inte koden för att följa den).',
    erase: 'Radera',
    eraseNotFoundTrackingCode:
      'Det här är koden för att följa frågan. För att radera den behövs den andra koden: koden för att radera frågan. Ingenting har raderats.',
    eraseCodeMissing: 'Skriv koden för att radera frågan, som du fick när du skickade den.',
    eraseNotFound:
      'Det finns ingen fråga som kan raderas med den koden. Kontrollera koden och försök igen.',
    eraseExpired:
      'Formuläret hade gått ut. Ingenting har raderats ännu. Koden står kvar nedan: skicka igen.',
    trackExpired:
      'Formuläret hade gått ut. Ingenting har slagits upp ännu. Koden står kvar nedan: skicka igen.',
    trackForbidden:
      'Formuläret kom inte från den här webbplatsen. Ingenting har slagits upp. Öppna sidan ”Följ din fråga” på den här webbplatsen och skicka koden där.',
    eraseForbidden:
      'Formuläret har gått ut eller kom inte från den här webbplatsen. Ingenting har raderats. Öppna formuläret igen och skicka på nytt.',
    erasedTitle: 'Din fråga är raderad',
    erased:
      'Din text och din e-postadress är raderade. Förvaltningens svar finns kvar, och du kan fortfarande följa frågan med din kod.',
    erasedAt: 'Raderad',
    trackErased: 'Din text och din e-postadress (om du lämnade en) raderades på din begäran.',
    erasedSubmissionTitle: 'Frågan raderades på din begäran',
    erasedSubmission:
      'Du skickade formuläret för en fråga som du redan har låtit radera. Den har inte skickats igen, och ingenting av det du skrev har sparats. Vill du ställa frågan igen, skriv den i ett nytt formulär.',
    expiredSubmissionTitle: 'Formuläret skickades för över en timme sedan',
    expiredSubmission:
      'Frågan i det togs emot då, och dess koder visades en gång. De visas inte igen, så att ingen som använder datorn efter dig kan se dem. Följ frågan med koden för att följa frågan, som du sparade. Vill du fråga något nytt, skriv det i ett nytt formulär.',
    writeAnew: 'Skriv en ny fråga om posten',
  },
  feed: {
    title: (scope: string) => `Insyn: ${scope}`,
    whole: 'hela registret',
    subtitle: 'Publicerade och ändrade poster',
    retired: 'Avvecklad',
  },
  dates: { locale: 'sv-SE' },
};
