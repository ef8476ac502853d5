import { QueryFailedError } from 'typeorm';
import { MeilisearchRequestError } from '../meilisearch/meilisearch-sdk';
import { waitsForSearch } from './search-indexer';

const refused = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:45815'), { code: 'ECONNREFUSED' });

describe('waitsForSearch (what the indexer calls search being away)', () => {
  it('is Meilisearch out of reach, as its client reports it', () => {
    expect(waitsForSearch(new MeilisearchRequestError('http://127.0.0.1:7700', refused()))).toBe(
      true,
    );
  });

  it('is not PostgreSQL out of reach, though its driver reports the same ECONNREFUSED', () => {
    expect(waitsForSearch(refused())).toBe(false);
    expect(
      waitsForSearch(
        new QueryFailedError('SELECT 1', [], Object.assign(new Error('x'), { code: '57P01' })),
      ),
    ).toBe(false);
  });

  it('is not a fault of the indexer itself', () => {
    expect(waitsForSearch(new TypeError('x is undefined'))).toBe(false);
  });
});
