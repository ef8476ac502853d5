import { Injectable } from '@nestjs/common';
import { NotFoundError } from '@insyn/errors';
import { DepartmentEntity, DepartmentsService } from '@insyn/registry';
import { ReadyLoader } from '../graphql/ready-loader';

/**
 * Departments by id for one request: every `load` of one tick becomes one query, and each id is
 * read once per request. Get it from `DepartmentLoaders.for(req)`; never keep it across requests.
 */
export class DepartmentLoader {
  private readonly loader: ReadyLoader<string, DepartmentEntity>;

  constructor(departments: DepartmentsService) {
    this.loader = new ReadyLoader<string, DepartmentEntity>(async (ids) => {
      const found = new Map((await departments.byIds(ids)).map((d) => [d.id, d]));
      return ids.map((id) => found.get(id) ?? new NotFoundError('Department'));
    });
  }

  /** The department with this id; NOT_FOUND when there is none. */
  load(id: string): Promise<DepartmentEntity> {
    return this.loader.load(id);
  }

  /** The department with this id, at once when this request has read it already (see ReadyLoader). */
  get(id: string): DepartmentEntity | Promise<DepartmentEntity> {
    return this.loader.get(id);
  }

  /** Reads the departments with these ids (batched), so that `get` gives them at once. */
  loadAll(ids: readonly string[]): Promise<DepartmentEntity[]> {
    return this.loader.loadAll(ids);
  }

  /** A department this request has read along with something else (as DataLoader's prime). */
  prime(department: DepartmentEntity): void {
    this.loader.prime(department.id, department);
  }

  /** Nullable ids (an ADMIN token has no department) resolve to null without a query. */
  async loadOptional(id: string | null | undefined): Promise<DepartmentEntity | null> {
    return id ? this.loader.load(id) : null;
  }
}

/**
 * A singleton handing out one DepartmentLoader per request (kept in a WeakMap keyed by the
 * request object, so it goes with the request). This keeps resolvers singletons: no request-scoped
 * providers, no per-request resolver instances.
 *
 *   constructor(private readonly departmentLoaders: DepartmentLoaders) {}
 *   @ResolveField(() => DepartmentObject)
 *   async department(@Parent() entry: EntryObject, @Context('req') req: object) {
 *     return toDepartmentObject(await this.departmentLoaders.for(req).load(entry.departmentId));
 *   }
 */
@Injectable()
export class DepartmentLoaders {
  private readonly perRequest = new WeakMap<object, DepartmentLoader>();

  constructor(private readonly departments: DepartmentsService) {}

  for(req: object): DepartmentLoader {
    let loader = this.perRequest.get(req);
    if (!loader) {
      loader = new DepartmentLoader(this.departments);
      this.perRequest.set(req, loader);
    }
    return loader;
  }
}
