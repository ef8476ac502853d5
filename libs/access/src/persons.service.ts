import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditAction, AuditLog } from '@insyn/audit';
import {
  BadInputError,
  ConflictError,
  characterCount,
  FieldProblem,
  isOneLine,
  textProblem,
} from '@insyn/errors';
import { systemActor, TokenActor } from './actor';
import { ApiTokenEntity } from './api-token.entity';
import { personNameKey } from './person-name';
import { PersonEntity } from './person.entity';

export const PERSON_NAME_MAX_LENGTH = 120;
export const PERSON_EMAIL_MAX_LENGTH = 254;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Fixed advisory lock id (with the name key's hash): one creation per name key at a time. */
/** Held while a name is given to a person or as a token's label: the two rules see each other. */
export const PERSON_NAME_LOCK = 7_270_030;

/** Whose token: an existing person by id, or a new person by name. */
export type PersonRef = { personId: string } | { name: string; email?: string | null };

export interface CreatePersonInput {
  name: string;
  email?: string | null;
}

/**
 * What is wrong with a new person's name and e-mail (trimmed; e-mail null when none), without
 * the database: the CLI refuses a malformed `--person` or `--email` with these before it starts
 * any server.
 */
export function personInputProblems(name: string, email: string | null): FieldProblem[] {
  const problems: FieldProblem[] = [];
  // The API's text rule; the CLI reaches this without the API in front of it.
  const nameProblem = textProblem(name) ?? (isOneLine(name) ? undefined : 'must be one line');
  const emailProblem = email === null ? undefined : textProblem(email);
  if (nameProblem) problems.push({ field: 'name', message: `name ${nameProblem}` });
  else if (!personNameKey(name) || characterCount(name) > PERSON_NAME_MAX_LENGTH) {
    problems.push({
      field: 'name',
      message: `a person's name must be 1 to ${PERSON_NAME_MAX_LENGTH} characters, not all blank`,
    });
  } else if (!/[\p{L}\p{N}]/u.test(name)) {
    // Punctuation alone names nobody, on every action of the person's tokens.
    problems.push({ field: 'name', message: 'name must contain a letter or a digit' });
  }
  if (emailProblem) problems.push({ field: 'email', message: `email ${emailProblem}` });
  else if (email !== null && (email.length > PERSON_EMAIL_MAX_LENGTH || !EMAIL.test(email))) {
    problems.push({ field: 'email', message: 'not an e-mail address' });
  }
  return problems;
}

/**
 * The persons tokens belong to. A name is taken once: creating a person whose name has the same
 * key (`personNameKey`: Unicode NFKC, whitespace collapsed, case and look-alike letters such as
 * Cyrillic `е` folded) as an existing person's is refused with the existing id, so that a second
 * token for the same person is not given to a namesake by mistake (which would let one person
 * round four eyes). Outside Nest: `new PersonsService(dataSource, new AuditLog())`.
 */
@Injectable()
export class PersonsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  /** Records a person, with its audit row, in the caller's transaction when given. */
  async create(
    input: CreatePersonInput,
    by: TokenActor | string,
    manager?: EntityManager,
  ): Promise<PersonEntity> {
    const name = input.name.trim();
    const nameKey = personNameKey(name);
    const email = input.email?.trim() || null;
    const problems = personInputProblems(name, email);
    if (problems.length) throw new BadInputError(problems);
    const actor = typeof by === 'string' ? systemActor(by) : by;
    const work = async (m: EntityManager): Promise<PersonEntity> => {
      // Held to commit: a concurrent creation of a namesake (in any process) waits, then sees
      // this one. Names with the same key take the same lock.
      await lockPersonName(m, nameKey);
      const [namesake] = await this.namesakes(name, m);
      if (namesake) {
        const alike =
          namesake.name === name
            ? ''
            : ` ("${name}" is the same name: names are compared ignoring case, spacing and look-alike letters)`;
        throw new ConflictError(
          `A person named "${namesake.name}" exists (id ${namesake.id})${alike}; give that id to add a token for them, or a name that tells them apart`,
          [{ field: 'name', message: `a person of this name exists: ${namesake.id}` }],
        );
      }
      // The reverse of the token label rule: a token of someone else labelled with this name
      // would put it, in the audit log, on actions this person did not do. (Revoked tokens too:
      // their actions stay in the log under their label.)
      const labelled = (
        await m.find(ApiTokenEntity, {
          select: { id: true, label: true },
          order: { createdAt: 'ASC' },
        })
      ).find((t) => personNameKey(t.label) === nameKey);
      if (labelled)
        throw new ConflictError(
          `A token of another person is labelled "${labelled.label}" (token ${labelled.id}): a person of that name would share it with that token's actions in the audit log; give a name that tells them apart`,
          [{ field: 'name', message: `a token of another person is labelled so: ${labelled.id}` }],
        );
      const inserted = await m.insert(PersonEntity, {
        name,
        nameKey,
        email,
        createdByLabel: actor.label,
      });
      const person = await m.findOneByOrFail(PersonEntity, {
        id: (inserted.identifiers[0] as { id: string }).id,
      });
      await this.audit.record(m, {
        action: AuditAction.PERSON_CREATED,
        actor,
        details: { personId: person.id, name: person.name },
      });
      return person;
    };
    return manager ? work(manager) : this.dataSource.transaction(work);
  }

  /**
   * The person a token is for: an existing one by id (unknown → BAD_USER_INPUT on `personId`),
   * or a new one by name (problems named `personName`, `personEmail`).
   */
  async resolve(ref: PersonRef, by: TokenActor | string, manager: EntityManager) {
    if ('personId' in ref) {
      const person = UUID.test(ref.personId)
        ? await manager.findOneBy(PersonEntity, { id: ref.personId })
        : null;
      if (!person) throw new BadInputError([{ field: 'personId', message: 'no such person' }]);
      return person;
    }
    try {
      return await this.create(ref, by, manager);
    } catch (error) {
      if (error instanceof BadInputError || error instanceof ConflictError) {
        const fields = error.fields.map((f) => ({
          ...f,
          field: f.field === 'name' ? 'personName' : 'personEmail',
        }));
        if (error instanceof BadInputError) throw new BadInputError(fields);
        throw new ConflictError(error.message, fields);
      }
      throw error;
    }
  }

  /**
   * The persons whose name has the key of `name` (personNameKey), oldest first: at most one,
   * but persons made before a rule of the key may share it.
   */
  namesakes(name: string, manager: EntityManager): Promise<PersonEntity[]> {
    return manager
      .getRepository(PersonEntity)
      .find({ where: { nameKey: personNameKey(name) }, order: { createdAt: 'ASC' } });
  }

  /** Every person, by name. */
  list(): Promise<PersonEntity[]> {
    return this.dataSource
      .getRepository(PersonEntity)
      .createQueryBuilder('person')
      .orderBy('lower(person.name)')
      .addOrderBy('person.createdAt')
      .getMany();
  }

  async byIds(ids: readonly string[]): Promise<PersonEntity[]> {
    const valid = ids.filter((id) => UUID.test(id));
    if (!valid.length) return [];
    return this.dataSource.getRepository(PersonEntity).findBy({ id: In(valid) });
  }
}

/**
 * Holds `nameKey` to commit: a person's creation and a token's labelling with the same name (in
 * any process) wait for each other, then see each other.
 */
export async function lockPersonName(manager: EntityManager, nameKey: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
    PERSON_NAME_LOCK,
    nameKey,
  ]);
}
