import type { Request } from 'express';
import { httpDateMs, notModified } from './conditional-get';

const request = (headers: Record<string, string>) => ({ headers }) as unknown as Request;

describe('conditional GET', () => {
  const modified = new Date('2026-03-01T10:00:00.500Z');

  it('reads the three HTTP-date forms, and nothing else', () => {
    const ms = Date.UTC(1994, 10, 6, 8, 49, 37);
    expect(httpDateMs('Sun, 06 Nov 1994 08:49:37 GMT')).toBe(ms);
    expect(httpDateMs('Sunday, 06-Nov-94 08:49:37 GMT')).toBe(ms);
    expect(httpDateMs('Sun Nov  6 08:49:37 1994')).toBe(ms);
    for (const bad of ['2100', '2026-03-01', 'yesterday', '', 'Sun, 06 Nov 1994 08:49:37 CET'])
      expect(httpDateMs(bad)).toBeNull();
  });

  it('answers 304 for an If-Modified-Since at or after the change, to the second', () => {
    expect(
      notModified(request({ 'if-modified-since': modified.toUTCString() }), '"e"', modified),
    ).toBe(true);
    const before = new Date(modified.getTime() - 1000).toUTCString();
    expect(notModified(request({ 'if-modified-since': before }), '"e"', modified)).toBe(false);
  });

  it('ignores an If-Modified-Since that is no HTTP-date or lies in the future', () => {
    for (const since of ['2100', 'Fri, 01 Jan 2100 00:00:00 GMT', 'garbage'])
      expect(notModified(request({ 'if-modified-since': since }), '"e"', modified)).toBe(false);
  });

  it('lets If-None-Match decide alone when present', () => {
    const headers = { 'if-none-match': 'W/"e"', 'if-modified-since': 'garbage' };
    expect(notModified(request(headers), '"e"', modified)).toBe(true);
    expect(notModified(request({ 'if-none-match': '"x", *' }), '"e"', modified)).toBe(false);
    expect(notModified(request({ 'if-none-match': '*' }), '"e"', modified)).toBe(true);
  });
});
