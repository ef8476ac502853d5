import { registerEnumType } from '@nestjs/graphql';
import {
  ConcernAnswerSupersession,
  ConcernCategory,
  ConcernLanguage,
  ConcernStatus,
} from '@insyn/concerns';

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

registerEnumType(ConcernAnswerSupersession, {
  name: 'ConcernAnswerSupersession',
  description: 'Why an earlier answer is no longer the concern’s answer.',
  valuesMap: {
    AMENDED: { description: 'The department amended it: a new wording replaced it.' },
    REOPENED: { description: 'The department reopened the concern after it.' },
  },
});

export { ConcernAnswerSupersession, ConcernCategory, ConcernLanguage, ConcernStatus };
