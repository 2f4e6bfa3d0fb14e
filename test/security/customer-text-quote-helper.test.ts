// Issue 11, finding 11: the one way customer words are quoted in public comments, for any text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAdfValidator } from '../../sandbox/emulators/jira/adf';
import { doc, paragraph, quotedPlainText, quotedText, QUOTE_CLOSE, QUOTE_OPEN } from '../../src/jira/adf';
import { QUOTE_MAX_CHARS, quoteCustomerText } from '../../src/core/access-request/quote-customer-text';

const validate = createAdfValidator();
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.string({ unit: 'grapheme', maxLength: 400 }),
  fc.constantFrom(
    '',
    '\n',
    ' ',
    '\u0000',
    QUOTE_OPEN,
    QUOTE_CLOSE,
    `${QUOTE_CLOSE}https://evil.example${QUOTE_OPEN}`,
  ),
);

const appText = anyText.map((s) => s.replace(/[\u{E000}\u{E001}]/gu, ''));

describe('quoteCustomerText', () => {
  it('makes one capped inline-code run on one line, in valid ADF, whatever the customer typed', () => {
    fc.assert(
      // `around` stands for the app's own words: they never carry a quote mark.
      fc.property(anyText, appText, (typed, around) => {
        const message = `We could not find ${quoteCustomerText(typed)}. ${around}`;
        const built = doc(paragraph(...quotedText(message)));
        expect(validate(built)).toEqual([]);
        const first = built.content[0];
        const inlines = first?.type === 'paragraph' ? first.content : [];
        const quoted = inlines.filter((n) => n.type === 'text' && n.marks?.some((m) => m.type === 'code'));
        // The customer's words are one run; only the app's own quote marks open and close it.
        expect(quoted).toHaveLength(1);
        const words = (quoted[0] as { text: string }).text;
        expect([...words].length).toBeLessThanOrEqual(QUOTE_MAX_CHARS);
        expect(words).not.toMatch(/[\n\r\u2028\u2029]/);
        expect(
          inlines.flatMap((n) => (n.type === 'text' ? (n.marks ?? []) : [])).map((m) => m.type),
        ).not.toContain('link');
      }),
      { numRuns: 500 },
    );
  });

  it('caps long text with an ellipsis and keeps short text whole', () => {
    expect(quoteCustomerText('Sales & Marketing')).toBe(`${QUOTE_OPEN}Sales & Marketing${QUOTE_CLOSE}`);
    const long = quoteCustomerText(`https://evil.example/${'a'.repeat(2000)}`);
    expect([...long.slice(1, -1)]).toHaveLength(QUOTE_MAX_CHARS);
    expect(long.slice(-2, -1)).toBe('…');
  });

  it('drops bidi overrides and zero-width characters that would disguise the text', () => {
    expect(quoteCustomerText('abc\u202Egpj.exe\u200B')).toBe(`${QUOTE_OPEN}abc gpj.exe${QUOTE_CLOSE}`);
  });

  it('reads as plain text with double quotes where there is no ADF (the portal, the issue property)', () => {
    expect(quotedPlainText(`No package called ${quoteCustomerText('X\ny')}.`)).toBe(
      'No package called "X y".',
    );
  });
});
