// Matches a request path against the contract's path templates. Segments are split on '/' before
// percent-decoding, so an encoded '%2F' or '%23' stays inside its segment (a guest UPN such as
// a_b.com%23EXT%23@contoso.com is one segment, graph-entitlement.md section 3).
import { decodeComponent } from './query-string';

export interface PathMatcherOptions {
  /** Graph matches path segments case-insensitively; Jira does not. */
  caseInsensitive: boolean;
  /** OData key segments: `users('$x@y.com')` is `users/{id}` with id `$x@y.com`. */
  odataKeySegments: boolean;
  /** Template segments starting with this also match without it (known gap (e), `resume`). */
  actionNamespace?: string;
  /** Values starting with '$' are OData system segments ($count, $ref), never a key. */
  systemSegmentPrefix?: string;
}

export interface PathMatch {
  pathTemplate: string;
  methods: string[];
  /** Decoded path parameters by name. */
  params: Record<string, string>;
}

export type PathMatchOutcome =
  | ({ ok: true } & PathMatch)
  | { ok: false; reason: 'no-template' | 'bad-encoding'; unmatchedSegment: string };

type Segment =
  | { kind: 'literal'; value: string }
  | { kind: 'param'; name: string }
  | { kind: 'pattern'; regex: RegExp; names: string[] };

interface CompiledTemplate {
  template: string;
  methods: string[];
  segments: Segment[];
}

export interface PathMatcher {
  match(path: string): PathMatchOutcome;
  templates(): string[];
}

export function createPathMatcher(
  templates: Record<string, string[]>,
  options: PathMatcherOptions,
): PathMatcher {
  const compiled: CompiledTemplate[] = Object.entries(templates).map(([template, methods]) => ({
    template,
    methods,
    segments: template.split('/').filter(Boolean).map(compileSegment),
  }));

  function literalEquals(expected: string, actual: string): boolean {
    const a = options.caseInsensitive ? actual.toLowerCase() : actual;
    const e = options.caseInsensitive ? expected.toLowerCase() : expected;
    if (a === e) return true;
    const ns = options.actionNamespace?.toLowerCase();
    return ns !== undefined && e.startsWith(ns) && a === e.slice(ns.length);
  }

  function matchSegment(segment: Segment, part: PathPart, params: Record<string, string>): boolean {
    const value = part.value;
    if (segment.kind === 'literal') return !part.key && literalEquals(segment.value, value);
    // A key in parentheses is data, so users('$x@y.com') works where users/$x@y.com does not.
    if (!part.key && options.systemSegmentPrefix && value.startsWith(options.systemSegmentPrefix))
      return false;
    if (segment.kind === 'param') {
      if (value === '') return false;
      params[segment.name] = value;
      return true;
    }
    const m = segment.regex.exec(value);
    if (!m) return false;
    segment.names.forEach((name, i) => (params[name] = m[i + 1] ?? ''));
    return true;
  }

  return {
    templates: () => compiled.map((t) => t.template),
    match(path) {
      let segments: PathPart[];
      try {
        segments = splitPath(path, options.odataKeySegments);
      } catch {
        return { ok: false, reason: 'bad-encoding', unmatchedSegment: path };
      }
      let best: { score: number[]; match: PathMatch } | undefined;
      let deepest = 0;
      for (const t of compiled) {
        const params: Record<string, string> = {};
        let matched = 0;
        const score: number[] = [];
        while (matched < Math.min(t.segments.length, segments.length)) {
          const seg = t.segments[matched] as Segment;
          if (!matchSegment(seg, segments[matched] as PathPart, params)) break;
          score.push(seg.kind === 'literal' ? 1 : 0);
          matched += 1;
        }
        deepest = Math.max(deepest, matched);
        if (matched !== segments.length || matched !== t.segments.length) continue;
        if (!best || compareScores(score, best.score) > 0) {
          best = { score, match: { pathTemplate: t.template, methods: t.methods, params } };
        }
      }
      if (best) return { ok: true, ...best.match };
      const unmatchedSegment = segments[Math.min(deepest, segments.length - 1)]?.value ?? '';
      return { ok: false, reason: 'no-template', unmatchedSegment };
    },
  };
}

function compileSegment(raw: string): Segment {
  const whole = /^\{([^{}]+)\}$/.exec(raw);
  if (whole) return { kind: 'param', name: whole[1] as string };
  if (!raw.includes('{')) return { kind: 'literal', value: raw };
  // A parameter inside a segment, e.g. filterByCurrentUser(on='{on}').
  const names: string[] = [];
  const source = raw
    .split(/(\{[^{}]+\})/)
    .map((part) => {
      const p = /^\{([^{}]+)\}$/.exec(part);
      if (!p) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(p[1] as string);
      return '([^/]+)';
    })
    .join('');
  return { kind: 'pattern', regex: new RegExp(`^${source}$`, 'i'), names };
}

export interface PathPart {
  value: string;
  /** Came from an OData key in parentheses: never a literal, never a system segment. */
  key: boolean;
}

/** '/a/b%2Fc/users(%27x%27)' -> a, b/c, users, x (key). Throws on malformed escapes. */
export function splitPath(path: string, odataKeySegments: boolean): PathPart[] {
  const raw = path.split('/').filter((s, i, all) => s !== '' || (i > 0 && i < all.length - 1));
  const out: PathPart[] = [];
  for (const rawSegment of raw) {
    const segment = decodeComponent(rawSegment);
    const key = odataKeySegments ? splitKeySegment(segment) : undefined;
    if (key) out.push({ value: key.name, key: false }, { value: key.key, key: true });
    else out.push({ value: segment, key: false });
  }
  return out;
}

/** `users('O''Neil@x.com')` -> {name: 'users', key: "O'Neil@x.com"}; `f(on='x')` is not a key. */
function splitKeySegment(segment: string): { name: string; key: string } | undefined {
  const m = /^([A-Za-z_][\w.]*)\((.*)\)$/s.exec(segment);
  if (!m) return undefined;
  const inner = m[2] as string;
  const quoted = /^'((?:[^']|'')*)'$/s.exec(inner);
  if (quoted) return { name: m[1] as string, key: (quoted[1] as string).replace(/''/g, "'") };
  if (/^[0-9a-fA-F-]{36}$/.test(inner)) return { name: m[1] as string, key: inner };
  return undefined;
}

function compareScores(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  }
  return 0;
}
