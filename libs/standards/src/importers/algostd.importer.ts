import { EntryKind } from '@insyn/registry';
import { algostdFields } from '../mappers/algostd.mapper';
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
 * Eurocities AlgoSTD v0.3.1 records (JSON: our export, a list of records, or one record) into
 * algorithm drafts. The source id is the record's `uuid` (an Insyn export's entry id).
 */
export function algostdImport(settings: StandardsSettings): ImportFormat {
  const fields = algostdFields(settings);
  return {
    name: 'algostd',
    description: 'Eurocities Algorithmic Transparency Standard v0.3.1 (JSON)',
    carries: carriedPaths(fields),
    async read(path) {
      const items = await jsonRecords(path);
      refuseOtherStandard(items, 'algostd');
      async function* records(): AsyncGenerator<ParsedRecord> {
        for (const [i, { record, envelope, refused }] of items.entries()) {
          if (refused) {
            yield refusedItem(i + 1, EntryKind.ALGORITHM, refused);
            continue;
          }
          const sourceId = sourceIdOf(record.uuid, envelope);
          const { draft, problems } = applyTwoWayFields(
            'AlgoSTD v0.3.1',
            fields,
            record,
            withheldOf(envelope),
            EntryKind.ALGORITHM,
            'uuid',
          );
          if (record.standard_version !== undefined && record.standard_version !== '0.3.1')
            problems.push(`standard_version: "${String(record.standard_version)}" is not 0.3.1`);
          if (!sourceId)
            problems.push(
              'uuid: the record has no id, so it cannot be imported again without a duplicate',
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
