import { DepartmentEntity, DepartmentsService } from '@insyn/registry';
import { DepartmentLoaders } from './department.loader';

const department = (id: string): DepartmentEntity => ({
  id,
  slug: `d-${id}`,
  nameSv: `Avdelning ${id}`,
  nameEn: `Department ${id}`,
  createdAt: new Date(0),
});

describe('DepartmentLoaders', () => {
  const byIds = jest.fn(async (ids: readonly string[]) =>
    ids.filter((id) => id !== 'missing').map(department),
  );
  const loaders = new DepartmentLoaders({ byIds } as unknown as DepartmentsService);
  beforeEach(() => byIds.mockClear());

  it('batches the loads of one tick into one query, and caches per request', async () => {
    const req = {};
    const loader = loaders.for(req);
    const found = await Promise.all(['a', 'b', 'a', 'c'].map((id) => loader.load(id)));
    expect(found.map((d) => d.slug)).toEqual(['d-a', 'd-b', 'd-a', 'd-c']);
    expect(byIds).toHaveBeenCalledTimes(1);
    expect(byIds).toHaveBeenCalledWith(['a', 'b', 'c']);
    expect(loaders.for(req)).toBe(loader);
    await loader.load('b');
    expect(byIds).toHaveBeenCalledTimes(1);
  });

  it('gives each request its own loader (nothing cached across requests)', async () => {
    await loaders.for({}).load('a');
    await loaders.for({}).load('a');
    expect(byIds).toHaveBeenCalledTimes(2);
  });

  it('rejects an unknown id with NOT_FOUND and resolves a null id to null without a query', async () => {
    const loader = loaders.for({});
    await expect(loader.load('missing')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(loader.loadOptional(null)).resolves.toBeNull();
    expect(byIds).toHaveBeenCalledTimes(1);
  });
});
