// ADF as Jira checks it: every comment body and description is validated against Atlassian's
// own ADF JSON schema (@atlaskit/adf-schema, json-schema/v1/full.json). The schema declares
// draft-04; Ajv 8 compiles it once `$schema` is removed, with strict mode off (it uses keywords
// Ajv's strict mode flags but draft-04 allows).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';

export type AdfValidator = (doc: unknown) => string[];

export function createAdfValidator(): AdfValidator {
  const require = createRequire(import.meta.url);
  const file = require.resolve('@atlaskit/adf-schema/dist/json-schema/v1/full.json');
  const schema = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  delete schema.$schema;
  const ajv = new Ajv({ strict: false, allErrors: false });
  const validate: ValidateFunction = ajv.compile(schema);
  return (doc) => {
    if (validate(doc)) return [];
    // anyOf over ~30 node types yields one error per branch; the first few say enough.
    return (validate.errors ?? [])
      .slice(0, 3)
      .map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
  };
}

/** The text of an ADF document, one line per block. */
export function plainTextOf(node: unknown): string {
  const lines: string[] = [];
  const inline = (n: unknown): string => {
    if (!n || typeof n !== 'object') return '';
    const { type, text, content } = n as { type?: unknown; text?: unknown; content?: unknown };
    if (type === 'text' && typeof text === 'string') return text;
    if (type === 'hardBreak') return '\n';
    return Array.isArray(content) ? content.map(inline).join('') : '';
  };
  const block = (n: unknown): void => {
    if (!n || typeof n !== 'object') return;
    const { type, content } = n as { type?: unknown; content?: unknown };
    if (!Array.isArray(content)) return;
    if (type === 'paragraph' || type === 'heading' || type === 'codeBlock')
      lines.push(content.map(inline).join(''));
    else content.forEach(block);
  };
  block(node);
  return lines.join('\n');
}

/** A plain-text body (JSM comments and descriptions) as the ADF Jira stores. */
export function adfFromText(text: string): unknown {
  const content = text
    .split(/\r?\n/)
    .map((line) => ({ type: 'paragraph', content: line ? [{ type: 'text', text: line }] : [] }));
  return { version: 1, type: 'doc', content };
}
