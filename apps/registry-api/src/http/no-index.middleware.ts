import type { RequestHandler } from 'express';

/**
 * On a copy of the registry that search engines must not index (INSYN_SEARCH_ENGINES=noindex: a
 * test or staging copy): every answer, pages, feeds, exports and GraphQL alike, says so. A header
 * rather than robots.txt: a crawler kept out by robots.txt can still list an address others link
 * to, while one that reads this header drops it.
 */
export const noIndex: RequestHandler = (_req, res, next) => {
  res.setHeader('X-Robots-Tag', 'noindex, nofollow');
  next();
};
