import { algostdFields } from '../mappers/algostd.mapper';
import { ATRS_KEYS } from '../mappers/atrs.mapper';
import { nlFields } from '../mappers/nl-algoritmeregister.mapper';
import type { JsonRecord } from './import-format';

/** The standards imported from JSON, as `--format` names them. */
export type JsonStandard = 'algostd' | 'nl' | 'atrs';

const NAMES: Record<JsonStandard, string> = {
  algostd: 'AlgoSTD',
  nl: 'Dutch algorithm register',
  atrs: 'ATRS',
};

/** Records looked at to tell the standard: a file of one standard says so in its first ones. */
const SAMPLE = 50;

/**
 * Each standard's own keys: those of its records that neither other standard's records have
 * (`name` and `description` are everyone's). The settings only fill values in.
 */
const OWN_KEYS: Record<JsonStandard, ReadonlySet<string>> = (() => {
  const none = { publicUrl: '', organisationName: '' };
  const keys: Record<JsonStandard, string[]> = {
    algostd: ['uuid', ...algostdFields(none).map((f) => f.name)],
    nl: ['source_id', ...nlFields(none).map((f) => f.name)],
    atrs: ['id', ...ATRS_KEYS],
  };
  const own = (standard: JsonStandard) =>
    new Set(
      keys[standard].filter((key) =>
        (Object.keys(keys) as JsonStandard[]).every(
          (o) => o === standard || !keys[o].includes(key),
        ),
      ),
    );
  return { algostd: own('algostd'), nl: own('nl'), atrs: own('atrs') };
})();

/**
 * A file of one standard's records given as another's (AlgoSTD records to `--format nl`): said
 * once for the file, naming the format it looks like, rather than as every record failing. Null
 * when one of the first records has a key of the standard asked for, or none looks like another.
 */
export function otherStandardProblem(items: JsonRecord[], asked: JsonStandard): string | null {
  const sample = items.slice(0, SAMPLE).filter((item) => !item.refused);
  if (!sample.length) return null;
  const keysOf = (standard: JsonStandard) =>
    new Set(
      sample.flatMap(({ record }) => Object.keys(record).filter((k) => OWN_KEYS[standard].has(k))),
    );
  if (keysOf(asked).size) return null;
  const others = (Object.keys(NAMES) as JsonStandard[])
    .filter((standard) => standard !== asked)
    .map((standard) => ({ standard, keys: [...keysOf(standard)] }))
    .filter((other) => other.keys.length)
    .sort((a, b) => b.keys.length - a.keys.length);
  if (!others.length) return null;
  const [{ standard, keys }] = others;
  const named = keys
    .slice(0, 3)
    .map((k) => `"${k}"`)
    .join(', ');
  return `the file looks like ${NAMES[standard]} records, not ${NAMES[asked]} ones (its records have ${named}, and no key that only ${NAMES[asked]} records have): import it with --format ${standard}`;
}

/** `otherStandardProblem` as the file's failure (nothing of it imported). */
export function refuseOtherStandard(items: JsonRecord[], asked: JsonStandard): void {
  const problem = otherStandardProblem(items, asked);
  if (problem) throw new Error(problem);
}
