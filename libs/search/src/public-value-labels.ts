import {
  AccessRights,
  AiActClass,
  CATALOGUE_FIELDS,
  ContentLanguage,
  EntryContent,
  EntryKind,
  EntryStatus,
  EnumName,
  enumNameOf,
  enumValueLabel,
  LifecycleStage,
  PersonalDataLevel,
  valuesAt,
} from '@insyn/registry';

/**
 * Values left unnamed in search: a name that says what the entry is not would find it by the
 * very words of what it is not ("Inga personuppgifter" by "personuppgifter", "Not AI under the
 * AI Act" by "AI", "Används inte längre" by "används"). A translation's language says nothing of
 * the entry itself.
 */
const UNNAMED: Partial<Record<EnumName, readonly string[]>> = {
  PersonalDataLevel: [PersonalDataLevel.NONE],
  AiActClass: [AiActClass.NOT_AI],
  AccessRights: [AccessRights.NON_PUBLIC],
  LifecycleStage: [LifecycleStage.RETIRED],
  ContentLanguage: Object.values(ContentLanguage),
};

/** The catalogue's enum fields (and lists of enum values), with the name of their enum. */
export const ENUM_FIELDS: readonly { path: string; kinds: EntryKind[]; name: EnumName }[] =
  CATALOGUE_FIELDS.flatMap(({ path, field, kinds }) => {
    const values =
      field.type === 'enum'
        ? field.values
        : field.type === 'list' && field.of.type === 'enum'
          ? field.of.values
          : undefined;
    const name = values ? enumNameOf(values) : undefined;
    return name ? [{ path, kinds, name }] : [];
  });

/**
 * The names, in Swedish and then English, that the public pages give an entry's values: its kind
 * and status, and every enum value of its content (risk class, technique, sensor type, …), in
 * catalogue order, each once. `content` must be the public view's: a withheld value is not in it,
 * so it has no name here either.
 */
export function publicValueLabels(
  kind: EntryKind,
  status: EntryStatus.PUBLISHED | EntryStatus.RETIRED,
  content: EntryContent,
): string[] {
  const values: [EnumName, unknown][] = [
    ['EntryKind', kind],
    ['EntryStatus', status],
  ];
  for (const field of ENUM_FIELDS)
    if (field.kinds.includes(kind))
      for (const value of valuesAt(content, field.path).flat()) values.push([field.name, value]);
  const labels = new Set<string>();
  for (const [name, value] of values) {
    if (typeof value !== 'string' || UNNAMED[name]?.includes(value)) continue;
    const label = enumValueLabel(name, value);
    if (label) labels.add(label.sv).add(label.en);
  }
  return [...labels];
}
