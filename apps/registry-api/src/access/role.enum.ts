import { registerEnumType } from '@nestjs/graphql';
import { Role } from '@insyn/access';

registerEnumType(Role, {
  name: 'Role',
  description: 'What an API token may do.',
  valuesMap: {
    EDITOR: { description: 'Drafts and submits the entries of one department.' },
    REVIEWER: { description: 'City-wide: publishes or returns what editors submitted.' },
    AUDITOR: { description: 'Reads everything, drafts included; writes nothing.' },
    ADMIN: { description: 'Manages departments and tokens; may also do the workflow (recorded).' },
  },
});

export { Role };
