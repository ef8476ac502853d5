import { isEmail, ValidateBy } from 'class-validator';
import { contactEmailProblem } from '@insyn/concerns';

const EMAIL_OPTIONS = { allow_display_name: false, allow_ip_domain: false } as const;

/**
 * A resident's contact e-mail: an address by validator.js's rule and by the concerns service's
 * (`contactEmailProblem`: no character that does not show, no domain part mixing look-alike
 * scripts), with one message naming the field. The GraphQL input and the site's form both
 * validate `FileConcernInput`, before any throttle counts the filing.
 */
export const IsContactEmail = () =>
  ValidateBy({
    name: 'isContactEmail',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'string' && isEmail(value, EMAIL_OPTIONS) && !contactEmailProblem(value),
      defaultMessage: (args) => {
        const value: unknown = args?.value;
        const problem = typeof value === 'string' ? contactEmailProblem(value) : null;
        return `${args?.property} ${problem ?? 'must be an e-mail address'}`;
      },
    },
  });
