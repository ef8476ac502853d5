import { AuditLog } from '@insyn/audit';
import {
  checkTokenKey,
  personInputProblems,
  PersonRef,
  resolveTokenKey,
  Role,
  tokenDepartmentProblem,
  tokenKeyPartlyLiveMessage,
  tokenKeyRefusal,
  TOKEN_MAX_LIFETIME_DAYS,
  TokensService,
} from '@insyn/access';
import { DomainError } from '@insyn/errors';
import { DepartmentsService, isEntryId } from '@insyn/registry';
import { CliCommand, CliValues, refuseBadUsage } from '../cli-command';
import { operatorLabel } from '../operator-label';
import { terminalText } from '../terminal-text';

const ROLES = Object.values(Role) as string[];
/** The service's field names as this command's options. */
const OPTION_OF: Record<string, string> = {
  personId: '--person-id',
  personName: '--person',
  personEmail: '--email',
  label: '--label',
  departmentId: '--department',
  expiresAt: '--expires-in-days',
};
const DAY_MS = 24 * 60 * 60_000;

/** The options the usage rules read. */
const given = (values: CliValues) => ({
  role: typeof values.role === 'string' ? values.role.toUpperCase() : '',
  slug: typeof values.department === 'string' ? values.department.trim() : undefined,
  name: typeof values.person === 'string' ? values.person : undefined,
  personId: typeof values['person-id'] === 'string' ? values['person-id'] : undefined,
  email: typeof values.email === 'string' ? values.email : undefined,
});

function usageProblem(values: CliValues): string | null {
  const { role, slug, name, personId, email } = given(values);
  if (!ROLES.includes(role)) return `--role must be one of ${ROLES.join(', ')}`;
  if (name !== undefined && personId !== undefined)
    return '--person and --person-id are both given: --person NAME makes a new person, --person-id ID names an existing one (see token:list); give one';
  if (name === undefined && personId === undefined)
    return '--person NAME (a new person) or --person-id ID (an existing one, see token:list) is required: whose token it is';
  if (email !== undefined && personId !== undefined)
    return '--email goes with --person (a new person), not with --person-id';
  if (personId !== undefined && !isEntryId(personId.trim()))
    return '--person-id must be a person id (a UUID, as token:list shows it)';
  // A blank or malformed name or e-mail is wrong in itself: refused before any server starts.
  if (name !== undefined) {
    const problems = personInputProblems(name.trim(), email?.trim() || null);
    if (problems.length)
      return problems
        .map((p) => `${p.field === 'name' ? '--person' : '--email'}: ${p.message}`)
        .join('; ');
  }
  const days = values['expires-in-days'];
  // Whole days only: "1.5", "7d" or "" are refused rather than read as something else.
  if (
    typeof days === 'string' &&
    !(/^\d+$/.test(days.trim()) && Number(days) >= 1 && Number(days) <= TOKEN_MAX_LIFETIME_DAYS)
  )
    return `--expires-in-days must be a whole number of days from 1 to ${TOKEN_MAX_LIFETIME_DAYS}`;
  const problem = tokenDepartmentProblem(role as Role, !!slug);
  return problem ? `--department: ${problem}` : null;
}

/**
 * Creates an API token for a person and prints it. The token alone is the last line of stdout,
 * so scripts can capture it:
 * `TOKEN=$(npm run -s cli -- token:create --role ADMIN --person "Ops" | tail -n 1)`.
 */
export const tokenCreateCommand: CliCommand = {
  name: 'token:create',
  usage:
    'token:create --role ROLE (--person NAME [--email E] | --person-id ID) [--label LABEL] [--department SLUG] [--expires-in-days N]   create an API token for a person (a new one by name, or an existing one by id; EDITOR needs --department; with --expires-in-days it stops working N days from now, 1 to 730); prints it once',
  options: {
    role: { type: 'string' },
    person: { type: 'string' },
    'person-id': { type: 'string' },
    email: { type: 'string' },
    label: { type: 'string' },
    department: { type: 'string' },
    'expires-in-days': { type: 'string' },
  },
  usageProblem,
  async run(values, { config, dataSource, print, log }) {
    refuseBadUsage(usageProblem(values));
    const { role, slug, name, personId, email } = given(values);
    const label = typeof values.label === 'string' ? values.label : undefined;
    const days = values['expires-in-days'];
    const expiresAt =
      typeof days === 'string' ? new Date(Date.now() + Number(days) * DAY_MS) : null;

    const audit = new AuditLog();
    let departmentId: string | null = null;
    if (slug) {
      const department = await new DepartmentsService(dataSource, audit).bySlug(slug);
      if (!department) throw new Error(`--department: there is no department "${slug}"`);
      departmentId = department.id;
    }
    const person: PersonRef =
      personId !== undefined ? { personId: personId.trim() } : { name: name!, email };
    const key = resolveTokenKey(config);
    // A token hashed with another key than the API's would be printed, and then refused.
    const keyCheck = await checkTokenKey(dataSource, key);
    if (!keyCheck.matches) throw new Error(tokenKeyRefusal(keyCheck));
    if (keyCheck.otherLiveKeys) log.warn(tokenKeyPartlyLiveMessage(keyCheck.otherLiveKeys));
    const tokens = new TokensService(dataSource, key, audit);
    let created;
    try {
      created = await tokens.create({
        label,
        person,
        role: role as Role,
        departmentId,
        expiresAt,
        createdBy: operatorLabel(),
      });
    } catch (error) {
      if (!(error instanceof DomainError) || !error.fields.length) throw error;
      throw new Error(
        error.fields.map((f) => `${OPTION_OF[f.field] ?? f.field}: ${f.message}`).join('; '),
      );
    }
    const { token, entity } = created;
    const until = entity.expiresAt ? `, expires ${entity.expiresAt.toISOString()}` : '';
    // The label as token:list shows it: a tab in it escaped, not sent to the terminal.
    print(
      `Created ${entity.role} token "${terminalText(entity.label)}" for person ${entity.personId}${slug ? ` in ${slug}` : ''} (id ${entity.id}${until}). It is shown once, on the next line:`,
    );
    print(token);
  },
};
