// A recursive-descent parser and evaluator for the OData v4 `$filter` subset Graph documents for
// these resources (learn.microsoft.com/graph/filter-query-parameter): eq ne gt ge lt le in, and or
// not, parentheses, contains/startswith/endswith/tolower/toupper, any/all lambdas, navigation paths
// (`accessPackage/id`), string literals with doubled quotes, GUID, number, boolean, null and
// DateTimeOffset literals. Property names resolve case-insensitively, as Graph does.

export type Literal =
  | { kind: 'literal'; type: 'string' | 'guid' | 'datetime'; value: string }
  | { kind: 'literal'; type: 'number'; value: number }
  | { kind: 'literal'; type: 'boolean'; value: boolean }
  | { kind: 'literal'; type: 'null'; value: null };

export type CompareOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
export const FUNCTIONS = [
  'contains',
  'startswith',
  'endswith',
  'tolower',
  'toupper',
  'trim',
  'length',
] as const;
export type FunctionName = (typeof FUNCTIONS)[number];

export type FilterExpr =
  | Literal
  | { kind: 'path'; segments: string[] }
  | { kind: 'compare'; op: CompareOp; left: FilterExpr; right: FilterExpr }
  | { kind: 'in'; left: FilterExpr; list: FilterExpr[] }
  | { kind: 'and' | 'or'; left: FilterExpr; right: FilterExpr }
  | { kind: 'not'; operand: FilterExpr }
  | { kind: 'call'; name: FunctionName; args: FilterExpr[] }
  | { kind: 'lambda'; op: 'any' | 'all'; collection: string[]; variable?: string; predicate?: FilterExpr };

/** Graph answers every parse failure 400 BadRequest "Invalid filter clause: ...". */
export class FilterSyntaxError extends Error {
  readonly code = 'filter_syntax' as const;
  constructor(
    readonly detail: string,
    readonly position: number,
  ) {
    super(`Invalid filter clause: ${detail}`);
  }
}

type Token =
  | { t: 'string'; v: string; pos: number }
  | { t: 'guid' | 'datetime'; v: string; pos: number }
  | { t: 'number'; v: number; pos: number }
  | { t: 'ident'; v: string; pos: number }
  | { t: 'punct'; v: '(' | ')' | ',' | '/' | ':'; pos: number };

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\w-])/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})(?![\w:])/;
const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?(?![\w.])/;
const IDENT = /^[A-Za-z_$@][\w.@$]*/;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    if (ch === "'") {
      const start = i;
      let value = '';
      i += 1;
      for (;;) {
        if (i >= text.length)
          throw new FilterSyntaxError(
            `unbalanced quote: the string literal at position ${start} is not closed`,
            start,
          );
        const c = text[i] as string;
        if (c === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        value += c;
        i += 1;
      }
      tokens.push({ t: 'string', v: value, pos: start });
      continue;
    }
    if ('(),/:'.includes(ch)) {
      tokens.push({ t: 'punct', v: ch as '(' | ')' | ',' | '/' | ':', pos: i });
      i += 1;
      continue;
    }
    const rest = text.slice(i);
    const guid = GUID.exec(rest);
    if (guid) {
      tokens.push({ t: 'guid', v: guid[0], pos: i });
      i += guid[0].length;
      continue;
    }
    const dt = DATETIME.exec(rest);
    if (dt) {
      tokens.push({ t: 'datetime', v: dt[0], pos: i });
      i += dt[0].length;
      continue;
    }
    const num = NUMBER.exec(rest);
    if (num) {
      tokens.push({ t: 'number', v: Number(num[0]), pos: i });
      i += num[0].length;
      continue;
    }
    const ident = IDENT.exec(rest);
    if (ident) {
      tokens.push({ t: 'ident', v: ident[0], pos: i });
      i += ident[0].length;
      continue;
    }
    throw new FilterSyntaxError(`unexpected character '${ch}' at position ${i}`, i);
  }
  return tokens;
}

const COMPARE_OPS = new Set<string>(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const KEYWORDS = new Set<string>([...COMPARE_OPS, 'and', 'or', 'not', 'in']);

export function parseFilter(text: string): FilterExpr {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const at = (): number => peek()?.pos ?? text.length;
  const isKeyword = (tok: Token | undefined, word: string): boolean =>
    tok?.t === 'ident' && tok.v.toLowerCase() === word;
  const isPunct = (tok: Token | undefined, p: string): boolean => tok?.t === 'punct' && tok.v === p;
  const expectPunct = (p: string): void => {
    if (!isPunct(peek(), p)) throw new FilterSyntaxError(`expected '${p}' at position ${at()}`, at());
    pos += 1;
  };

  function parseOr(): FilterExpr {
    let left = parseAnd();
    while (isKeyword(peek(), 'or')) {
      pos += 1;
      left = { kind: 'or', left, right: parseAnd() };
    }
    return left;
  }

  function parseAnd(): FilterExpr {
    let left = parseUnary();
    while (isKeyword(peek(), 'and')) {
      pos += 1;
      left = { kind: 'and', left, right: parseUnary() };
    }
    return left;
  }

  function parseUnary(): FilterExpr {
    if (isKeyword(peek(), 'not')) {
      pos += 1;
      return { kind: 'not', operand: parseUnary() };
    }
    return parseComparison();
  }

  function parseComparison(): FilterExpr {
    const left = parseOperand();
    const tok = peek();
    if (tok?.t === 'ident' && COMPARE_OPS.has(tok.v.toLowerCase())) {
      pos += 1;
      return { kind: 'compare', op: tok.v.toLowerCase() as CompareOp, left, right: parseOperand() };
    }
    if (isKeyword(tok, 'in')) {
      pos += 1;
      expectPunct('(');
      const list: FilterExpr[] = [parseOperand()];
      while (isPunct(peek(), ',')) {
        pos += 1;
        list.push(parseOperand());
      }
      expectPunct(')');
      return { kind: 'in', left, list };
    }
    return left;
  }

  function parseOperand(): FilterExpr {
    const tok = peek();
    if (!tok)
      throw new FilterSyntaxError(`unexpected end of the expression at position ${text.length}`, text.length);
    if (isPunct(tok, '(')) {
      pos += 1;
      const inner = parseOr();
      expectPunct(')');
      return inner;
    }
    pos += 1;
    switch (tok.t) {
      case 'string':
        return { kind: 'literal', type: 'string', value: tok.v };
      case 'guid':
        return { kind: 'literal', type: 'guid', value: tok.v };
      case 'datetime':
        return { kind: 'literal', type: 'datetime', value: tok.v };
      case 'number':
        return { kind: 'literal', type: 'number', value: tok.v };
      case 'punct':
        throw new FilterSyntaxError(`unexpected '${tok.v}' at position ${tok.pos}`, tok.pos);
      case 'ident':
        return parseIdentifier(tok);
    }
  }

  function parseIdentifier(tok: Extract<Token, { t: 'ident' }>): FilterExpr {
    const lower = tok.v.toLowerCase();
    if (lower === 'true' || lower === 'false')
      return { kind: 'literal', type: 'boolean', value: lower === 'true' };
    if (lower === 'null') return { kind: 'literal', type: 'null', value: null };
    if (KEYWORDS.has(lower))
      throw new FilterSyntaxError(`unexpected keyword '${tok.v}' at position ${tok.pos}`, tok.pos);
    if (isPunct(peek(), '(')) {
      if (!(FUNCTIONS as readonly string[]).includes(lower)) {
        throw new FilterSyntaxError(`unknown function '${tok.v}' at position ${tok.pos}`, tok.pos);
      }
      pos += 1;
      const args: FilterExpr[] = [];
      if (!isPunct(peek(), ')')) {
        args.push(parseOr());
        while (isPunct(peek(), ',')) {
          pos += 1;
          args.push(parseOr());
        }
      }
      expectPunct(')');
      const arity = lower === 'contains' || lower === 'startswith' || lower === 'endswith' ? 2 : 1;
      if (args.length !== arity)
        throw new FilterSyntaxError(`${tok.v} takes ${arity} argument(s), got ${args.length}`, tok.pos);
      return { kind: 'call', name: lower as FunctionName, args };
    }
    const segments = [tok.v];
    while (isPunct(peek(), '/')) {
      pos += 1;
      const next = peek();
      if (next?.t !== 'ident')
        throw new FilterSyntaxError(`expected a property name after '/' at position ${at()}`, at());
      pos += 1;
      const op = next.v.toLowerCase();
      if ((op === 'any' || op === 'all') && isPunct(peek(), '(')) return parseLambda(op, segments);
      segments.push(next.v);
    }
    return { kind: 'path', segments };
  }

  function parseLambda(op: 'any' | 'all', collection: string[]): FilterExpr {
    expectPunct('(');
    if (isPunct(peek(), ')')) {
      if (op === 'all') throw new FilterSyntaxError(`all() needs a predicate at position ${at()}`, at());
      pos += 1;
      return { kind: 'lambda', op, collection };
    }
    const variable = peek();
    if (variable?.t !== 'ident' || !isPunct(tokens[pos + 1], ':')) {
      throw new FilterSyntaxError(`expected 'variable:' in ${op}() at position ${at()}`, at());
    }
    pos += 2;
    const predicate = parseOr();
    expectPunct(')');
    return { kind: 'lambda', op, collection, variable: variable.v, predicate };
  }

  if (tokens.length === 0) throw new FilterSyntaxError('the expression is empty', 0);
  const expr = parseOr();
  if (pos < tokens.length) throw new FilterSyntaxError(`unexpected token at position ${at()}`, at());
  return expr;
}

/** Writes an OData string literal: single quotes, inner quotes doubled. */
export function odataLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export interface EvaluateOptions {
  /** Whether string comparison on this path ignores case (Graph directory and enum values do). */
  caseInsensitive?: (path: string[]) => boolean;
}

type Env = Map<string, unknown>;

/** True when `item` satisfies the filter. Missing properties read as null. */
export function matchesFilter(expr: FilterExpr, item: unknown, options: EvaluateOptions = {}): boolean {
  return evaluate(expr, item, new Map(), options) === true;
}

function evaluate(expr: FilterExpr, item: unknown, env: Env, options: EvaluateOptions): unknown {
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'path':
      return readPath(expr.segments, item, env);
    case 'and':
      return (
        evaluate(expr.left, item, env, options) === true && evaluate(expr.right, item, env, options) === true
      );
    case 'or':
      return (
        evaluate(expr.left, item, env, options) === true || evaluate(expr.right, item, env, options) === true
      );
    case 'not':
      return evaluate(expr.operand, item, env, options) !== true;
    case 'compare':
      return compare(
        expr.op,
        evaluate(expr.left, item, env, options),
        evaluate(expr.right, item, env, options),
        ciFor(expr, options),
      );
    case 'in': {
      const left = evaluate(expr.left, item, env, options);
      const ci = ciFor(expr, options);
      return expr.list.some((candidate) => compare('eq', left, evaluate(candidate, item, env, options), ci));
    }
    case 'call':
      return call(expr, item, env, options);
    case 'lambda': {
      const collection = readPath(expr.collection, item, env);
      const list = Array.isArray(collection) ? collection : [];
      if (!expr.predicate || !expr.variable) return list.length > 0;
      const test = (el: unknown) =>
        evaluate(
          expr.predicate as FilterExpr,
          item,
          new Map(env).set(expr.variable as string, el),
          options,
        ) === true;
      return expr.op === 'any' ? list.some(test) : list.every(test);
    }
  }
}

function ciFor(expr: FilterExpr, options: EvaluateOptions): boolean {
  const paths: string[][] = [];
  const collect = (e: FilterExpr) => {
    if (e.kind === 'path') paths.push(e.segments);
    if (e.kind === 'call') e.args.forEach(collect);
  };
  if (expr.kind === 'compare') [expr.left, expr.right].forEach(collect);
  if (expr.kind === 'in') collect(expr.left);
  return paths.some((p) => options.caseInsensitive?.(p) === true);
}

function readPath(segments: string[], item: unknown, env: Env): unknown {
  let current: unknown = item;
  let rest = segments;
  const head = segments[0] as string;
  if (env.has(head)) {
    current = env.get(head);
    rest = segments.slice(1);
  }
  for (const segment of rest) {
    if (current === null || current === undefined || typeof current !== 'object' || Array.isArray(current))
      return null;
    current = getCaseInsensitive(current as Record<string, unknown>, segment);
  }
  return current === undefined ? null : current;
}

export function getCaseInsensitive(obj: Record<string, unknown>, name: string): unknown {
  if (name in obj) return obj[name];
  const lower = name.toLowerCase();
  const key = Object.keys(obj).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : obj[key];
}

const GUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function compare(op: CompareOp, a: unknown, b: unknown, caseInsensitive: boolean): boolean {
  if (op === 'eq' || op === 'ne') {
    const equal = valuesEqual(a, b, caseInsensitive);
    return op === 'eq' ? equal : !equal;
  }
  if (a === null || b === null || a === undefined || b === undefined) return false;
  let x = a;
  let y = b;
  if (typeof x === 'string' && typeof y === 'string' && caseInsensitive) {
    x = x.toLowerCase();
    y = y.toLowerCase();
  }
  if (typeof x !== typeof y) return false;
  const order =
    (x as number | string) < (y as number | string)
      ? -1
      : (x as number | string) > (y as number | string)
        ? 1
        : 0;
  return op === 'gt' ? order > 0 : op === 'ge' ? order >= 0 : op === 'lt' ? order < 0 : order <= 0;
}

function valuesEqual(a: unknown, b: unknown, caseInsensitive: boolean): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  if (typeof a === 'string' && typeof b === 'string') {
    // GUIDs are case-insensitive whatever the property.
    if (caseInsensitive || (GUID_TEXT.test(a) && GUID_TEXT.test(b)))
      return a.toLowerCase() === b.toLowerCase();
    return a === b;
  }
  return a === b;
}

function call(
  expr: Extract<FilterExpr, { kind: 'call' }>,
  item: unknown,
  env: Env,
  options: EvaluateOptions,
): unknown {
  const args = expr.args.map((a) => evaluate(a, item, env, options));
  const ci = expr.args.some((a) => a.kind === 'path' && options.caseInsensitive?.(a.segments) === true);
  const str = (v: unknown) => (typeof v === 'string' ? (ci ? v.toLowerCase() : v) : undefined);
  switch (expr.name) {
    case 'tolower':
      return typeof args[0] === 'string' ? args[0].toLowerCase() : null;
    case 'toupper':
      return typeof args[0] === 'string' ? args[0].toUpperCase() : null;
    case 'trim':
      return typeof args[0] === 'string' ? args[0].trim() : null;
    case 'length':
      return typeof args[0] === 'string' ? args[0].length : null;
    case 'contains':
    case 'startswith':
    case 'endswith': {
      const [s, part] = [str(args[0]), str(args[1])];
      if (s === undefined || part === undefined) return false;
      if (expr.name === 'contains') return s.includes(part);
      return expr.name === 'startswith' ? s.startsWith(part) : s.endsWith(part);
    }
  }
}

/** Every property path the filter reads, lambda variables resolved to their collection's path. */
export function filterPaths(expr: FilterExpr): { path: string[]; inLambdaOf?: string[] }[] {
  const out: { path: string[]; inLambdaOf?: string[] }[] = [];
  const walk = (e: FilterExpr, vars: Map<string, string[]>) => {
    switch (e.kind) {
      case 'path': {
        const head = e.segments[0] as string;
        const base = vars.get(head);
        if (base) out.push({ path: e.segments.slice(1), inLambdaOf: base });
        else out.push({ path: e.segments });
        return;
      }
      case 'compare':
      case 'and':
      case 'or':
        walk(e.left, vars);
        walk(e.right, vars);
        return;
      case 'in':
        walk(e.left, vars);
        e.list.forEach((x) => walk(x, vars));
        return;
      case 'not':
        walk(e.operand, vars);
        return;
      case 'call':
        e.args.forEach((x) => walk(x, vars));
        return;
      case 'lambda': {
        const base = vars.get(e.collection[0] as string);
        const collection = base ? [...base, ...e.collection.slice(1)] : e.collection;
        out.push({ path: collection });
        if (e.predicate && e.variable) walk(e.predicate, new Map(vars).set(e.variable, collection));
        return;
      }
      case 'literal':
        return;
    }
  };
  walk(expr, new Map());
  return out;
}

/** Operators that need Graph's advanced query mode on directory objects (aad-advanced-queries). */
export function usesAdvancedOperators(expr: FilterExpr): boolean {
  switch (expr.kind) {
    case 'compare':
      return expr.op === 'ne' || usesAdvancedOperators(expr.left) || usesAdvancedOperators(expr.right);
    case 'and':
    case 'or':
      return usesAdvancedOperators(expr.left) || usesAdvancedOperators(expr.right);
    case 'not':
      return true;
    case 'call':
      return expr.name === 'endswith' || expr.args.some(usesAdvancedOperators);
    case 'in':
      return usesAdvancedOperators(expr.left);
    case 'lambda':
      return expr.predicate ? usesAdvancedOperators(expr.predicate) : false;
    default:
      return false;
  }
}
