// A tiny builder for Atlassian Document Format, the body of v3 comments and descriptions
// (https://developer.atlassian.com/cloud/jira/platform/apis/document/structure/). It only makes
// documents Atlassian's ADF JSON schema accepts (@atlaskit/adf-schema json-schema/v1/full.json):
// - a text node must not be empty (`minLength: 1`), so empty strings are dropped;
// - `code` combines only with `link` (code_inline_node), never with `strong`;
// - a bulletList needs at least one item and a listItem at least one block, so empty lists are
//   left out of the document.
// Newlines in text become hardBreak nodes, so multi-line strings keep their lines.

export type AdfMark = { type: 'strong' } | { type: 'code' } | { type: 'link'; attrs: { href: string } };
export interface AdfText {
  type: 'text';
  text: string;
  marks?: AdfMark[];
}
export interface AdfHardBreak {
  type: 'hardBreak';
}
export type AdfInline = AdfText | AdfHardBreak;
export interface AdfParagraph {
  type: 'paragraph';
  content: AdfInline[];
}
export interface AdfListItem {
  type: 'listItem';
  content: (AdfParagraph | AdfBulletList)[];
}
export interface AdfBulletList {
  type: 'bulletList';
  content: AdfListItem[];
}
export type AdfBlock = AdfParagraph | AdfBulletList;
export interface AdfDoc {
  version: 1;
  type: 'doc';
  content: AdfBlock[];
}

/** Plain text, or text with either `strong` or `code` (ADF forbids both), optionally a link. */
export type TextStyle =
  { strong?: boolean; code?: never; href?: string } | { code: true; strong?: never; href?: string };

/** Inline content: a string is plain text. */
export type InlineInput = string | AdfInline | readonly AdfInline[];

/** One text run; '' gives [] because ADF forbids empty text nodes. Newlines become hardBreaks. */
export function text(value: string, style: TextStyle = {}): AdfInline[] {
  const marks: AdfMark[] = [];
  if (style.code) marks.push({ type: 'code' });
  else if (style.strong) marks.push({ type: 'strong' });
  if (style.href !== undefined) marks.push({ type: 'link', attrs: { href: style.href } });
  const out: AdfInline[] = [];
  const lines = value.replace(/\r\n?/g, '\n').split('\n');
  lines.forEach((line, i) => {
    if (i > 0) out.push({ type: 'hardBreak' });
    if (line.length > 0)
      out.push(marks.length ? { type: 'text', text: line, marks: [...marks] } : { type: 'text', text: line });
  });
  return out;
}

/**
 * Around a quote of someone else's words (core's quoteCustomerText): private-use code points, which
 * the quoting strips from the words themselves, so only the app can open or close a quote.
 */
export const QUOTE_OPEN = '\u{E000}';
export const QUOTE_CLOSE = '\u{E001}';
const QUOTED = /\u{E000}([^\u{E000}\u{E001}]*)\u{E001}/gu;
const QUOTE_MARKS = /[\u{E000}\u{E001}]/gu;

/**
 * Text in which each quote becomes an inline `code` run: shown as typed, never formatted, and
 * never a link (a `code` mark goes with no mark but `link`, and this adds none). Stray marks go.
 */
export function quotedText(value: string): AdfInline[] {
  const out: AdfInline[] = [];
  let from = 0;
  for (const match of value.matchAll(QUOTED)) {
    out.push(...text(value.slice(from, match.index).replace(QUOTE_MARKS, '')));
    out.push(...code(match[1] ?? ''));
    from = match.index + match[0].length;
  }
  out.push(...text(value.slice(from).replace(QUOTE_MARKS, '')));
  return out;
}

/** The same text for plain-text readers (an issue property, the portal): quotes in "…". */
export function quotedPlainText(value: string): string {
  return value.replace(QUOTED, (_, quoted: string) => `"${quoted}"`).replace(QUOTE_MARKS, '');
}

export const strong = (value: string): AdfInline[] => text(value, { strong: true });
export const code = (value: string): AdfInline[] => text(value, { code: true });
export const link = (label: string, href: string): AdfInline[] => text(label || href, { href });

function inlines(parts: readonly InlineInput[]): AdfInline[] {
  const out: AdfInline[] = [];
  for (const part of parts) {
    if (typeof part === 'string') out.push(...text(part));
    else if (Array.isArray(part)) out.push(...(part as readonly AdfInline[]));
    else out.push(part as AdfInline);
  }
  return out;
}

export function paragraph(...parts: InlineInput[]): AdfParagraph {
  return { type: 'paragraph', content: inlines(parts) };
}

/** A list item is a string, some inline content, or one or more blocks. */
export type ListItemInput = InlineInput | AdfBlock | readonly AdfBlock[];

function isBlock(value: unknown): value is AdfBlock {
  return (
    typeof value === 'object' &&
    value !== null &&
    'type' in value &&
    (value.type === 'paragraph' || value.type === 'bulletList')
  );
}

export function bulletList(items: readonly ListItemInput[]): AdfBulletList {
  const content: AdfListItem[] = [];
  for (const item of items) {
    let blocks: AdfBlock[];
    if (isBlock(item)) blocks = [item];
    else if (Array.isArray(item) && item.every(isBlock)) blocks = [...(item as AdfBlock[])];
    else blocks = [paragraph(item as InlineInput)];
    const kept = blocks.filter((b) => b.type !== 'bulletList' || b.content.length > 0);
    content.push({ type: 'listItem', content: kept.length ? kept : [paragraph()] });
  }
  return { type: 'bulletList', content };
}

/** The document; blocks that would be invalid (an empty list) are left out. */
export function doc(...blocks: (AdfBlock | string)[]): AdfDoc {
  const content = blocks
    .map((b) => (typeof b === 'string' ? paragraph(b) : b))
    .filter((b) => b.type !== 'bulletList' || b.content.length > 0);
  return { version: 1, type: 'doc', content };
}

/** Plain text of an ADF document: one line per paragraph, list items as "- item". */
export function adfToPlainText(node: unknown): string {
  const lines: string[] = [];
  const asNode = (n: unknown) =>
    n && typeof n === 'object' ? (n as { type?: unknown; text?: unknown; content?: unknown }) : {};
  const inline = (n: unknown): string => {
    const { type, text: t, content } = asNode(n);
    if (type === 'text' && typeof t === 'string') return t;
    if (type === 'hardBreak') return '\n';
    return Array.isArray(content) ? content.map(inline).join('') : '';
  };
  const block = (n: unknown, first: string, rest: string): void => {
    const { type, content } = asNode(n);
    if (!Array.isArray(content)) return;
    if (type === 'paragraph' || type === 'heading' || type === 'codeBlock') {
      lines.push(first + content.map(inline).join('').replace(/\n/g, `\n${rest}`));
    } else if (type === 'bulletList' || type === 'orderedList') {
      for (const item of content) {
        const blocks = asNode(item).content;
        if (!Array.isArray(blocks)) continue;
        blocks.forEach((b, i) => block(b, i === 0 ? `${rest}- ` : `${rest}  `, `${rest}  `));
      }
    } else {
      content.forEach((c) => block(c, first, rest));
    }
  };
  block(node, '', '');
  return lines.join('\n');
}
