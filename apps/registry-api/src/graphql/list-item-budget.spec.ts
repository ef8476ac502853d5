import { MAX_GROWING_LIST_ITEMS, spendListItems } from './list-item-budget';

describe('the budget of lists that grow with the register', () => {
  it('counts per request, refusing past the budget and every list after', () => {
    const request = {};
    spendListItems(request, MAX_GROWING_LIST_ITEMS - 1, 'versions');
    spendListItems(request, 1, 'relations');
    expect(() => spendListItems(request, 1, 'versions')).toThrow(
      expect.objectContaining({
        message: expect.stringContaining(
          'more than 10,000 versions and relations in all (at versions)',
        ),
        extensions: expect.objectContaining({ code: 'QUERY_TOO_COMPLEX' }),
      }),
    );
    expect(() => spendListItems(request, 0, 'relations')).toThrow(/at relations/);
    // Another request starts afresh.
    expect(() => spendListItems({}, MAX_GROWING_LIST_ITEMS, 'versions')).not.toThrow();
  });
});
