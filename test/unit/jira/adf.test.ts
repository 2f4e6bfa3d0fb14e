// The ADF builder only makes documents Atlassian's ADF JSON schema accepts, for any text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAdfValidator } from '../../../sandbox/emulators/jira/adf';
import {
  adfToPlainText,
  bulletList,
  code,
  doc,
  link,
  paragraph,
  strong,
  text,
  type AdfBlock,
  type AdfInline,
  type TextStyle,
} from '../../../src/jira/adf';

const validate = createAdfValidator();

// Any unicode: full code points, lone surrogates, controls, newlines, and the empty string.
const anyText = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom('', '\n', '\r\n', ' ', '\u0000'),
);
const style: fc.Arbitrary<TextStyle> = fc.oneof(
  fc.constant({}),
  fc.constant({ strong: true }),
  fc.constant({ code: true as const }),
  anyText.map((href) => ({ href })),
  anyText.map((href) => ({ strong: true, href })),
  anyText.map((href) => ({ code: true as const, href })),
);
const inline: fc.Arbitrary<AdfInline[]> = fc.tuple(anyText, style).map(([s, st]) => text(s, st));
const para = fc.array(fc.oneof(inline, anyText), { maxLength: 4 }).map((parts) => paragraph(...parts));
const innerList = fc.array(fc.oneof(anyText, para), { maxLength: 3 }).map((items) => bulletList(items));
const list = fc
  .array(
    fc.oneof(
      anyText,
      para,
      fc.tuple(para, innerList).map(([p, l]) => [p, l] as AdfBlock[]),
      inline,
    ),
    { maxLength: 3 },
  )
  .map((items) => bulletList(items));
const document = fc.array(fc.oneof(para, list, anyText), { maxLength: 4 }).map((blocks) => doc(...blocks));

describe('ADF builder', () => {
  it('builds documents the ADF schema accepts, for any text and structure', () => {
    fc.assert(
      fc.property(document, (d) => {
        expect(validate(d)).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps the text: plain text of a one-paragraph doc is the input, newlines included', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const built = doc(paragraph(s));
        expect(validate(built)).toEqual([]);
        expect(adfToPlainText(built)).toBe(s.replace(/\r\n?/g, '\n'));
      }),
      { numRuns: 1000 },
    );
  });

  it('drops empty text, turns newlines into hardBreaks, never combines code with strong', () => {
    expect(text('')).toEqual([]);
    expect(text('a\nb')).toEqual([
      { type: 'text', text: 'a' },
      { type: 'hardBreak' },
      { type: 'text', text: 'b' },
    ]);
    expect(strong('x')).toEqual([{ type: 'text', text: 'x', marks: [{ type: 'strong' }] }]);
    expect(code('x')).toEqual([{ type: 'text', text: 'x', marks: [{ type: 'code' }] }]);
    expect(link('docs', 'https://example.com/a b')).toEqual([
      { type: 'text', text: 'docs', marks: [{ type: 'link', attrs: { href: 'https://example.com/a b' } }] },
    ]);
    // An empty label shows the address rather than vanishing.
    expect(link('', 'https://example.com')[0]).toMatchObject({ text: 'https://example.com' });
  });

  it('leaves empty lists out and gives empty items an empty paragraph', () => {
    expect(doc(bulletList([]), 'x').content).toHaveLength(1);
    const l = bulletList(['']);
    expect(l.content[0]?.content).toEqual([{ type: 'paragraph', content: [] }]);
    expect(validate(doc(l))).toEqual([]);
  });

  it('renders lists as "- item" lines in plain text', () => {
    const d = doc('Intro', bulletList(['one', [paragraph('two'), bulletList(['nested'])]]));
    expect(adfToPlainText(d)).toBe('Intro\n- one\n- two\n  - nested');
  });

  it('the schema check catches what the builder avoids', () => {
    expect(
      validate({
        version: 1,
        type: 'doc',
        content: [{ type: 'paragraph', content: [{ type: 'text', text: '' }] }],
      }),
    ).not.toEqual([]);
    expect(
      validate({
        version: 1,
        type: 'doc',
        content: [
          {
            type: 'paragraph',
            content: [{ type: 'text', text: 'x', marks: [{ type: 'strong' }, { type: 'code' }] }],
          },
        ],
      }),
    ).not.toEqual([]);
    expect(validate({ version: 1, type: 'doc', content: [{ type: 'bulletList', content: [] }] })).not.toEqual(
      [],
    );
  });
});
