import { registerEnumType } from '@nestjs/graphql';
import { ConcernCategory, ConcernLanguage, ConcernStatus } from '@insyn/concerns';

registerEnumType(ConcernStatus, {
  name: 'ConcernStatus',
  description: 'Where a concern stands. RECEIVED, ACKNOWLEDGED and UNDER_REVIEW are open.',
  valuesMap: {
    REJECTED: { description: 'Not taken up; the reason is public.' },
    CLOSED: { description: 'Done; nothing more happens.' },
  },
});
registerEnumType(ConcernCategory, { name: 'ConcernCategory' });
registerEnumType(ConcernLanguage, {
  name: 'ConcernLanguage',
  description: 'The language of e-mail to the resident.',
});

export { ConcernCategory, ConcernLanguage, ConcernStatus };
