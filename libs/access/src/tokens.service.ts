import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { AuditAction, AuditLog } from '@insyn/audit';
import { prepared } from '@insyn/database';
import {
  BadInputError,
  characterCount,
  ConflictError,
  FieldProblem,
  isOneLine,
  NotFoundError,
  textProblem,
  UnauthenticatedError,
} from '@insyn/errors';
import { systemActor, TokenActor } from './actor';
import { ApiTokenEntity } from './api-token.entity';
import { personNameKey } from './person-name';
import { tokenDepartmentProblem } from './authorization';
import { lockPersonName, PersonRef, PersonsService } from './persons.service';
import { Role } from './role';
import { TOKEN_KEY } from './token-key';
import {
  generateTokenSecret,
  hashTokenSecret,
  isWellFormedToken,
  tokenDisplayPrefix,
} from './token-secret';

export const TOKEN_LABEL_MAX_LENGTH = 120;
/** The furthest end date a token may get: every credential is reviewed at least this often. */
export const TOKEN_MAX_LIFETIME_DAYS = 730;
const DAY_MS = 24 * 60 * 60_000;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A token id that cannot be one: the caller's mistake, and not repeated back. */
const TOKEN_ID_SHAPE = 'must be a token id (a UUID)';

/** The CLI's operator labels (`cli:<os user>`, or `cli`: apps/registry-cli/src/operator-label.ts), as keys. */
const OPERATOR = personNameKey('cli');
const OPERATOR_PREFIX = personNameKey('cli:');
/** The audit log's other actors that are no token: residents filing concerns, the demo seed. */
const SYSTEM_LABELS = new Set(['resident', 'demo-data'].map(personNameKey));

/**
 * Whether a token label would read in the audit log as the CLI's operator (`cli:root`): a token's
 * label is its events' actorLabel, and the import records its operator as `cli:<os user>`.
 * Compared by the person-name key (NFKC, invisible characters dropped, case and look-alike
 * letters folded), so `CLI:root`, fullwidth `ｃｌｉ：root` or a Cyrillic `с` are caught too.
 */
export function imitatesOperatorLabel(label: string): boolean {
  const key = personNameKey(label);
  return key === OPERATOR || key.startsWith(OPERATOR_PREFIX) || SYSTEM_LABELS.has(key);
}

const OPERATOR_LABEL_PROBLEM =
  'label must not be "cli", begin with "cli:", or be "resident" or "demo-data": that is how the audit log records the command line’s operator, residents and the demo data';

export interface CreateTokenInput {
  /** The token's name, recorded on every action; by default its person's name. */
  label?: string | null;
  /** Whose token it is: an existing person, or a new one by name. */
  person: PersonRef;
  role: Role;
  /** Required for EDITOR, forbidden for the other roles. */
  departmentId?: string | null;
  /**
   * When the token stops authenticating: in the future, at most TOKEN_MAX_LIFETIME_DAYS ahead;
   * null or absent for a token without an end date.
   */
  expiresAt?: Date | null;
  /** The admin creating it, or a system label (`cli:alice`, `demo-data`) for operator commands. */
  createdBy: TokenActor | string;
}

export interface CreatedToken {
  /** The secret: shown once, never stored. */
  token: string;
  entity: ApiTokenEntity;
}

const defaultLabelProblem: FieldProblem = {
  field: 'label',
  message:
    'label is needed: the person’s name, which a token is labelled with by default, is "cli", begins with "cli:", or is "resident" or "demo-data", which is how the audit log records the command line’s operator, residents and the demo data',
};

function asActor(by: TokenActor | string): TokenActor {
  return typeof by === 'string' ? systemActor(by) : by;
}

/**
 * Bearer API tokens: each the grant of one role to a person, created with a random secret stored
 * only as a keyed hash, authenticated on every request without caching (a revocation holds from
 * the next request), revoked, listed.
 * Outside Nest: `new TokensService(dataSource, resolveTokenKey(config), new AuditLog())`.
 */
/** Advisory lock id of admin token revocations (see revoke). */
const LAST_ADMIN_LOCK = 7_413_002;

@Injectable()
export class TokensService {
  private readonly persons: PersonsService;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(TOKEN_KEY) private readonly key: string,
    private readonly audit: AuditLog,
  ) {
    if (!key) throw new Error('TokensService needs a token key');
    this.persons = new PersonsService(dataSource, audit);
  }

  /**
   * Creates a token (and its person, when given by name) with their audit rows in one
   * transaction (the caller's, when given).
   */
  async create(input: CreateTokenInput, manager?: EntityManager): Promise<CreatedToken> {
    const givenLabel = input.label == null ? null : input.label.trim();
    const problems: FieldProblem[] = [];
    // The API's text rule, and one line: the label is printed and recorded on every action.
    const labelProblem =
      givenLabel === null
        ? undefined
        : (textProblem(givenLabel) ?? (isOneLine(givenLabel) ? undefined : 'must be one line'));
    if (labelProblem) problems.push({ field: 'label', message: `label ${labelProblem}` });
    // Recorded on every action: invisible characters or punctuation alone would name nobody.
    else if (givenLabel && !LETTER_OR_DIGIT.test(givenLabel))
      problems.push({ field: 'label', message: 'label must contain a letter or a digit' });
    else if (
      givenLabel !== null &&
      (!givenLabel || characterCount(givenLabel) > TOKEN_LABEL_MAX_LENGTH)
    ) {
      problems.push({
        field: 'label',
        message: `label must be 1 to ${TOKEN_LABEL_MAX_LENGTH} characters`,
      });
    } else if (givenLabel !== null && imitatesOperatorLabel(givenLabel)) {
      problems.push({ field: 'label', message: OPERATOR_LABEL_PROBLEM });
    } else if (givenLabel === null && 'name' in input.person) {
      // Without a label the token takes its person's name: held to the same rule.
      if (imitatesOperatorLabel(input.person.name.trim())) problems.push(defaultLabelProblem);
    }
    if (!Object.values(Role).includes(input.role)) {
      problems.push({
        field: 'role',
        message: `role must be one of ${Object.values(Role).join(', ')}`,
      });
    }
    const departmentProblem = tokenDepartmentProblem(input.role, !!input.departmentId);
    if (departmentProblem) problems.push({ field: 'departmentId', message: departmentProblem });
    const expiryProblem = tokenExpiryProblem(input.expiresAt ?? null);
    if (expiryProblem) problems.push({ field: 'expiresAt', message: expiryProblem });
    if (problems.length) throw new BadInputError(problems);

    const actor = asActor(input.createdBy);
    const token = generateTokenSecret();
    const work = async (m: EntityManager): Promise<CreatedToken> => {
      const person = await this.persons.resolve(input.person, actor, m);
      // An existing person's name, taken as the label (a name given here was checked above).
      if (givenLabel === null && imitatesOperatorLabel(person.name)) {
        throw new BadInputError([defaultLabelProblem]);
      }
      // The label is the name on every action of the token: another person's name would put
      // that person's name on this one's actions (names are compared as persons' are; persons
      // made before a rule may share a key, and the token's own name is still its own).
      if (givenLabel !== null) {
        await lockPersonName(m, personNameKey(givenLabel));
        const namesakes = await this.persons.namesakes(givenLabel, m);
        if (namesakes.length && !namesakes.some((namesake) => namesake.id === person.id))
          throw new BadInputError([
            {
              field: 'label',
              message: `label is the name of another person (${namesakes[0].id}): a token is labelled with its own person's name, or with what it is for`,
            },
          ]);
      }
      const inserted = await m.insert(ApiTokenEntity, {
        label: givenLabel ?? person.name,
        personId: person.id,
        role: input.role,
        departmentId: input.departmentId ?? null,
        secretHash: hashTokenSecret(token, this.key),
        prefix: tokenDisplayPrefix(token),
        createdByLabel: actor.label,
        expiresAt: input.expiresAt ?? null,
      });
      const id = (inserted.identifiers[0] as { id: string }).id;
      const entity = await m.findOneByOrFail(ApiTokenEntity, { id });
      await this.audit.record(m, {
        action: AuditAction.TOKEN_CREATED,
        actor,
        departmentId: entity.departmentId,
        details: {
          tokenId: entity.id,
          label: entity.label,
          role: entity.role,
          prefix: entity.prefix,
          personId: person.id,
          // Only when it has one: the details of tokens without an end date stay as they were.
          ...(entity.expiresAt && { expiresAt: entity.expiresAt.toISOString() }),
        },
      });
      return { token, entity };
    };
    try {
      return await (manager ? work(manager) : this.dataSource.transaction(work));
    } catch (error) {
      if ((error as { code?: string }).code === '23503') {
        throw new BadInputError([{ field: 'departmentId', message: 'no such department' }]);
      }
      throw error;
    }
  }

  /**
   * The actor a bearer secret stands for. Malformed, unknown, revoked or expired →
   * UNAUTHENTICATED, with the same message for each so the answer tells nothing about which. The
   * actor carries the token's `expiresAt` when it has one (caches of the answer must not outlive
   * it). One SQL statement: the
   * lookup, and `last_used_at` written at most once a minute (the condition holds in SQL, so
   * concurrent requests write it once).
   */
  async authenticate(secret: string): Promise<TokenActor> {
    if (!isWellFormedToken(secret)) throw new UnauthenticatedError('Invalid API token');
    const [token] = (await this.dataSource.query(
      prepared(`WITH token AS (
         SELECT id, label, role, department_id, person_id, expires_at,
                -- The database's clock, as for revoked_at and last_used_at; never NULL (no end
                -- date), which NOT refused would read as refused.
                revoked_at IS NOT NULL OR coalesce(expires_at <= now(), false) AS refused
           FROM api_token WHERE secret_hash = $1
       ), used AS (
         UPDATE api_token SET last_used_at = now()
          WHERE id = (SELECT id FROM token WHERE NOT refused)
            AND (last_used_at IS NULL OR last_used_at <= now() - interval '1 minute')
       )
       SELECT id, label, role, department_id AS "departmentId", person_id AS "personId",
              expires_at AS "expiresAt", refused
         FROM token`),
      [hashTokenSecret(secret, this.key)],
    )) as {
      id: string;
      label: string;
      role: Role;
      departmentId: string | null;
      personId: string;
      expiresAt: Date | null;
      refused: boolean;
    }[];
    if (!token || token.refused) throw new UnauthenticatedError('Invalid API token');
    const actor: TokenActor = {
      kind: 'token',
      tokenId: token.id,
      personId: token.personId,
      label: token.label,
      role: token.role,
      departmentId: token.departmentId,
    };
    if (token.expiresAt) actor.expiresAt = token.expiresAt;
    return actor;
  }

  /**
   * Revokes a token from now on, with its audit row. An id that is no UUID → BAD_USER_INPUT,
   * unknown id → NOT_FOUND (field `id`); a token already revoked → CONFLICT (a revocation is
   * recorded once).
   */
  async revoke(
    id: string,
    by: TokenActor | string,
    manager?: EntityManager,
  ): Promise<ApiTokenEntity> {
    const actor = asActor(by);
    if (!UUID.test(id)) throw new BadInputError([{ field: 'id', message: TOKEN_ID_SHAPE }]);
    const work = async (m: EntityManager): Promise<ApiTokenEntity> => {
      const token = await m
        .getRepository(ApiTokenEntity)
        .createQueryBuilder('token')
        .where('token.id = :id', { id })
        .setLock('pessimistic_write')
        .getOne();
      if (!token) throw new NotFoundError('API token', 'id');
      if (token.revokedAt) {
        throw new ConflictError('This API token is already revoked', [
          { field: 'id', message: 'already revoked' },
        ]);
      }
      if (token.role === Role.ADMIN) {
        // One admin revocation at a time, so that two admins revoking each other's tokens cannot
        // both see the other's as still live.
        await m.query('SELECT pg_advisory_xact_lock($1)', [LAST_ADMIN_LOCK]);
        // An expired admin token administers nothing: it does not count as another.
        const others = await m
          .getRepository(ApiTokenEntity)
          .createQueryBuilder('t')
          .where('t.role = :role', { role: Role.ADMIN })
          .andWhere('t.revokedAt IS NULL')
          .andWhere('(t.expiresAt IS NULL OR t.expiresAt > now())')
          .andWhere('t.id <> :id', { id: token.id })
          .getCount();
        if (others === 0) {
          throw new ConflictError(
            'This is the last live ADMIN token: create another (npm run cli -- token:create --role ADMIN …) before revoking it, or no one could administer the registry without database access',
            [{ field: 'id', message: 'the last live ADMIN token' }],
          );
        }
      }
      // The revocation's time is its audit event's (the chain's place, taken after the locks).
      const slot = await this.audit.reserve(m);
      await m.update(ApiTokenEntity, { id }, { revokedAt: slot.at, revokedByLabel: actor.label });
      const revoked = await m.findOneByOrFail(ApiTokenEntity, { id });
      await this.audit.record(
        m,
        {
          action: AuditAction.TOKEN_REVOKED,
          actor,
          departmentId: token.departmentId,
          details: {
            tokenId: token.id,
            label: token.label,
            role: token.role,
            prefix: token.prefix,
            personId: token.personId,
          },
        },
        slot,
      );
      return revoked;
    };
    return manager ? work(manager) : this.dataSource.transaction(work);
  }

  /**
   * The actor of a live token named by id or by label, for operator commands that act as a
   * token's person (`cli import --token-label`). A label must name exactly one live token.
   */
  async actorOf(by: { id?: string; label?: string }): Promise<TokenActor> {
    const repository = this.dataSource.getRepository(ApiTokenEntity);
    let tokens: ApiTokenEntity[];
    if (by.id !== undefined) {
      if (!UUID.test(by.id)) throw new BadInputError([{ field: 'id', message: TOKEN_ID_SHAPE }]);
      tokens = await repository.findBy({ id: by.id });
    } else if (by.label !== undefined) {
      tokens = (await repository.findBy({ label: by.label, revokedAt: IsNull() })).filter(
        (t) => !isExpired(t),
      );
    } else {
      throw new BadInputError([{ field: 'token', message: 'name a token by id or by label' }]);
    }
    const what =
      by.id !== undefined ? `API token ${by.id}` : `A live API token labelled "${by.label}"`;
    if (!tokens.length) throw new NotFoundError(what, by.id !== undefined ? 'id' : 'label');
    if (tokens.length > 1)
      throw new ConflictError(
        `${tokens.length} live API tokens are labelled "${by.label}"; name one by id`,
      );
    const [token] = tokens;
    if (token.revokedAt) throw new ConflictError(`API token ${token.id} is revoked`);
    if (isExpired(token)) throw new ConflictError(`API token ${token.id} has expired`);
    return {
      kind: 'token',
      tokenId: token.id,
      label: token.label,
      role: token.role,
      departmentId: token.departmentId,
      personId: token.personId,
    };
  }

  /** Every token, newest first, revoked ones included (never a secret or its hash). */
  list(): Promise<ApiTokenEntity[]> {
    return this.dataSource
      .getRepository(ApiTokenEntity)
      .find({ order: { createdAt: 'DESC', id: 'ASC' } });
  }

  /** The tokens of these persons, oldest first, revoked ones included. */
  byPersonIds(personIds: readonly string[]): Promise<ApiTokenEntity[]> {
    const valid = personIds.filter((id) => UUID.test(id));
    if (!valid.length) return Promise.resolve([]);
    return this.dataSource
      .getRepository(ApiTokenEntity)
      .find({ where: { personId: In(valid) }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async byId(id: string): Promise<ApiTokenEntity | null> {
    if (!UUID.test(id)) return null;
    return this.dataSource.getRepository(ApiTokenEntity).findOneBy({ id });
  }
}

/** Whether a loaded token's end date has passed (by this process's clock). */
function isExpired(token: ApiTokenEntity): boolean {
  return token.expiresAt !== null && token.expiresAt.getTime() <= Date.now();
}

/**
 * What is wrong with a token's end date, or undefined: it must name an instant, in the future,
 * at most TOKEN_MAX_LIFETIME_DAYS ahead. Null (no end date) is fine.
 */
export function tokenExpiryProblem(expiresAt: Date | null, now = Date.now()): string | undefined {
  if (expiresAt === null) return undefined;
  if (!(expiresAt instanceof Date) || Number.isNaN(expiresAt.getTime()))
    return 'expiresAt must be a date and time';
  if (expiresAt.getTime() <= now) return 'expiresAt must be in the future';
  if (expiresAt.getTime() > now + TOKEN_MAX_LIFETIME_DAYS * DAY_MS)
    return `expiresAt must be at most ${TOKEN_MAX_LIFETIME_DAYS} days ahead`;
  return undefined;
}
