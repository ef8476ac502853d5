import { redactQuery } from './logging.module';

describe('request log URLs', () => {
  it('replace the value of a code or token in the query, and nothing else', () => {
    expect(redactQuery('/concerns/track?code=4M54N-YGZFZ-BQF3C')).toBe(
      '/concerns/track?code=[redacted]',
    );
    expect(redactQuery('/x?a=1&token=insyn_abc&b=2#f')).toBe('/x?a=1&token=[redacted]&b=2#f');
    expect(redactQuery('/x?erasureCode=A&trackingCode=B')).toBe(
      '/x?erasureCode=[redacted]&trackingCode=[redacted]',
    );
    expect(redactQuery('/sv/search?q=code%3D1&zipcode=123')).toBe(
      '/sv/search?q=code%3D1&zipcode=123',
    );
    expect(redactQuery('/sv/entries/a-code')).toBe('/sv/entries/a-code');
  });
});
