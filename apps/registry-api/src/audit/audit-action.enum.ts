import { registerEnumType } from '@nestjs/graphql';
import { AuditAction } from '@insyn/audit';

registerEnumType(AuditAction, {
  name: 'AuditAction',
  description: 'What an audit event records.',
  valuesMap: {
    ENTRY_IMPORTED: {
      description:
        'A draft was created (details.created) or updated from a record of another register (details.format, details.sourceId).',
    },
    ENTRY_SUBMISSION_WITHDRAWN: {
      description: 'Editors of the department took their submission back from review.',
    },
    ENTRY_DRAFT_DISCARDED: {
      description:
        'Editors of the department discarded a draft: a never-published entry was removed (details.entryRemoved; details.removedLinks lists the links removed with it, { fromEntryId toEntryId type }), or the pending version of a published entry was dropped.',
    },
    CONCERN_FILED: {
      description:
        'A resident filed a concern (details.concernId, details.status; never the text, the e-mail or the codes). actorRole RESIDENT, no token.',
    },
    CONCERN_ERASED: {
      description:
        'A resident erased their text and contact details with the erasure code (details.concernId, details.status). actorRole RESIDENT, no token.',
    },
    CONCERN_STATUS_CHANGED: {
      description:
        "A department moved a resident's concern to another status (details.concernId, details.status; never the text or e-mail).",
    },
    CONCERN_ANSWERED: {
      description:
        'A department answered a concern, or amended its answer (details.concernId, details.status).',
    },
    CONCERN_TEXT_PUBLICATION_CHANGED: {
      description:
        "A department marked a resident's text publishable or not (details.concernId, details.status, details.textPublishable).",
    },
  },
});

export { AuditAction };
