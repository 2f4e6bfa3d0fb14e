// A small evaluator of ARM template expressions ("[concat(parameters('x'), '/')]"), enough to
// deploy the relay template in the sandbox and the tests: string literals, numbers, function
// calls, `.property` and `['property']` access. Functions are given by the caller (deploy.ts);
// an unknown function is an error, so the template cannot silently use something untested.
// Syntax: https://learn.microsoft.com/azure/azure-resource-manager/templates/template-expressions

export type ArmFunction = (...args: unknown[]) => unknown;

export class ArmExpressionError extends Error {
  readonly code = 'arm_expression' as const;
}

type Node =
  | { kind: 'literal'; value: string | number }
  | { kind: 'call'; name: string; args: Node[] }
  | { kind: 'member'; target: Node; property: Node };

/** Whether a template string is an expression: `[...]`, but not the `[[` escape. */
export function isExpression(value: string): boolean {
  return value.startsWith('[') && !value.startsWith('[[') && value.endsWith(']');
}

export function parseExpression(source: string): Node {
  let i = 0;
  const fail = (what: string): never => {
    throw new ArmExpressionError(`ARM expression "${source}": ${what} at ${i}`);
  };
  const skip = () => {
    while (source[i] === ' ') i++;
  };
  const peek = () => (skip(), source[i]);

  function primary(): Node {
    const c = peek();
    if (c === "'") {
      let out = '';
      i++;
      for (;;) {
        if (i >= source.length) fail('unterminated string');
        if (source[i] === "'") {
          if (source[i + 1] === "'") {
            out += "'";
            i += 2;
            continue;
          }
          i++;
          return { kind: 'literal', value: out };
        }
        out += source[i++];
      }
    }
    const number = /^-?\d+/.exec(source.slice(i));
    if (number) {
      i += number[0].length;
      return { kind: 'literal', value: Number(number[0]) };
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i));
    if (!name) return fail('expected a value');
    i += name[0].length;
    if (peek() !== '(') fail(`expected "(" after ${name[0]}`);
    i++;
    const args: Node[] = [];
    if (peek() !== ')') {
      for (;;) {
        args.push(expression());
        const next = peek();
        if (next === ',') i++;
        else if (next === ')') break;
        else fail('expected "," or ")"');
      }
    }
    i++;
    return { kind: 'call', name: name[0], args };
  }

  function expression(): Node {
    let node = primary();
    for (;;) {
      const c = peek();
      if (c === '.') {
        i++;
        const prop = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(source.slice(i));
        if (!prop) fail('expected a property name');
        i += prop![0].length;
        node = { kind: 'member', target: node, property: { kind: 'literal', value: prop![0] } };
      } else if (c === '[') {
        i++;
        const property = expression();
        if (peek() !== ']') fail('expected "]"');
        i++;
        node = { kind: 'member', target: node, property };
      } else return node;
    }
  }

  const node = expression();
  if (peek() !== undefined) fail('unexpected text');
  return node;
}

export function evaluateNode(node: Node, functions: Record<string, ArmFunction>): unknown {
  if (node.kind === 'literal') return node.value;
  if (node.kind === 'member') {
    const target = evaluateNode(node.target, functions);
    const property = evaluateNode(node.property, functions);
    if (target === null || typeof target !== 'object')
      throw new ArmExpressionError(`cannot read ${String(property)} of ${String(target)}`);
    // ARM property names are case-insensitive.
    const key = Object.keys(target).find((k) => k.toLowerCase() === String(property).toLowerCase());
    if (key === undefined) throw new ArmExpressionError(`no property ${String(property)}`);
    return (target as Record<string, unknown>)[key];
  }
  const fn = Object.entries(functions).find(([name]) => name.toLowerCase() === node.name.toLowerCase())?.[1];
  if (!fn) throw new ArmExpressionError(`unknown function ${node.name}()`);
  return fn(...node.args.map((arg) => evaluateNode(arg, functions)));
}

/** Evaluates every expression string inside `value`, recursively; `[[` unescapes to `[`. */
export function evaluateDeep(value: unknown, functions: Record<string, ArmFunction>): unknown {
  if (typeof value === 'string') {
    if (value.startsWith('[[')) return value.slice(1);
    return isExpression(value) ? evaluateNode(parseExpression(value.slice(1, -1)), functions) : value;
  }
  if (Array.isArray(value)) return value.map((v) => evaluateDeep(v, functions));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, evaluateDeep(v, functions)]));
  }
  return value;
}

/** The standard functions the relay template uses, by their documented behaviour. */
export const STANDARD_FUNCTIONS: Record<string, ArmFunction> = {
  concat: (...args) =>
    args.every(Array.isArray)
      ? (args as unknown[][]).flat()
      : args
          .map((a) =>
            typeof a === 'string' || typeof a === 'number'
              ? String(a)
              : fail('concat of strings or of arrays'),
          )
          .join(''),
  if: (condition, yes, no) => (condition ? yes : no),
  empty: (value) =>
    value === null ||
    value === undefined ||
    value === '' ||
    (Array.isArray(value) && value.length === 0) ||
    (typeof value === 'object' && Object.keys(value as object).length === 0),
  // Case-sensitive for strings, as documented.
  contains: (container, item) =>
    typeof container === 'string'
      ? container.includes(String(item))
      : Array.isArray(container)
        ? container.includes(item)
        : Object.keys(container as object).includes(String(item)),
  toLower: (value) => String(value).toLowerCase(),
  json: (value) => JSON.parse(String(value)),
  createArray: (...args) => args,
  createObject: (...args) => {
    if (args.length % 2 !== 0) fail('createObject takes name/value pairs');
    const out: Record<string, unknown> = {};
    for (let k = 0; k < args.length; k += 2) out[String(args[k])] = args[k + 1];
    return out;
  },
  equals: (a, b) => JSON.stringify(a) === JSON.stringify(b),
};

function fail(message: string): never {
  throw new ArmExpressionError(message);
}
