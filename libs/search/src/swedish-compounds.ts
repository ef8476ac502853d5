import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The parts of Swedish compound words, so that a search finds a word inside a compound:
 * "skjuts" finds "Skolskjuts", "igenkänning" finds "ansiktsigenkänning". Meilisearch's tokenizer
 * (charabia) has a segmenter for German compounds but none for Swedish, and Swedish writes most
 * terms of the trade as one word.
 *
 * Which words may begin, continue and end a compound comes from the Swedish Hunspell dictionary
 * (LibreOffice's, `dictionary-sv`), which says so word by word with its compound flags:
 * `COMPOUNDBEGIN` (X) and `COMPOUNDMIDDLE` (U) on a stem (`trafik`, `ansikts`), or on the
 * joining form an affix rule makes of it (`kvalitet` → `kvalitets`), and `COMPOUNDEND` (Y) on a
 * stem, whose inflected forms (by the stem's suffix rules: `signal` → `signaler`) may end a
 * compound too.
 * A word is split only into such parts, each at least MIN_HEAD or MIN_TAIL letters long, the
 * longest first part first; a word the dictionary cannot build from parts is not split.
 */
export class SwedishCompounds {
  private static loaded: SwedishCompounds | undefined;

  /** The dictionary's data, read and indexed once per process (about 0.3 s, about 15 MB). */
  static shared(): SwedishCompounds {
    SwedishCompounds.loaded ??= SwedishCompounds.fromHunspell(
      readFileSync(join(DICTIONARY_FOLDER, 'index.aff'), 'utf8'),
      readFileSync(join(DICTIONARY_FOLDER, 'index.dic'), 'utf8'),
    );
    return SwedishCompounds.loaded;
  }

  /** From a Hunspell affix file and word list using the flags above (one character each). */
  static fromHunspell(aff: string, dic: string): SwedishCompounds {
    const suffixes = suffixRulesOf(aff);
    // The rules that make a joining form ("kvalitets" of "kvalitet"), by flag: few flags have one.
    const joiningRules = new Map<string, SuffixRule[]>();
    for (const [flag, rules] of suffixes) {
      const joins = rules.filter((rule) => rule.joins);
      if (joins.length) joiningRules.set(flag, joins);
    }
    const joining = new Set<string>();
    const endingStems = new Map<string, string>();
    // One stem a line, after a first line with their number: `stem` or `stem/FLAGS`.
    for (const line of dic.slice(dic.indexOf('\n') + 1).split('\n')) {
      const slash = line.indexOf('/');
      if (slash < 0) continue; // with no flags, it is neither a part nor inflected
      const stem = line.slice(0, slash);
      if (stem.length < MIN_HEAD || !WORD.test(stem)) continue;
      const flags = line.slice(slash + 1).trimEnd();
      if (flags.includes(BEGIN) || flags.includes(MIDDLE)) joining.add(stem);
      if (flags.includes(END)) {
        const earlier = endingStems.get(stem);
        endingStems.set(stem, earlier === undefined ? flags : earlier + flags);
      }
      for (const flag of flags)
        for (const rule of joiningRules.get(flag) ?? []) {
          if (!rule.applies(stem)) continue;
          const form = stem.slice(0, stem.length - rule.strip.length) + rule.add;
          if (form.length >= MIN_HEAD) joining.add(form);
        }
    }
    const inflections = new Map<string, SuffixRule[]>();
    for (const rules of suffixes.values())
      for (const rule of rules)
        if (!rule.joins) inflections.set(rule.add, [...(inflections.get(rule.add) ?? []), rule]);
    return new SwedishCompounds(joining, endingStems, inflections);
  }

  private readonly longestInflection: number;
  /** Words already split (an empty list: not a compound). */
  private readonly known = new Map<string, readonly string[]>();

  private constructor(
    /** Forms that may begin or continue a compound. */
    private readonly joining: ReadonlySet<string>,
    /** Stems that may end a compound, with all their flags. */
    private readonly endingStems: ReadonlyMap<string, string>,
    /** Inflection rules (no compound flags of their own) by the ending they add. */
    private readonly inflections: ReadonlyMap<string, SuffixRule[]>,
  ) {
    this.longestInflection = Math.max(0, ...[...inflections.keys()].map((add) => add.length));
  }

  /**
   * The parts of one lower-case word, first to last (`luftkvalitetssensorer` → `luft`,
   * `kvalitets`, `sensorer`), or an empty list when it is not a compound the dictionary knows.
   */
  partsOf(word: string): readonly string[] {
    if (word.length < MIN_HEAD + MIN_TAIL || word.length > MAX_WORD) return [];
    let parts = this.known.get(word);
    if (parts === undefined) {
      // A register repeats its words: remembered, a word costs a lookup (bounded: a batch of
      // documents in a language the dictionary does not know must not grow it for ever).
      if (this.known.size >= MAX_KNOWN_WORDS) this.known.clear();
      parts = this.split(word);
      this.known.set(word, parts);
    }
    return parts;
  }

  private split(word: string): string[] {
    // The parts of word.slice(from) as the depth-th part on, or null: each worked out once.
    const splits = new Map<number, string[] | null>();
    const splitFrom = (from: number, depth: number): string[] | null => {
      const key = from * (MAX_PARTS + 1) + depth;
      if (splits.has(key)) return splits.get(key)!;
      let found: string[] | null = null;
      for (let to = word.length - MIN_TAIL; to >= from + MIN_HEAD && !found; to--) {
        if (!this.joining.has(word.slice(from, to))) continue;
        const rest = word.slice(to);
        if (this.ends(rest)) found = [word.slice(from, to), rest];
        else if (depth < MAX_PARTS - 1) {
          const more = splitFrom(to, depth + 1);
          if (more) found = [word.slice(from, to), ...more];
        }
      }
      splits.set(key, found);
      return found;
    };
    return splitFrom(0, 1) ?? [];
  }

  /** Whether `tail` may end a compound: an ending stem, or one of its inflected forms. */
  private ends(tail: string): boolean {
    if (this.endingStems.has(tail)) return true;
    for (let length = 1; length <= Math.min(this.longestInflection, tail.length - 1); length++) {
      const rules = this.inflections.get(tail.slice(tail.length - length));
      if (!rules) continue;
      const base = tail.slice(0, tail.length - length);
      for (const rule of rules) {
        const stem = base + rule.strip;
        const flags = this.endingStems.get(stem);
        if (flags?.includes(rule.flag) && rule.applies(stem)) return true;
      }
    }
    return false;
  }
}

/**
 * The parts of the compound words in `texts`, each once, in the order first met: every part,
 * and every run of parts that ends the word (`kvalitetssensorer` of `luftkvalitetssensorer`),
 * so that a search for the end of a compound finds it. At most `limit` of them.
 */
export function compoundPartsOf(
  compounds: SwedishCompounds,
  texts: readonly string[],
  limit = MAX_PARTS_PER_DOCUMENT,
): string[] {
  const parts = new Set<string>();
  const seen = new Set<string>();
  for (const text of texts)
    for (const [word] of text.normalize('NFC').toLocaleLowerCase('sv').matchAll(LETTERS)) {
      if (seen.has(word)) continue;
      seen.add(word);
      const split = compounds.partsOf(word);
      for (let i = 0; i < split.length; i++) {
        parts.add(split[i]);
        if (i > 0 && i < split.length - 1) parts.add(split.slice(i).join(''));
      }
      if (parts.size >= limit) return [...parts].slice(0, limit);
    }
  return [...parts];
}

/** A part that begins or continues a compound has at least this many letters ("bil", "hem"). */
const MIN_HEAD = 3;
/** The last part has at least this many ("skjuts", not "era" of "kamera"). */
const MIN_TAIL = 4;
/** Longer words are not looked at: no Swedish term is, and the work grows with the length. */
const MAX_WORD = 60;
/** "data-skydds-förordningen" has three; Hunspell's Swedish rules stop at four. */
const MAX_PARTS = 4;
/** Words remembered at most (about 10 MB). */
const MAX_KNOWN_WORDS = 50_000;
/** A document keeps at most this many parts (its text's size is bounded anyway). */
const MAX_PARTS_PER_DOCUMENT = 300;

const BEGIN = 'X';
const MIDDLE = 'U';
const END = 'Y';
/** Stems of lower-case Swedish letters only (names, abbreviations and numbers are left out). */
const WORD = /^[a-zåäöéü]+$/;
const LETTERS = /\p{L}+/gu;

const DICTIONARY_FOLDER = dirname(require.resolve('dictionary-sv'));

interface SuffixRule {
  flag: string;
  /** What the rule removes from the stem's end, and what it adds. */
  strip: string;
  add: string;
  /** The form it makes may begin or continue a compound (its continuation flags say so). */
  joins: boolean;
  applies(stem: string): boolean;
}

/** `SFX <flag> <strip> <add>[/<flags>] <condition>` lines, by flag. */
function suffixRulesOf(aff: string): Map<string, SuffixRule[]> {
  const rules = new Map<string, SuffixRule[]>();
  for (const line of aff.split('\n')) {
    const [kind, flag, strip, addWithFlags, condition] = line.trim().split(/\s+/);
    if (kind !== 'SFX' || condition === undefined) continue;
    const [add, continuation = ''] = addWithFlags.split('/');
    const stripped = strip === '0' ? '' : strip;
    const ending = new RegExp(`${condition === '.' ? '' : condition}$`, 'u');
    rules.set(flag, [
      ...(rules.get(flag) ?? []),
      {
        flag,
        strip: stripped,
        add: add === '0' ? '' : add,
        joins: continuation.includes(BEGIN) || continuation.includes(MIDDLE),
        applies: (stem) => stem.endsWith(stripped) && ending.test(stem),
      },
    ]);
  }
  return rules;
}
