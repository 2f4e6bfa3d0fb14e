// Search as you type, on the server, over the cached list: every word typed must appear in the
// name, the catalog name shown beside a twin, or the description, ignoring case and accents
// ("equipe" finds "Ventes – Équipe"). Names that start with the text come first, then names that
// contain it, then the rest. Pure, without zod: the portal bundle uses it for removal lists too.
import type { PackageChoice } from './requestable-packages';

export interface SearchResult<T extends PackageChoice = PackageChoice> {
  packages: T[];
  /** How many matched before the limit. */
  total: number;
}

export const fold = (text: string): string =>
  text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLocaleLowerCase('en')
    .replace(/\s+/g, ' ')
    .trim();

export function searchPackages<T extends PackageChoice>(
  all: readonly T[],
  query: string,
  limit: number,
): SearchResult<T> {
  const q = fold(query);
  const words = q === '' ? [] : q.split(' ');
  const ranked: { pkg: T; rank: number }[] = [];
  for (const pkg of all) {
    const name = fold(pkg.displayName);
    const text = `${name} ${fold(pkg.catalogName ?? '')} ${fold(pkg.description ?? '')}`;
    if (!words.every((w) => text.includes(w))) continue;
    const rank =
      q === ''
        ? 0
        : name.startsWith(q)
          ? 0
          : name.includes(q)
            ? 1
            : words.every((w) => name.includes(w))
              ? 2
              : 3;
    ranked.push({ pkg, rank });
  }
  ranked.sort(
    (a, b) =>
      a.rank - b.rank ||
      a.pkg.displayName.localeCompare(b.pkg.displayName) ||
      (a.pkg.catalogName ?? '').localeCompare(b.pkg.catalogName ?? '') ||
      a.pkg.id.localeCompare(b.pkg.id),
  );
  return { packages: ranked.slice(0, limit).map((r) => r.pkg), total: ranked.length };
}
