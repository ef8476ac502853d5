import type { ConcernCodeFault } from '@insyn/concerns';
import { DateFault, monthName } from './date-faults';
import { isolated, shownChar } from './shown-char';
import type { Messages } from './messages';

const numbers = new Intl.NumberFormat('en-GB');
/** A number as English writes it: 4,000. */
const num = (n: number) => numbers.format(n);
const plurals = new Intl.PluralRules('en-GB');
const WORDS = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
];
/** A small number in running text as a word (five), a larger one in digits (11). */
const word = (n: number) => WORDS[n] ?? num(n);
/** A number with its word in the form English gives that number: 1 place, 2 places. */
/** The look-alike scripts a contact e-mail's domain part may mix (see contactEmailFault). */
const EN_SCRIPTS: Record<string, string> = {
  Latin: 'Latin',
  Cyrillic: 'Cyrillic',
  Greek: 'Greek',
  Armenian: 'Armenian',
  Georgian: 'Georgian',
  Cherokee: 'Cherokee',
};
const alternatives = new Intl.ListFormat('en-GB', { type: 'disjunction' });
/** " Use fewer words, remove … or …": what to try, as one sentence; '' for nothing. */
const tryInstead = (ways: (string | false)[]) => {
  const text = alternatives.format(ways.filter((w): w is string => typeof w === 'string'));
  return text ? ` ${text[0].toUpperCase()}${text.slice(1)}.` : '';
};
const counted = (n: number, one: string, other: string) =>
  `${num(n)} ${plurals.select(n) === 'one' ? one : other}`;

/** English interface text: the same keys as the Swedish reference (`sv.ts`). */
export const en: Messages = {
  languageName: 'English',
  ogLocale: 'en_GB',
  siteName: 'Insyn',
  tagline: 'The city’s register of algorithms, datasets and sensors',
  skipToContent: 'Skip to content',
  mainNavigation: 'Main menu',
  languageSwitch: 'Language',
  readIn: 'Read in English',
  nav: {
    home: 'Home',
    search: 'Search',
    map: 'Map of sensors',
    departments: 'Departments',
    openData: 'Open data',
  },
  footer: {
    about:
      'Insyn shows which algorithms, datasets and sensors the city uses, why, and who is responsible.',
    feed: 'Subscribe to changes (Atom feed)',
    graphql: 'GraphQL API for developers',
    accessibility: 'Accessibility statement',
    privacy: 'Personal data and cookies',
  },
  home: {
    title: 'Which algorithms, data and sensors does the city use?',
    intro:
      'Read about the systems the city uses. Each entry says what the system does, why, what data it uses and who is responsible.',
    searchLabel: 'Search the register',
    searchButton: 'Search',
    principles: 'The city’s five digital principles',
    counts: 'The register in numbers',
    countsNote: 'Published entries, retired ones included.',
    byKind: 'By kind',
    byDepartment: 'By department',
    newest: 'New in the register',
    changed: 'Recently changed',
    nothingYet: 'No published entries yet.',
    countsUnavailable:
      'The figures and the newest entries come from the search, which is not working right now. Please try again shortly.',
  },
  search: {
    title: 'Search the register',
    titleWithQuery: (q: string) => `Search results for “${isolated(q)}”`,
    query: 'Search words',
    submit: 'Search',
    filters: 'Narrow down',
    toFilters: 'Narrow down the results',
    results: 'Results',
    count: (n: number) => counted(n, 'entry', 'entries'),
    countOf: (from: number, to: number, total: number) =>
      `Showing ${num(from)}–${num(to)} of ${num(total)}`,
    none: (used: { words: boolean; filters: boolean; dates: boolean }) =>
      `No entries match the search.${tryInstead([
        used.words && 'use fewer or other words',
        used.filters && 'remove a filter',
        used.dates && 'widen the date range',
      ])}`,
    pastEnd: (last: number) => `The results end on page ${last}.`,
    toPage: (n: number) => `Go to page ${n}`,
    sort: 'Sort',
    sortRelevance: 'Best match',
    sortNewest: 'Recently published',
    // Titles are ordered as written in Swedish (the register's language); say so where the
    // English title is shown.
    sortTitle: 'Title A–Z (the Swedish title)',
    apply: 'Show',
    published: 'Published',
    publishedFrom: 'Published from (YYYY-MM-DD)',
    publishedTo: 'Published until (YYYY-MM-DD)',
    removeFilter: (label: string) => `Remove the filter ${label}`,
    chosenRemoves: '(selected: follow the link to remove it)',
    clearAll: 'Remove all filters',
    activeFilters: 'Chosen filters',
    previous: 'Previous page',
    next: 'Next page',
    page: (n: number) => `Page ${n}`,
    pagination: 'Pages',
    unavailable:
      'Search is not working right now. Please try again shortly. You can also browse the departments.',
    errors: 'The search could not be made',
    errorsLeftOut: 'We searched without what is wrong below',
    facet: {
      kind: 'Kind',
      department: 'Department',
      principle: 'Principle',
      lifecycle: 'Stage',
      riskClass: 'Risk class',
      personalData: 'Personal data',
      hasOpenConcerns: 'Open questions from residents',
    },
    yes: 'Yes',
    no: 'No',
    badQuery: 'Search words may be at most 200 characters.',
    badQueryText:
      'The search words contain an invisible character that is not allowed (it can come along when text is copied from elsewhere). Write the search words again.',
    badValue: (label: string) => `${label}: there is no such value. Choose one of the options.`,
    badDate: (label: string) => `${label}: write the date as YYYY-MM-DD, for example 2025-03-31.`,
    noSuchDate: (label: string, value: string, fault: DateFault) =>
      `${label}: ${value} is not a date: ${
        fault.part === 'year'
          ? 'the year must be from 0001 to 9999'
          : fault.part === 'month'
            ? `there is no month ${fault.month}`
            : `${monthName('en-GB', fault.month)} ${fault.year} has ${fault.days} days`
      }.`,
    badRange: '“Published until” must be the same day as “Published from” or later.',
    badPage: 'The page number must be a whole number, 1 or more.',
    badSort: 'There is no such order. Choose one of the options.',
    tooManyValues: (label: string) => `${label}: choose at most 20 values.`,
  },
  entry: {
    kindOf: 'Kind',
    department: 'Department',
    status: 'Status',
    version: (n: number) => `Version ${n}`,
    statusVersion: (status: string, n: number) => `${status}, version ${n}`,
    publishedOn: (date: string) => `Published ${date}`,
    firstPublished: 'First published',
    lastChanged: 'Last changed',
    retired: (date: string) => `Retired ${date}`,
    retiredReason: 'Why it was retired',
    retiredFields: 'The details below are as they stood when the entry was retired.',
    contents: 'On this page',
    notTranslated: 'This text is in Swedish only.',
    sections: {
      about: 'What it is and why',
      responsible: 'Who is responsible',
      legal: 'Legal basis',
      data: 'Data and personal data',
      details: 'How it works',
      oversight: 'Human oversight and how to object',
      nonDiscrimination: 'Non-discrimination and bias assessment',
      risks: 'Risks',
      principles: 'Principles',
      related: 'Related entries',
      withheld: 'Information not shown',
      review: 'Review',
      history: 'Versions',
      concerns: 'Questions and objections',
    },
    noValue: 'Not given.',
    yes: 'Yes',
    no: 'No',
    onMap: 'Shown on the map',
    openMap: 'Open the map',
    withheldIntro:
      'Some information is not shown, under the Public Access to Information and Secrecy Act or another law. This says which, and why.',
    withheldField: 'Information',
    withheldGround: 'Legal ground',
    withheldUntil: 'Withheld up to and including',
    withheldForGood: 'No end date',
    noWithheld: 'All information in the entry is shown.',
    overdueTag: 'Review overdue',
    reviewDue: 'To be reviewed by',
    reviewOverdue: 'The review is overdue: the entry should have been reviewed again, and has not.',
    reviewOnTime: 'The entry is reviewed on time.',
    noReviewDate: 'No review date is set.',
    relationTypes: {
      USES_DATASET: { out: 'Uses the dataset', in: 'Used by' },
      FED_BY_DEPLOYMENT: { out: 'Gets data from the sensors', in: 'Sends data to' },
      PRODUCES_DATASET: { out: 'Produces the dataset', in: 'Produced by' },
      PART_OF: { out: 'Is part of', in: 'Includes' },
    },
    noRelated: 'No related entries.',
    noPrinciples: 'No principles given.',
    historyIntro: 'Every published version is kept.',
    compareIntro: 'Choose two versions to see what changed.',
    versionPublished: (n: number, date: string) => `Version ${n}, published ${date}`,
    changeNote: 'Change note',
    compare: 'Compare versions',
    from: 'From version',
    to: 'To version',
    showChanges: 'Show changes',
    concernsComing:
      'Soon you can ask a question or object to this entry here. Until then, contact the department.',
    noConcernAnswers: 'No answered questions yet.',
    noOlderConcernAnswers: 'No older answered questions.',
    questionNotPublished: 'The question is not published.',
    concernRejected: 'Rejected:',
    concernQuestion: 'Question:',
    originalSummary: 'Summary in Swedish',
    concernAnswer: 'Answer:',
    concernAnsweredOn: 'Answered',
    concernEarlierAnswer: 'Earlier answer (the question has been reopened):',
    concernAmendedAnswer: 'Earlier wording (the answer has been amended):',
    concernAmended: 'amended',
    permalink: 'Permanent link',
    olderAnswers: 'Older answers',
    answersTitle: (title: string) => `Answers to questions about ${title}`,
    backToEntry: 'Back to the entry',
    badAnswersPage:
      'That list of answers does not exist (the link may be old). Start from the entry’s page.',
  },
  diff: {
    title: (title: string) => `Changes to ${title}`,
    between: (from: number, to: number) => `From version ${from} to version ${to}`,
    field: 'Information',
    before: 'Before',
    after: 'After',
    none: 'The versions are the same in everything shown.',
    empty: '(empty)',
    /** A value withheld from the public in that version: not empty, not shown. */
    withheld: '(not shown)',
    partlyWithheld: 'Parts of it are not shown.',
    back: 'Back to the entry',
    badVersions: 'Choose two versions that exist, as numbers (for example 1 and 2).',
  },
  department: {
    title: (name: string) => name,
    intro:
      'Entries the department has published and not retired, in the alphabetical order of their Swedish titles (search finds the retired ones too).',
    list: 'Departments',
    listIntro: 'The city’s departments, each with the entries it has published.',
    feed: 'Changes from the department (Atom feed)',
    entries: 'Entries',
    searchIn: 'Search the department’s entries',
    more: 'More entries',
    none: 'The department has no published entries.',
  },
  principle: {
    title: (name: string) => `Principle: ${name}`,
    intro:
      'Entries that touch the principle, with the department’s rationale; retired entries are not listed (search finds them too).',
    feed: 'Changes to entries that touch the principle (Atom feed)',
    none: 'No published entries touch the principle yet.',
    rationale: 'Rationale',
  },
  map: {
    title: 'Map of the city’s sensors',
    intro:
      'The map shows where the city has sensors, such as cameras and air quality meters. The list below the map has the same information.',
    svgTitle: 'Sensors and areas on the map',
    svgDescription: (points: number, areas: number) =>
      `The map shows ${
        points && areas
          ? `${counted(points, 'place', 'places')} and ${counted(areas, 'area', 'areas')}`
          : areas
            ? counted(areas, 'area', 'areas')
            : points
              ? counted(points, 'place', 'places')
              : 'no places'
      }. The list below the map has the same content.`,
    list: 'All places as a list',
    download: 'Download as GeoJSON',
    downloadHint: 'GeoJSON is an open file format for map data.',
    point: 'Place',
    area: 'Area',
    coordinates: (lat: string, lon: string) => `Latitude ${lat}, longitude ${lon}`,
    none: 'No sensors with a published place.',
    interactive: 'You can drag and zoom the map.',
    zoomIn: 'Zoom in',
    zoomOut: 'Zoom out',
    closePopup: 'Close',
    hidden: 'Places covered by secrecy are not shown.',
    truncated: (limit: string) =>
      `The map shows only the first ${limit} sensors, by title, and so does its GeoJSON.`,
    fullExport: 'All sensors as GeoJSON (the open data export)',
  },
  openData: {
    title: 'Open data',
    intro:
      'Everything published in the register is open data. Here it is in machine-readable form, for anyone who wants to build on it.',
    graphql: 'GraphQL API',
    graphqlText:
      'An API to fetch and search entries. The same rules about what is shown apply as on this website.',
    schema: 'The API schema (schema.gql)',
    schemaText: 'Describes every type and field of the API.',
    feeds: 'Atom feeds',
    feedsText:
      'Follow new and changed entries in a feed reader: the whole register, a department or a principle.',
    wholeRegister: 'The whole register',
    geojson: 'Places of the sensors (GeoJSON)',
    exports: 'Export of the whole register',
    exportsText:
      'The whole register as files, up to date as soon as something is published: for spreadsheets, for programs, and in the standards ATRS, AlgoSTD, the Dutch algorithm register, DCAT-AP and GeoJSON.',
    exportFiles: {
      json: 'Every published entry as JSON: identity, version, department and the published content.',
      csv: 'Every published entry as a table, one row each, for spreadsheets.',
      history: 'Every published entry with each of its published versions, oldest first.',
      atrs: 'The algorithms as records of the UK Algorithmic Transparency Recording Standard (ATRS) v3.0.',
      algostd:
        'The algorithms as records of the Eurocities Algorithmic Transparency Standard (AlgoSTD) v0.3.1.',
      nl: 'The algorithms as records of the Dutch algorithm register’s publication standard v1.0.',
      'dcat-ap': 'The datasets as a DCAT-AP 3.0.1 catalogue (JSON-LD).',
      geojson: 'The sensors’ places and areas (GeoJSON).',
      gaps: 'For each entry and each standard of its kind: what the standard asks for that the entry does not fill in, and what is not public.',
    },
    exportsColumns: 'What each column of entries.csv holds',
    exportsList: 'The list of files, for programs (JSON)',
    exportsCsvFormula:
      'In entries.csv, a text that begins with =, +, -, @ or a tab (a phone number such as +46 8 …) starts with an apostrophe. A spreadsheet then shows it as text and never runs it as a formula. Remove the apostrophe if you read the file with a program of your own; entries.json has every text exactly as it was written.',
    licence: 'The data may be reused freely.',
    chainHead: 'The audit log’s chain head',
    chainHeadIntro:
      'Every change to the register is recorded in an audit log in which each event seals the one before it with a SHA-256 hash.',
    chainHeadText: (day: string) =>
      `This was the newest hash when the day of ${day} began (UTC). Keep it: anyone holding it can later check that the history before it was not rewritten.`,
    chainHeadEmpty: (day: string) =>
      `Nothing had been recorded in the log when the day of ${day} began (UTC).`,
    chainHeadEvent: 'Event',
    chainHeadHash: 'Hash (SHA-256)',
    chainHeadOccurred: 'Recorded',
    chainHeadJson: 'The same chain head as JSON',
  },
  accessibility: {
    title: 'Accessibility statement',
    intro: (organisation: string) =>
      `${organisation} runs Insyn, the register on this website. We want everyone to be able to use it, whatever their disability or assistive technology. This statement says how the website meets the Swedish law on accessibility to digital public services (the DOS law, which implements EU directive 2016/2102), which shortcomings we know of, and how to tell us about a problem.`,
    statusTitle: 'How accessible is the website?',
    status:
      'The website is partially compliant with the law on accessibility to digital public services, because of the shortcomings below.',
    knownTitle: 'Shortcomings we know of',
    known: [
      "The entries' texts are written by the departments. They may contain technical terms and long sentences.",
      'Some entries are in Swedish only. The English page then shows the Swedish text, marked as Swedish so that a screen reader reads it correctly.',
      'The website has not been reviewed by hand with screen readers and magnifiers. Automated checks find only some of the problems there may be.',
      'The GraphQL explorer for developers (the link “GraphQL API for developers” at the foot of every page) is a third-party tool. It is in English only and needs JavaScript. It has known shortcomings: the fields for the query, the variables and the answer have no names a screen reader can read out, and some text, the colours of the code among it, has too little contrast. The same API can be used without the explorer: send queries by POST to /graphql and read the schema at /schema.gql (see Open data).',
    ],
    map: 'The map of sensors is a picture. The list below the map gives the same sensors and places as text, and the map works without JavaScript.',
    feedbackTitle: 'Tell us about a problem',
    feedback:
      'If you meet a problem that is not listed here, or need content in another form, we want to know.',
    feedbackLink: 'Give feedback on accessibility',
    feedbackByAddress: 'Write to',
    feedbackNone: (organisation: string) => `Contact ${organisation}.`,
    supervisionTitle: 'Supervision',
    supervision:
      'The Agency for Digital Government (Digg) supervises the law. If you are not satisfied with how we handle your feedback, you can report it to Digg.',
    supervisionLink: 'Report a lack of accessibility to Digg (in Swedish)',
    methodTitle: 'How we assessed the website',
    method:
      'Self-assessment. Every change to Insyn is tested automatically: axe-core checks every kind of page in Swedish and English against its rules for WCAG 2.1 levels A and AA, the main pages are tried at a width of 320 pixels, and the way to the content is tried with the keyboard. Every page works without JavaScript, except the GraphQL explorer. The explorer is not part of the automated checks.',
    assessed: (day: string) => `The assessment was made on ${day}.`,
    updated: (day: string) => `This statement was last updated on ${day}.`,
  },
  privacy: {
    title: 'Personal data and cookies',
    controller: (organisation: string) =>
      `${organisation} is the controller of the personal data kept in Insyn.`,
    readingTitle: 'When you read and search',
    reading:
      'You can read and search the register without giving any information about yourself. Like every web server, ours sees your IP address. It is used to limit the number of requests from one address, and is then kept only in a transformed form that cannot be read back, until the time window ends. The log keeps the address only when the server refuses a malformed request.',
    tiles: (origin: string) =>
      `The map you can drag loads its background images from ${origin}, which then sees your IP address. Without JavaScript no images are loaded from there.`,
    concernsTitle: 'When you ask about an entry',
    concerns:
      'We keep your text, the choices you make and, if you want the answer by e-mail, your e-mail address. The purpose is that the department responsible for the entry can answer you. The legal basis is a task carried out in the public interest (Article 6(1)(e) of the General Data Protection Regulation).',
    concernsEmail: (days: number) =>
      `Only the department sees your e-mail address. It is stored encrypted and erased ${days} days after the question was answered, closed or rejected. It is never shown on the website, in search or in the open data.`,
    concernsText:
      'Your text is published only if you ticked that it may be. Do not write sensitive information about yourself. Questions to the city may become official documents under the Swedish principle of public access to information.',
    concernsErase:
      'With the code to erase the question, which you were given when you sent it, you can erase your text and your e-mail address yourself at any time.',
    eraseLink: 'Erase a question',
    rightsTitle: 'Your rights',
    rights:
      'You have the right to know which information about you we process, to have errors corrected, and to ask for information to be erased or its processing restricted. You can also object to the processing.',
    contact: 'Contact our data protection officer',
    contactByAddress: 'The data protection officer can be reached at',
    contactNone: (organisation: string) =>
      `Contact ${organisation} and ask for the data protection officer.`,
    complaint: 'If you think we process your data wrongly, you can complain to',
    complaintLink: 'the Swedish Authority for Privacy Protection (IMY)',
    cookiesTitle: 'Cookies',
    cookies:
      'The website uses no cookies for statistics, advertising or tracking, and no tools from anyone else. Two cookies are needed for the forms, and are set only when you open or send one:',
    cookieCsrf:
      'protects the forms against submissions from other websites. It is gone when you close the browser.',
    cookieSent:
      'keeps the same question from being sent twice, for example when you press Send again. It lasts one hour.',
  },
  errors: {
    notFoundTitle: 'Page not found',
    notFound:
      'We cannot find the page. It may have moved, or the address may be misspelt. Search the register or go to the home page.',
    badRequestTitle: 'Something in the address is not right',
    errorSummary: 'There is a problem',
    unavailableTitle: 'The service is not available right now',
    unavailable: 'Please try again shortly.',
    internalTitle: 'Something went wrong',
    internal: 'Something went wrong on our side. Please try again shortly.',
    tooManyRequestsTitle: 'Too many requests',
    tooManyRequests: (seconds: number) =>
      `Too many requests have come from your address, perhaps from many people on the same network (a school or a library). Try again in ${counted(seconds, 'second', 'seconds')}.`,
    tooLargeTitle: 'The text is too long',
    tooLarge:
      'What you sent is longer than the register can take. Go back (your browser’s back button keeps what you wrote), shorten the text and send it again.',
    unreadableFormTitle: 'The form could not be read',
    unreadableForm:
      'What was sent could not be read. Go back, reload the page and send the form again.',
    badAddressTitle: 'The address is not valid',
    badAddress:
      'The address has characters that do not belong in a web address (perhaps it was cut off or copied wrongly). Start from the home page, or check the link you followed.',
    methodNotAllowedTitle: 'This cannot be done here',
    methodNotAllowed: 'This address cannot be used that way. Go back, or start from the home page.',
  },
  concerns: {
    fileLink: 'Ask a question or object to this entry',
    counts: (open: number, answered: number) => `Open questions: ${open}. Answered: ${answered}.`,
    trackLink: 'Follow a question you have sent',
    formTitle: (title: string) => `Question or objection about ${title}`,
    formIntro:
      'You can stay anonymous. The department responsible for the entry answers. You get a code to follow your question.',
    privacyLink: 'How we handle what you send',
    principles: 'Which principles does it concern?',
    principlesHint: (max: number) => `Choose at least one and at most ${word(max)}.`,
    category: 'What is it about?',
    categories: {
      DISCRIMINATION: 'Discrimination',
      PRIVACY: 'Personal data and privacy',
      ACCURACY: 'Errors',
      TRANSPARENCY: 'Transparency',
      ACCESSIBILITY: 'Accessibility',
      OTHER: 'Other',
    } as Record<string, string>,
    text: 'Your question or objection',
    textHint: (max: number) =>
      `At most ${num(max)} characters. Do not write sensitive information about yourself.`,
    email: 'E-mail (optional)',
    emailHint: 'If you want the answer by e-mail. Only the department sees the address.',
    language: 'Language of the answer',
    languages: { sv: 'Swedish', en: 'English' } as Record<string, string>,
    consent: 'The answer and my text may be published on the entry (without name or e-mail)',
    send: 'Send',
    problems: {
      principleCodes: (max: number) => `Choose at least one and at most ${word(max)} principles.`,
      category: 'Choose what it is about.',
      text: (max: number) => `Write your question as plain text, at most ${num(max)} characters.`,
      textEmpty: 'Write your question or objection.',
      textTooLong: (length: number, max: number) =>
        `The text is ${num(length)} characters long. Shorten it to at most ${num(max)} characters.`,
      textControl: (char: string) =>
        `Your text contains the invisible control character ${char}. Remove it (copying text from elsewhere, a PDF say, can bring it along) and send again.`,
      textDirection: (char: string) =>
        `Your text contains the invisible character ${char}, which changes the direction of the text around it so that it shows otherwise than it reads. Remove it (copying text from elsewhere can bring it along) and send again.`,
      contactEmail: 'Enter an e-mail address like name@example.com, or leave the field empty.',
      contactEmailInvisible: (codePoint: string, position: number) =>
        `The e-mail address contains a character that does not show (${codePoint}, character ${num(position)} of the address). Type the address again by hand, or leave the field empty.`,
      contactEmailControl: (codePoint: string, position: number) =>
        `The e-mail address contains an invisible control character (${codePoint}, character ${num(position)} of the address). Type the address again by hand, or leave the field empty.`,
      contactEmailMixedScripts: (first: string, second: string) =>
        `The part of the e-mail address after @ mixes letters of different alphabets (${EN_SCRIPTS[first] ?? first} and ${EN_SCRIPTS[second] ?? second}), so it can look like another address. Check the address and type it again, or leave the field empty.`,
      language: 'Choose Swedish or English.',
    },
    closedTitle: 'This entry takes no questions',
    closed:
      'The entry is retired and no longer takes new questions. Answers to earlier questions remain on its page.',
    closedOnEntry:
      'The entry is retired and no longer takes new questions. Answers to earlier questions are below.',
    expired:
      'The form had expired. Nothing has been saved yet. What you wrote is still below: check it and send it again.',
    forbiddenTitle: 'The form could not be sent',
    forbidden:
      'The form has expired or did not come from this website. Nothing was saved. Open the form again and send it again.',
    tooManyTitle: 'Too many attempts',
    tooManyKept: (seconds: number) =>
      `Too many questions have come from your address: this one was not sent. What you wrote is still below; send it again in ${counted(Math.ceil(seconds / 60), 'minute', 'minutes')}.`,
    tooMany: (seconds: number) =>
      `Too many attempts have come from your address, so the code has not been tried. It is still below: send it again in ${counted(Math.ceil(seconds / 60), 'minute', 'minutes')}.`,
    receiptTitle: 'Thank you, your question has been sent',
    receiptIntro: 'Save the codes now. They are shown only this once and we cannot retrieve them.',
    trackingCode: 'Code to follow the question',
    erasureCode: 'Code to erase the question',
    erasureHint: 'With this code you can erase your text and e-mail address.',
    trackTitle: 'Follow your question',
    code: 'Code',
    codeHint: 'The code you got when you sent the question, for example ABCDE-12345-…',
    show: 'Show',
    notFound: 'There is no question with that code. Check the code and try again.',
    notACode: (fault: ConcernCodeFault) =>
      fault.kind === 'char'
        ? `The code contains ${shownChar(fault.char, 'en')} (character ${num(fault.position)}), which no code has: a code has only digits, hyphens and the letters A–Z except U. Check the code and try again.`
        : fault.kind === 'length'
          ? `A code has 25 letters and digits, like ABCDE-12345-…; this one has ${num(fault.length)}. Check the code and try again.`
          : 'This is too long to be a code: a code has 25 letters and digits, like ABCDE-12345-…. Check the code and try again.',
    codeMissing: 'Enter the code you got when you sent the question.',
    notFoundErasureCode:
      'This is the code for erasing the question. To follow the question, enter the other code: the code for following it.',
    status: 'Status',
    statuses: {
      RECEIVED: 'Received',
      ACKNOWLEDGED: 'Acknowledged',
      UNDER_REVIEW: 'Under review',
      ANSWERED: 'Answered',
      CLOSED: 'Closed',
      REJECTED: 'Rejected',
    } as Record<string, string>,
    filedAt: 'Sent',
    answeredAt: 'Answered',
    answerAmendedAt: 'Amended',
    answer: 'Answer',
    reason: 'Reason',
    earlierAnswer: 'Earlier answer,',
    earlierAnswerNote:
      'The question was reopened after this answer, so it is no longer the department’s answer.',
    earlierAnswerAmendedNote:
      'The department amended this answer, so this wording is no longer its answer.',
    entry: 'About the entry',
    eraseLink: 'Erase a question you have sent',
    eraseTitle: 'Erase your question',
    eraseIntro:
      'The code to erase the question erases your text and your e-mail address, if you left one. The department’s answer stays, and the code to follow the question still works. Erasing cannot be undone.',
    erasureCodeHint:
      'The code to erase, which you were given when you sent the question (not the code to follow it).',
    erase: 'Erase',
    eraseNotFoundTrackingCode:
      'This is the code for following the question. Erasing it needs the other code: the code for erasing the question. Nothing was erased.',
    eraseCodeMissing: 'Enter the code for erasing the question, which you got when you sent it.',
    eraseNotFound:
      'There is no question that can be erased with that code. Check the code and try again.',
    eraseExpired:
      'The form had expired. Nothing has been erased yet. The code is still below: send it again.',
    trackExpired:
      'The form had expired. Nothing has been looked up yet. The code is still below: send it again.',
    trackForbidden:
      'The form did not come from this website. Nothing was looked up. Open the page “Follow your question” on this website and send your code there.',
    eraseForbidden:
      'The form has expired or did not come from this website. Nothing was erased. Open the form again and send it again.',
    erasedTitle: 'Your question has been erased',
    erased:
      'Your text and your e-mail address have been erased. The department’s answer stays, and you can still follow the question with your code.',
    erasedAt: 'Erased',
    trackErased: 'Your text and your e-mail address (if you left one) were erased at your request.',
    erasedSubmissionTitle: 'This question was erased at your request',
    erasedSubmission:
      'You sent the form of a question that you have already had erased. It has not been sent again, and nothing you wrote has been saved. To ask it again, write it in a new form.',
    expiredSubmissionTitle: 'This form was sent over an hour ago',
    expiredSubmission:
      'The question in it was received then, and its codes were shown once. They are not shown again, so that no one who uses this computer after you can see them. Follow the question with the code to follow it, which you kept. To ask something new, write it in a new form.',
    writeAnew: 'Write a new question about the entry',
  },
  feed: {
    title: (scope: string) => `Insyn: ${scope}`,
    whole: 'the whole register',
    subtitle: 'Published and changed entries',
    retired: 'Retired',
  },
  dates: { locale: 'en-GB' },
};
