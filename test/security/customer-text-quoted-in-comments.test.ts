// Issue 11, finding 11: customer text echoed in app-authored public comments. A customer types a
// "package name" that is really a message: a link, markdown, wiki markup, and 2,000 characters.
// The app's public "could not find" comment, which the customer's whole organization can read,
// must quote it as inline code, capped, on one line, and never as a link. The Jira emulator checks
// every comment body against Atlassian's ADF schema (its default), so the quote is valid ADF too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdfInline } from '../../src/jira/adf';
import { QUOTE_MAX_CHARS } from '../../src/core/access-request/quote-customer-text';
import { startWorld, type TestWorld } from '../integration/workflow/world-support';

let world: TestWorld;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world.close());

const PHISH =
  'URGENT: your account is locked, sign in at https://login.contoso-support.example/reset ' +
  '[click here|https://evil.example/] **now** [now](https://evil.example/md) <a href="https://evil.example">x</a>\n' +
  'IT Security Team ' +
  'A'.repeat(2000);

/** Every inline node of an ADF document, in order. */
function inlineNodes(node: unknown): AdfInline[] {
  if (!node || typeof node !== 'object') return [];
  const { type, content } = node as { type?: string; content?: unknown };
  if (type === 'text' || type === 'hardBreak') return [node as AdfInline];
  return Array.isArray(content) ? content.flatMap(inlineNodes) : [];
}

describe('a typed package name that is really a message', () => {
  it('is quoted in the public comment as capped inline code, never as a link', async () => {
    const issue = await world.raise({ customer: world.demo.customers.adele, packageName: PHISH });
    await world.runQueue();
    expect((await world.outcome(issue.key)).failure).toBe('package_not_found');

    const publicComments = world.jira.comments(issue.key).filter((c) => !c.internal);
    expect(publicComments).toHaveLength(1);
    const nodes = inlineNodes(publicComments[0]!.body);
    const marks = nodes.flatMap((n) => (n.type === 'text' ? (n.marks ?? []) : []));
    expect(marks.filter((m) => m.type === 'link')).toEqual([]);

    const quoted = nodes.filter((n) => n.type === 'text' && n.marks?.some((m) => m.type === 'code'));
    expect(quoted).toHaveLength(1);
    const quote = (quoted[0] as { text: string }).text;
    expect([...quote].length).toBeLessThanOrEqual(QUOTE_MAX_CHARS);
    expect(quote.startsWith('URGENT: your account is locked')).toBe(true);
    expect(quote.endsWith('…')).toBe(true);
    // One line: the customer's line break does not start a paragraph of their own.
    expect(nodes.some((n) => n.type === 'hardBreak')).toBe(false);
    // Nothing of the customer's words outside the quote.
    const plain = nodes
      .filter((n) => n.type === 'text' && !n.marks?.length)
      .map((n) => (n as { text: string }).text)
      .join('');
    expect(plain).not.toMatch(/https?:|evil|IT Security|AAAA/);
    expect(publicComments[0]!.text.length).toBeLessThan(250);
  });
});
