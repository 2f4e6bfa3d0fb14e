// Paths for the Jira port, which takes them already percent-encoded (core/ports.ts): every
// interpolated segment and query value goes through encodeURIComponent, so keys, names and ids
// with spaces, `&`, `+`, `#`, `/` or non-Latin letters stay one segment or one value. This is
// what Forge's `route` template tag does too (forge-platform.md section 11).

export type QueryValue = string | number | boolean | undefined | readonly string[];

/** Tagged template: `jiraPath\`/rest/api/3/issue/${key}/comment\`` encodes `key`. */
export function jiraPath(strings: TemplateStringsArray, ...values: (string | number)[]): string {
  return strings.reduce(
    (acc, part, i) => acc + part + (i < values.length ? encodeURIComponent(String(values[i])) : ''),
    '',
  );
}

/**
 * Appends a query string; undefined values are skipped and arrays become comma lists (Jira's
 * `fields=a,b` and `expand=x,y`), each element encoded on its own.
 */
export function withQuery(path: string, query: Record<string, QueryValue>): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    const encoded = Array.isArray(value)
      ? value.map((v) => encodeURIComponent(v)).join(',')
      : encodeURIComponent(String(value));
    parts.push(`${encodeURIComponent(name)}=${encoded}`);
  }
  return parts.length ? `${path}?${parts.join('&')}` : path;
}
