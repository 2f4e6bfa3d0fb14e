// Words a customer controls (a typed package name, an end date, their account's email) that a
// public comment repeats. Repeated as they are, they would let a customer make the app post any
// message to their whole organization: a long text, a link, markup (issue 11, finding 11). So each
// is quoted the one way: on one line, at most QUOTE_MAX_CHARS characters with an ellipsis, and set
// as inline code (src/jira/adf.ts quotedText), which Jira shows as typed and never as a link
// (https://developer.atlassian.com/cloud/jira/platform/apis/document/marks/code/).
import { QUOTE_CLOSE, QUOTE_OPEN } from '../../jira';

export const QUOTE_MAX_CHARS = 80;

// Controls and line breaks (a quote stays on its line), private-use code points (the quote marks
// among them), lone surrogates, and the invisible format characters that can reorder or hide text
// (bidi overrides, zero-width joiners).
const UNSAFE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Zl}\p{Zp}]+/gu;

export function quoteCustomerText(value: string): string {
  const flat = value.replace(UNSAFE, ' ').replace(/\s+/gu, ' ').trim();
  const chars = [...flat];
  const capped =
    chars.length > QUOTE_MAX_CHARS
      ? `${chars
          .slice(0, QUOTE_MAX_CHARS - 1)
          .join('')
          .trimEnd()}…`
      : flat;
  return `${QUOTE_OPEN}${capped || '(empty)'}${QUOTE_CLOSE}`;
}
