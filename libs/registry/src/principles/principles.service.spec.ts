import { DataSource } from 'typeorm';
import { PrincipleEntity } from './principle.entity';
import { PrinciplesService } from './principles.service';

describe('PrinciplesService', () => {
  const catalogue = [{ code: 'P1' }, { code: 'P2' }] as PrincipleEntity[];

  function serviceReading(...answers: (PrincipleEntity[] | Error)[]) {
    const find = jest.fn(() => {
      const answer = answers.shift()!;
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    });
    const dataSource = { getRepository: () => ({ find }) } as unknown as DataSource;
    return { service: new PrinciplesService(dataSource), find };
  }

  it('reads the catalogue once and then gives it at once', async () => {
    const { service, find } = serviceReading(catalogue);
    expect(await service.all()).toBe(catalogue);
    expect(await service.all()).toBe(catalogue);
    expect(service.allNow()).toBe(catalogue);
    expect(find).toHaveBeenCalledTimes(1);
  });

  it('does not keep a read that failed: the next call reads again', async () => {
    const { service, find } = serviceReading(new Error('connection lost'), catalogue);
    await expect(service.all()).rejects.toThrow('connection lost');
    expect(await service.all()).toBe(catalogue);
    expect(find).toHaveBeenCalledTimes(2);
  });
});
