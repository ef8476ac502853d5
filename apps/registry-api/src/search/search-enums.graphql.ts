import { registerEnumType } from '@nestjs/graphql';
import {
  PublicEntryStatus,
  SearchFacet,
  SearchSortDirection,
  SearchSortField,
} from '@insyn/search';
// The registry vocabularies (EntryKind, Theme, …) are registered once, by the entries API.
import '../entries/registry-enums.graphql';

registerEnumType(PublicEntryStatus, {
  name: 'PublicEntryStatus',
  description: 'What the public sees of an entry: published, or retired (still public).',
});
registerEnumType(SearchFacet, {
  name: 'SearchFacet',
  description: 'A field whose values `search` can count (facet distribution).',
});
registerEnumType(SearchSortField, { name: 'SearchSortField' });
registerEnumType(SearchSortDirection, { name: 'SearchSortDirection' });
