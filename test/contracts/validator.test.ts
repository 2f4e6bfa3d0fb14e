import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildExtract, SHARED_CONTRACTS_DIR } from '../../scripts/extract-contracts';
import { createContractValidator, KNOWN_GAPS, loadContract, loadExtract } from './validator';
import { referenceAssignmentRequest201 } from '../fixtures/graph-reference';

const EM = '/v1.0/identityGovernance/entitlementManagement';
const graph = createContractValidator(loadContract('identity-governance'));
const jira = createContractValidator(loadContract('jira-platform'));

describe('contract extracts', () => {
  it.each(['identity-governance', 'identity-directory-management', 'jira-platform'] as const)(
    '%s: committed, small, with its source noted',
    (name) => {
      const url = new URL(`./${name}.extract.json`, import.meta.url);
      expect(readFileSync(url).length).toBeLessThan(400 * 1024);
      const doc = loadExtract(name);
      expect(doc['x-source']).toMatchObject({
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        extractedAt: expect.any(String),
        knownGaps: expect.any(Array),
      });
      const declared = Object.entries(doc.paths).flatMap(([p, item]) =>
        Object.keys(item)
          .filter((k) => k !== 'parameters')
          .map((m) => `${m.toUpperCase()} ${p}`),
      );
      expect(declared.sort()).toEqual([...(doc['x-source']?.operations as string[])].sort());
      // Only what the operations reference: nothing dangling, nothing missing.
      const text = JSON.stringify(doc);
      for (const ref of text.match(/"#\/components\/[^"]+"/g) ?? []) {
        const path = (JSON.parse(ref) as string).slice(2).split('/');
        let node: unknown = doc;
        for (const key of path) node = (node as Record<string, unknown> | undefined)?.[key];
        expect(node, ref).toBeDefined();
      }
    },
  );

  it('records the Graph source exactly as contracts/README.md states it', () => {
    expect(loadContract('identity-governance')['x-source']).toMatchObject({
      upstreamRepository: 'github.com/microsoftgraph/msgraph-sdk-powershell',
      path: 'openApiDocs/v1.0/Identity.Governance.yml',
      forkCommit: 'f43aa05b3585171922fc830fa74aabcaea897679',
      lastCommitTouchingFile: '297822afd2b4740504dcb2bead122623ef941b44',
      gitBlob: '5f1113681b8a1e22a1dc4363a790a8c40bb9c3f3',
      sha256: 'fc19ec6124ac662ae4f5e4b5295da7145407bf872f70165752f3f80758bdb5e2',
    });
    expect(loadContract('jira-platform')['x-source']).toMatchObject({
      commit: 'e9edd0efc751bbc5b2a2c33f8755f9ed04e14158',
      sha256: '0c6fa9733a8bc76b7f6cca57ddb23576e3eccbfe5974292f58af15e5d9d2d57f',
    });
  });

  it.skipIf(!existsSync(SHARED_CONTRACTS_DIR))(
    'the committed extracts match a fresh extraction from ../shared',
    () => {
      for (const name of ['identity-governance', 'identity-directory-management', 'jira-platform']) {
        const committed = readFileSync(new URL(`./${name}.extract.json`, import.meta.url), 'utf8');
        const date = (JSON.parse(committed) as { 'x-source': { extractedAt: string } })['x-source']
          .extractedAt;
        expect(
          buildExtract(name, SHARED_CONTRACTS_DIR, new Date(`${date}T00:00:00Z`)).text,
          `run npm run contracts:extract (${name})`,
        ).toBe(committed);
      }
    },
  );

  it('the extract script exits 0 and keeps the extracts when ../shared is absent', () => {
    const out = execFileSync('npx', ['tsx', 'scripts/extract-contracts.ts'], {
      cwd: new URL('../..', import.meta.url),
      env: { ...process.env, ACCESS_BRIDGE_SHARED_CONTRACTS: '/nonexistent/contracts' },
      encoding: 'utf8',
    });
    expect(out).toContain('keeping the committed extracts');
  });
});

describe('createContractValidator (Graph)', () => {
  const adminAdd = {
    requestType: 'adminAdd',
    assignment: { targetId: 'u', assignmentPolicyId: 'p', accessPackageId: 'a' },
    justification: 'JSM-1',
  };

  it('matches templates, the /v1.0 prefix, OData keys and the short action name', () => {
    expect(graph.match('GET', `${EM}/accessPackages/abc`)).toMatchObject({
      pathTemplate: '/identityGovernance/entitlementManagement/accessPackages/{accessPackage-id}',
      params: { 'accessPackage-id': 'abc' },
    });
    expect(graph.match('POST', `${EM}/assignmentRequests/r1/resume`)?.pathTemplate).toMatch(
      /microsoft\.graph\.resume$/,
    );
    expect(graph.match('GET', "/v1.0/users('%24x%40y.com')")?.params).toEqual({ 'user-id': '$x@y.com' });
    expect(graph.match('GET', '/v1.0/users/$x@y.com')).toBeUndefined();
    expect(graph.match('GET', `${EM}/accessPackages`, { graphPrefix: '/beta' })).toBeUndefined();
    expect(
      graph.match('GET', '/identityGovernance/entitlementManagement/catalogs', { pathPrefix: '' }),
    ).toBeDefined();
    expect(graph.resolve('DELETE', `${EM}/accessPackages/abc`)).toMatchObject({
      kind: 'no-method',
      allowed: ['GET'],
    });
    expect(graph.resolve('GET', `${EM}/accessPackageAssignmentPolicies`)).toMatchObject({
      kind: 'no-path',
      unmatchedSegment: 'accessPackageAssignmentPolicies',
    });
  });

  it('(a) declares the write-only assignment fields and justification: accepted, and type-checked', () => {
    expect(graph.validateRequest('POST', `${EM}/assignmentRequests`, '', adminAdd)).toEqual([]);
    expect(
      graph.validateRequest('POST', `${EM}/assignmentRequests`, '', {
        requestType: 'adminRemove',
        assignment: { id: 'x' },
      }),
    ).toEqual([]);
    const bad = graph.validateRequest('POST', `${EM}/assignmentRequests`, '', {
      ...adminAdd,
      assignment: { targetId: 1, assignmentPolicyId: true },
      justification: {},
    });
    expect(bad).toEqual(
      expect.arrayContaining([
        expect.stringContaining('/assignment/targetId'),
        expect.stringContaining('/assignment/assignmentPolicyId'),
        expect.stringContaining('/justification'),
      ]),
    );
    expect(KNOWN_GAPS.schemaExtensions['microsoft.graph.accessPackageAssignment']).toBeDefined();
  });

  it('(b) checks the resume callback data through the declared derived type', () => {
    const body = (data: Record<string, unknown>) => ({
      source: 'JSM',
      type: 'microsoft.graph.accessPackageCustomExtensionStage.assignmentRequestApproved',
      data,
    });
    const good = {
      '@odata.type': 'microsoft.graph.accessPackageAssignmentRequestCallbackData',
      stage: 'assignmentRequestApproved',
      customExtensionStageInstanceId: 'i',
    };
    expect(graph.validateRequest('POST', `${EM}/assignmentRequests/r/resume`, '', body(good))).toEqual([]);
    expect(
      graph.validateRequest(
        'POST',
        `${EM}/assignmentRequests/r/resume`,
        '',
        body({ ...good, stage: 'approved' }),
      )[0],
    ).toContain('/data/stage');
    expect(
      graph.validateRequest(
        'POST',
        `${EM}/assignmentRequests/r/resume`,
        '',
        body({ ...good, customExtensionStageInstanceId: 5 }),
      )[0],
    ).toContain('/data/customExtensionStageInstanceId');
  });

  it('(c) serves /users from the overlay and validates users against microsoft.graph.user', () => {
    expect(
      graph.validateRequest(
        'GET',
        '/v1.0/users',
        "$filter=mail%20eq%20'a'&$select=id,mail&$count=true",
        undefined,
      ),
    ).toEqual([]);
    expect(
      graph.validateResponse('GET', '/v1.0/users', 200, {
        value: [{ id: 'u', accountEnabled: true, otherMails: [] }],
      }),
    ).toEqual([]);
    expect(
      graph.validateResponse('GET', '/v1.0/users/u', 200, { id: 'u', accountEnabled: 'yes' })[0],
    ).toContain('/accountEnabled');
  });

  it('(d) accepts $skiptoken on pageable operations only', () => {
    expect(graph.validateRequest('GET', `${EM}/assignments`, '$skiptoken=abc', undefined)).toEqual([]);
    expect(graph.validateRequest('GET', `${EM}/accessPackages/x`, '$skiptoken=abc', undefined)[0]).toContain(
      '$skiptoken is not declared',
    );
  });

  it('reads query values per RFC 3986 and coerces them to the declared types', () => {
    expect(
      graph.validateRequest(
        'GET',
        `${EM}/accessPackages`,
        '$top=5&$count=true&$expand=assignmentPolicies($select=id,displayName),catalog',
        undefined,
      ),
    ).toEqual([]);
    expect(graph.validateRequest('GET', `${EM}/accessPackages`, '$top=-1', undefined)[0]).toContain('>= 0');
    expect(graph.validateRequest('GET', `${EM}/accessPackages`, '$count=yes', undefined)[0]).toContain(
      'not true or false',
    );
    expect(graph.validateRequest('GET', `${EM}/accessPackages`, '$select=id,id', undefined)[0]).toContain(
      'duplicate',
    );
    expect(graph.validateRequest('GET', `${EM}/accessPackages`, '$filter=%E0%A4%A', undefined)[0]).toContain(
      'Malformed percent-encoding',
    );
    expect(
      graph.validateRequest('GET', `${EM}/accessPackages`, { $filter: "displayName eq 'x'" }, undefined),
    ).toEqual([]);
  });

  it('keeps Graph types open (additionalProperties) and null-tolerant, but checks declared types', () => {
    const reference201 = { ...referenceAssignmentRequest201, somethingNewFromMicrosoft: 'fine' };
    expect(graph.validateResponse('POST', `${EM}/assignmentRequests`, 201, reference201)).toEqual([]);
    expect(
      graph.validateResponse('POST', `${EM}/assignmentRequests`, 201, {
        ...reference201,
        state: 'Submitted',
      })[0],
    ).toContain('/state');
    expect(
      graph.validateResponse('POST', `${EM}/assignmentRequests`, 201, {
        ...reference201,
        createdDateTime: 'yesterday',
      })[0],
    ).toContain('/createdDateTime');
    expect(
      graph.validateResponse('GET', `${EM}/accessPackages`, 400, {
        error: { code: 'BadRequest', message: 'm', innerError: { date: 'd', 'request-id': 'r' } },
      }),
    ).toEqual([]);
    expect(
      graph.validateResponse('GET', `${EM}/accessPackages`, 400, { error: { code: 'BadRequest' } })[0],
    ).toContain("'message'");
    expect(graph.validateResponse('POST', `${EM}/assignmentRequests/r/resume`, 204, undefined)).toEqual([]);
    expect(JSON.stringify(graph.doc.components?.schemas)).not.toContain('"additionalProperties":false');
  });

  it('exposes declared properties (allOf merged) for $select and $filter checks', () => {
    const props = graph.schemaProperties('microsoft.graph.accessPackageAssignment');
    expect([...(props?.keys() ?? [])]).toEqual(
      expect.arrayContaining(['id', 'state', 'target', 'accessPackage', 'targetId']),
    );
    expect(
      graph.validateSchema('microsoft.graph.accessPackageSubject', { objectId: null, subjectType: 'user' }),
    ).toEqual([]);
  });
});

describe('createContractValidator (Jira)', () => {
  it('has no prefix, matches case-sensitively and checks bodies and undeclared query parameters', () => {
    expect(jira.pathPrefix).toBe('');
    expect(jira.match('GET', '/rest/api/3/issue/JSM-12')?.params).toEqual({ issueIdOrKey: 'JSM-12' });
    expect(jira.match('GET', '/REST/api/3/issue/JSM-12')).toBeUndefined();
    const comment = {
      body: { type: 'doc', version: 1, content: [] },
      properties: [{ key: 'sd.public.comment', value: { internal: true } }],
    };
    expect(jira.validateRequest('POST', '/rest/api/3/issue/JSM-12/comment', '', comment)).toEqual([]);
    expect(
      jira.validateRequest('POST', '/rest/api/3/issue/JSM-12/comment', '', {
        ...comment,
        properties: [{ key: 1 }],
      })[0],
    ).toContain('/properties/0/key');
    expect(
      jira.validateRequest(
        'GET',
        '/rest/api/3/issue/JSM-12',
        'fields=summary,status&expand=names',
        undefined,
      ),
    ).toEqual([]);
    expect(jira.validateRequest('GET', '/rest/api/3/issue/JSM-12', 'frobnicate=1', undefined)[0]).toContain(
      'not declared',
    );
    expect(
      jira.validateRequest('PUT', '/rest/api/3/issue/JSM-12/properties/access-bridge', '', { any: ['json'] }),
    ).toEqual([]);
    expect(
      jira.validateResponse('POST', '/rest/api/3/issue', 201, { id: '1', key: 'JSM-1', self: 'https://x' }),
    ).toEqual([]);
  });
});
