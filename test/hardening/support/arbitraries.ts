// Inputs for the property tests: JSON as it reaches a handler (Forge hands triggers, web triggers
// and resolvers parsed JSON, where `__proto__` is an ordinary own key), awkward strings, and
// mutations of a valid document (a field deleted, replaced, duplicated, renamed in another case)
// so that the generated inputs get past the first checks and reach the deep ones.
import fc from 'fast-check';

export const RUNS = 10_000;

export const awkwardString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\t\n',
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    "O'Brien's",
    'R+D Lab',
    'Finance #1',
    '%2e%2e',
    '../../etc/passwd',
    '<script>alert(1)</script>',
    '\u0000',
    '\uD800',
    '💥',
    'Ventes – Équipe',
    '11111111-1111-4111-8111-111111111111',
    '11111111-1111-4111-8111-11111111111G',
    '10003',
    '-1',
    '1e309',
    'NaN',
    'null',
    'true',
    'x'.repeat(1001),
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);

/** A JSON value, with awkward strings and keys mixed in. */
export const jsonish: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    awkwardString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(awkwardString, fc.string({ maxLength: 8 })), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** Parsed JSON as a handler gets it: `__proto__` keys are own properties, as JSON.parse makes them. */
export const asParsedJson = (value: unknown): unknown => {
  const text = JSON.stringify(value);
  return text === undefined ? undefined : (JSON.parse(text) as unknown);
};

type Path = (string | number)[];

function paths(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (prefix.length > 0) out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  return out;
}

export type Mutation = {
  pick: number;
  kind: 'delete' | 'set' | 'duplicate' | 'recase' | 'wrap';
  value: unknown;
};

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  pick: fc.nat(),
  kind: fc.constantFrom('delete', 'set', 'set', 'duplicate', 'recase', 'wrap'),
  value: jsonish,
});

/** Applies the mutations to a deep copy of `base` (a JSON document). */
export function mutate<T>(base: T, mutations: Mutation[]): unknown {
  const root = structuredClone(base) as unknown;
  for (const m of mutations) {
    const all = paths(root);
    if (all.length === 0) return m.kind === 'set' ? m.value : root;
    const path = all[m.pick % all.length]!;
    const parent = path
      .slice(0, -1)
      .reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root) as
      Record<string | number, unknown> | unknown[];
    const key = path[path.length - 1]!;
    const container = parent as Record<string | number, unknown>;
    switch (m.kind) {
      case 'delete':
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete container[key];
        break;
      case 'set':
        container[key] = m.value;
        break;
      case 'duplicate':
        if (Array.isArray(parent)) parent.push(structuredClone(parent[Number(key)]));
        else container[`${String(key)}_copy`] = structuredClone(container[key]);
        break;
      case 'recase':
        if (!Array.isArray(parent) && typeof key === 'string') {
          const value = container[key];
          delete container[key];
          container[key === key.toUpperCase() ? key.toLowerCase() : key.toUpperCase()] = value;
        }
        break;
      case 'wrap':
        container[key] = [container[key]];
        break;
    }
  }
  return root;
}

/** A mutated copy of `base`, now and then replaced by arbitrary JSON altogether. */
export const mutationsOf = <T>(base: T): fc.Arbitrary<unknown> =>
  fc.oneof(
    {
      weight: 8,
      arbitrary: fc
        .array(mutation, { minLength: 0, maxLength: 4 })
        .map((ms) => asParsedJson(mutate(base, ms))),
    },
    { weight: 1, arbitrary: jsonish.map(asParsedJson) },
  );
