// Extracts, from the full OpenAPI contracts in ../shared/contracts (present beside a developer's
// checkout and in CI, absent from a user's fresh clone), only the operations the app calls and
// the transitive closure of the components they reference, into test/contracts/*.extract.json.
// The tests and the emulators read those committed extracts, so nothing needs ../shared to pass
// (shared/README.md). Run: `npm run contracts:extract`.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import YAML from 'yaml';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// ACCESS_BRIDGE_SHARED_CONTRACTS overrides the location (tests use it to simulate a fresh clone).
const sharedContracts = resolve(
  process.env.ACCESS_BRIDGE_SHARED_CONTRACTS ?? join(projectRoot, '../shared/contracts'),
);
const outDir = join(projectRoot, 'test/contracts');

const EM = '/identityGovernance/entitlementManagement';

interface ExtractSpec {
  name: string;
  file: string;
  parse: (text: string) => JsonObject;
  operations: Record<string, string[]>;
  source: JsonObject;
}

/** Known gaps, as contracts/README.md states them; the validator's KNOWN_GAPS overlay handles each. */
const GRAPH_KNOWN_GAPS = [
  'Write-only request properties of POST assignmentRequests (assignment.targetId, assignment.assignmentPolicyId, assignment.accessPackageId) are not declared on accessPackageAssignment; nor is a top-level justification.',
  'Derived types absent (the PowerShell module split drops types no path references): accessPackageAssignmentRequestWorkflowExtension, logicAppTriggerEndpointConfiguration, azureAdPopTokenAuthentication, azureAdTokenAuthentication, subjectSet subtypes (singleUser, groupMembers, ...), accessPackageAssignmentRequestCallbackData. customExtensionData and subjectSet are open objects.',
  'Users (/users, /users/{id}) are not in this module; they are in Users.yml, which is not shipped.',
  'The docs address the resume action as .../{id}/resume; the OpenAPI path is .../{id}/microsoft.graph.resume.',
  'Never validate with additionalProperties:false: every Graph type is open (additionalProperties: {type: object}), which a literal reading applies to each allOf branch.',
];

const SPECS: ExtractSpec[] = [
  {
    name: 'identity-governance',
    file: 'Identity.Governance.yml',
    // The file uses no anchors, but the parser's alias guard is not needed on a trusted input.
    parse: (text) => YAML.parse(text, { maxAliasCount: -1 }) as JsonObject,
    operations: {
      [`${EM}/accessPackages`]: ['get'],
      [`${EM}/accessPackages/{accessPackage-id}`]: ['get'],
      [`${EM}/catalogs`]: ['get'],
      [`${EM}/catalogs/{accessPackageCatalog-id}/accessPackages`]: ['get'],
      [`${EM}/assignmentRequests`]: ['get', 'post'],
      [`${EM}/assignmentRequests/{accessPackageAssignmentRequest-id}`]: ['get'],
      [`${EM}/assignmentRequests/{accessPackageAssignmentRequest-id}/microsoft.graph.resume`]: ['post'],
      [`${EM}/assignments`]: ['get'],
      [`${EM}/assignmentPolicies/{accessPackageAssignmentPolicy-id}`]: ['get'],
    },
    source: {
      upstreamRepository: 'github.com/microsoftgraph/msgraph-sdk-powershell',
      path: 'openApiDocs/v1.0/Identity.Governance.yml',
      obtainedFrom: 'github.com/subray2014/msgraph-sdk-powershell (fork snapshot)',
      forkCommit: 'f43aa05b3585171922fc830fa74aabcaea897679',
      lastCommitTouchingFile: '297822afd2b4740504dcb2bead122623ef941b44',
      gitBlob: '5f1113681b8a1e22a1dc4363a790a8c40bb9c3f3',
      license: 'MIT (msgraph-sdk-powershell LICENSE.txt)',
      knownGaps: GRAPH_KNOWN_GAPS,
    },
  },
  {
    // Verified domains of a customer tenant, imported as its email-domain routing (issue 10).
    name: 'identity-directory-management',
    file: 'Identity.DirectoryManagement.yml',
    parse: (text) => YAML.parse(text, { maxAliasCount: -1 }) as JsonObject,
    operations: {
      '/domains': ['get'],
    },
    source: {
      upstreamRepository: 'github.com/microsoftgraph/msgraph-sdk-powershell',
      path: 'openApiDocs/v1.0/Identity.DirectoryManagement.yml',
      obtainedFrom: 'github.com/subray2014/msgraph-sdk-powershell (fork snapshot)',
      forkCommit: 'f43aa05b3585171922fc830fa74aabcaea897679',
      lastCommitTouchingFile: 'e3955eca (2024-09-25)',
      gitBlob: 'd1ca6bac',
      license: 'MIT (msgraph-sdk-powershell LICENSE.txt)',
      knownGaps: GRAPH_KNOWN_GAPS.slice(-1),
    },
  },
  {
    name: 'jira-platform',
    file: 'jira-platform.v3.json',
    parse: (text) => JSON.parse(text) as JsonObject,
    operations: {
      '/rest/api/3/issue/{issueIdOrKey}': ['get', 'put'],
      '/rest/api/3/issue': ['post'],
      '/rest/api/3/field': ['get'],
      '/rest/api/3/issue/{issueIdOrKey}/comment': ['get', 'post'],
      '/rest/api/3/comment/list': ['post'],
      '/rest/api/3/issue/{issueIdOrKey}/transitions': ['get', 'post'],
      '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}': ['get', 'put', 'delete'],
      '/rest/api/3/issue/{issueIdOrKey}/properties': ['get'],
      '/rest/api/3/priority': ['get'],
      '/rest/api/3/myself': ['get'],
      '/rest/api/3/mypermissions': ['get'],
      // Used by the Jira emulator's routes (helper C): user lookup and issue edit.
      '/rest/api/3/user': ['get'],
      // The reporter's email regardless of profile visibility (issue 10).
      '/rest/api/3/user/email': ['get'],
    },
    source: {
      upstreamRepository: 'github.com/salto-io/jira-swaggers',
      path: 'platform-swagger.v3.json',
      commit: 'e9edd0efc751bbc5b2a2c33f8755f9ed04e14158',
      publishedBy:
        'Atlassian, developer.atlassian.com/cloud/jira/platform/swagger-v3.v3.json (snapshot of July 2022)',
      license:
        'not stated in contracts/README.md: Atlassian publishes this description openly for API clients; a trimmed copy is kept only to validate requests in tests',
      knownGaps: [
        'A July 2022 snapshot: newer fields may be missing.',
        'Does not cover the JSM API (/rest/servicedeskapi/...).',
      ],
    },
  },
];

/** Keys dropped to keep the extract commit-sized; they never change what validates. */
const PRUNED_KEYS = new Set([
  'description',
  'title',
  'example',
  'examples',
  'externalDocs',
  'tags',
  'x-atlassian-narrative',
]);
/** Objects whose keys are names chosen by the API (property names, status codes, media types), never keywords. */
const NAME_MAPS = new Set([
  'properties',
  'patternProperties',
  'responses',
  'content',
  'headers',
  'mapping',
  'links',
  'callbacks',
  'variables',
]);

function prune(value: Json, isNameMap = false): Json {
  if (Array.isArray(value)) return value.map((item) => prune(item));
  if (value === null || typeof value !== 'object') return value;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    if (!isNameMap && PRUNED_KEYS.has(key)) continue;
    out[key] = isNameMap ? prune(child) : prune(child, NAME_MAPS.has(key));
  }
  return out;
}

function collectRefs(value: Json, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectRefs(item, into);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') into.add(child);
      else collectRefs(child, into);
    }
  }
}

function resolvePointer(doc: JsonObject, ref: string): Json | undefined {
  if (!ref.startsWith('#/')) throw new Error(`External $ref not supported: ${ref}`);
  let node: Json | undefined = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = node !== null && typeof node === 'object' && !Array.isArray(node) ? node[key] : undefined;
  }
  return node;
}

function setPointer(target: JsonObject, ref: string, value: Json): void {
  const keys = ref
    .slice(2)
    .split('/')
    .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node = target;
  for (const key of keys.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as JsonObject;
  }
  node[keys[keys.length - 1] as string] = value;
}

function extract(doc: JsonObject, spec: ExtractSpec): JsonObject {
  const paths = doc.paths as JsonObject;
  const outPaths: JsonObject = {};
  const refs = new Set<string>();
  for (const [path, methods] of Object.entries(spec.operations)) {
    const item = paths[path] as JsonObject | undefined;
    if (!item) throw new Error(`${spec.file}: path ${path} not found`);
    const outItem: JsonObject = {};
    if (item.parameters) outItem.parameters = item.parameters;
    for (const method of methods) {
      if (!item[method]) throw new Error(`${spec.file}: ${method.toUpperCase()} ${path} not found`);
      outItem[method] = item[method] as Json;
    }
    collectRefs(outItem, refs);
    outPaths[path] = prune(outItem);
  }
  // Transitive closure over #/components/... references.
  const components: JsonObject = {};
  const done = new Set<string>();
  const queue = [...refs];
  while (queue.length > 0) {
    const ref = queue.pop() as string;
    if (done.has(ref)) continue;
    done.add(ref);
    const target = resolvePointer(doc, ref);
    if (target === undefined) throw new Error(`${spec.file}: unresolved ${ref}`);
    const found = new Set<string>();
    collectRefs(target, found);
    queue.push(...found);
    setPointer(components, ref, prune(target));
  }
  const sorted = sortComponents(components.components as JsonObject | undefined);
  return {
    openapi: doc.openapi as Json,
    info: doc.info as Json,
    servers: doc.servers as Json,
    paths: outPaths,
    components: sorted,
  };
}

function sortComponents(components: JsonObject | undefined): JsonObject {
  const out: JsonObject = {};
  for (const section of Object.keys(components ?? {}).sort()) {
    const entries = (components as JsonObject)[section] as JsonObject;
    out[section] = Object.fromEntries(
      Object.keys(entries)
        .sort()
        .map((k) => [k, entries[k] as Json]),
    );
  }
  return out;
}

/**
 * Pretty at the top, then one line per operation and per component: reviewable diffs at a
 * third of the size of fully indented JSON.
 */
function serialize(doc: JsonObject): string {
  const lines: string[] = ['{'];
  const top = Object.entries(doc);
  top.forEach(([key, value], i) => {
    const comma = i < top.length - 1 ? ',' : '';
    if (key === 'paths' || key === 'components') {
      lines.push(` ${JSON.stringify(key)}: {`);
      const groups = Object.entries(value as JsonObject);
      groups.forEach(([group, entries], j) => {
        const groupComma = j < groups.length - 1 ? ',' : '';
        const inner = Object.entries(entries as JsonObject);
        lines.push(`  ${JSON.stringify(group)}: {`);
        inner.forEach(([name, entry], k) => {
          lines.push(
            `   ${JSON.stringify(name)}: ${JSON.stringify(entry)}${k < inner.length - 1 ? ',' : ''}`,
          );
        });
        lines.push(`  }${groupComma}`);
      });
      lines.push(` }${comma}`);
    } else {
      lines.push(` ${JSON.stringify(key)}: ${JSON.stringify(value, null, 1).replace(/\n/g, '\n ')}${comma}`);
    }
  });
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** The extract of one contract, as written to test/contracts/<name>.extract.json. */
export function buildExtract(
  name: string,
  contractsDir = sharedContracts,
  today = new Date(),
): { text: string; sha256: string } {
  const spec = SPECS.find((s) => s.name === name);
  if (!spec) throw new Error(`Unknown contract ${name}`);
  const bytes = readFileSync(join(contractsDir, spec.file));
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const body = extract(spec.parse(bytes.toString('utf8')), spec);
  const result = {
    'x-source': {
      ...spec.source,
      file: spec.file,
      sizeBytes: bytes.length,
      sha256,
      extractedAt: today.toISOString().slice(0, 10),
      extractedBy: 'scripts/extract-contracts.ts (npm run contracts:extract)',
      pruned: `keys ${[...PRUNED_KEYS].join(', ')} removed; only the operations listed in "operations" and the components they reference are kept`,
      operations: Object.entries(spec.operations).flatMap(([p, ms]) =>
        ms.map((m) => `${m.toUpperCase()} ${p}`),
      ),
    },
    ...body,
  };
  return { text: serialize(result), sha256 };
}

function main(): void {
  if (!existsSync(sharedContracts)) {
    console.log(
      `Contracts not found at ${sharedContracts} (no ../shared beside this clone): keeping the committed extracts in test/contracts/.`,
    );
    return;
  }
  for (const spec of SPECS) {
    const { text, sha256 } = buildExtract(spec.name);
    const out = join(outDir, `${spec.name}.extract.json`);
    writeFileSync(out, text);
    console.log(`${spec.file} (sha256 ${sha256}) -> ${out} (${Math.round(text.length / 1024)} KB)`);
  }
}

export const CONTRACT_NAMES = SPECS.map((s) => s.name);
export const SHARED_CONTRACTS_DIR = sharedContracts;

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
