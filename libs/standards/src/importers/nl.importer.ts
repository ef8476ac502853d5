import { EntryKind } from '@insyn/registry';
import { nlFields, nlSchemaProblems } from '../mappers/nl-algoritmeregister.mapper';
import { StandardsSettings } from '../standards-settings';
import {
  applyTwoWayFields,
  carriedPaths,
  ImportFormat,
  jsonRecords,
  refusedItem,
  ParsedRecord,
  sourceIdOf,
  withheldOf,
} from './import-format';
import { refuseOtherStandard } from './file-standard';

/**
 * Records of the Dutch algorithm register publication standard v1.0 (JSON) into algorithm
 * drafts. Each record must first validate against the standard's JSON Schema. The source id is
 * its `source_id` (an Insyn export's entry id).
 */
export function nlImport(settings: StandardsSettings): ImportFormat {
  const fields = nlFields(settings);
  return {
    name: 'nl',
    description: 'Algoritmeregister Publicatiestandaard v1.0 (JSON)',
    carries: carriedPaths(fields),
    async read(path) {
      const items = await jsonRecords(path);
      refuseOtherStandard(items, 'nl');
      async function* records(): AsyncGenerator<ParsedRecord> {
        for (const [i, { record, envelope, refused }] of items.entries()) {
          if (refused) {
            yield refusedItem(i + 1, EntryKind.ALGORITHM, refused);
            continue;
          }
          const sourceId = sourceIdOf(record.source_id, envelope);
          const invalid = nlSchemaProblems(record).map((p) => `${p} (the standard’s JSON Schema)`);
          const { draft, problems } = invalid.length
            ? { draft: { content: {}, leftOut: [], notes: [] }, problems: invalid }
            : applyTwoWayFields(
                'the Dutch standard v1.0',
                fields,
                record,
                withheldOf(envelope),
                EntryKind.ALGORITHM,
                'source_id',
              );
          if (!sourceId)
            problems.push(
              'source_id: the record has no id, so it cannot be imported again without a duplicate',
            );
          yield {
            index: i + 1,
            sourceId,
            kind: EntryKind.ALGORITHM,
            content: draft.content,
            leftOut: draft.leftOut,
            notes: draft.notes,
            problems,
            raw: { record, withheld: envelope.withheld ?? null },
          };
        }
      }
      return { total: items.length, records: records() };
    },
  };
}
