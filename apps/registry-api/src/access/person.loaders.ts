import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { ApiTokenEntity, PersonEntity, PersonsService, TokensService } from '@insyn/access';
import { NotFoundError } from '@insyn/errors';

/** Persons by id, and tokens by person, for one request: one query per tick for each. */
export class PersonLoader {
  readonly persons: DataLoader<string, PersonEntity>;
  readonly tokensOfPerson: DataLoader<string, ApiTokenEntity[]>;

  constructor(persons: PersonsService, tokens: TokensService) {
    this.persons = new DataLoader<string, PersonEntity>(async (ids) => {
      const found = new Map((await persons.byIds(ids)).map((p) => [p.id, p]));
      return ids.map((id) => found.get(id) ?? new NotFoundError('Person'));
    });
    this.tokensOfPerson = new DataLoader<string, ApiTokenEntity[]>(async (personIds) => {
      const all = await tokens.byPersonIds(personIds);
      return personIds.map((id) => all.filter((t) => t.personId === id));
    });
  }
}

/** One PersonLoader per request (kept in a WeakMap keyed by the request), as DepartmentLoaders. */
@Injectable()
export class PersonLoaders {
  private readonly perRequest = new WeakMap<object, PersonLoader>();

  constructor(
    private readonly persons: PersonsService,
    private readonly tokens: TokensService,
  ) {}

  for(req: object): PersonLoader {
    let loader = this.perRequest.get(req);
    if (!loader) {
      loader = new PersonLoader(this.persons, this.tokens);
      this.perRequest.set(req, loader);
    }
    return loader;
  }
}
