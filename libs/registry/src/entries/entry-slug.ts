const FOLD: Record<string, string> = { å: 'a', ä: 'a', ö: 'o', é: 'e', ü: 'u', æ: 'ae', ø: 'o' };

/** A readable, URL-safe slug from a title (Swedish letters folded), at most 60 characters. */
export function slugify(title: string): string {
  const slug = title
    .toLowerCase()
    .replace(/[åäöéüæø]/g, (c) => FOLD[c] ?? c)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
  return slug || 'entry';
}
