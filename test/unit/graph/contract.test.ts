// What the Graph calls send, checked against Microsoft's v1.0 OpenAPI description
// (contracts/Identity.Governance.yml via test/contracts). /users is not in that module.
import { beforeAll, describe, expect, it } from 'vitest';
import { createContractValidator, loadContract, type ContractValidator } from '../../contracts/validator';
import {
  createAssignmentRequest,
  createGraphClient,
  getAccessPackageWithPolicies,
  getAssignmentRequest,
  KNOWN_CLOUDS,
  listAccessPackages,
  listAssignments,
  listCatalogs,
  listOpenRequests,
  resumeAssignmentRequest,
  type GraphClient,
} from '../../../src/graph';
import {
  createFakeClock,
  createFakeHttp,
  createRecordingLog,
  empty,
  json,
  type FakeHttp,
} from './support/fakes';

const AP = 'a914b616-e04e-476b-aa37-91038f0b165b';
const USER = '46184453-e63b-4f20-86c2-c557ed5d5df9';

let contract: ContractValidator;
beforeAll(() => {
  contract = createContractValidator(loadContract('identity-governance'));
});

function client(): { graph: GraphClient; http: FakeHttp } {
  const http = createFakeHttp(async (request) => {
    if (request.url.endsWith('/resume')) return empty(204);
    if (request.method === 'POST') return json(201, { id: 'r1', state: 'submitted' });
    if (/\/(accessPackages|assignmentRequests)\/[^/?]+\?/.test(request.url))
      return json(200, { id: 'x', displayName: 'x' });
    return json(200, { value: [] });
  });
  const graph = createGraphClient({
    http,
    clock: createFakeClock(),
    log: createRecordingLog(),
    cloud: KNOWN_CLOUDS.global,
    tenantId: 't',
    getToken: async () => 't',
  });
  return { graph, http };
}

const calls: [string, (graph: GraphClient) => Promise<unknown>][] = [
  ['listAccessPackages by name', (g) => listAccessPackages(g, { displayName: "O'Brien's R+D & Sales #1" })],
  ['listAccessPackages in a catalog', (g) => listAccessPackages(g, { displayName: 'x', catalogId: AP })],
  ['getAccessPackageWithPolicies', (g) => getAccessPackageWithPolicies(g, AP)],
  ['listCatalogs', (g) => listCatalogs(g)],
  ['listAssignments', (g) => listAssignments(g, { accessPackageId: AP, userId: USER })],
  ['listOpenRequests', (g) => listOpenRequests(g, { accessPackageId: AP, userId: USER })],
  [
    'createAssignmentRequest adminAdd',
    (g) =>
      createAssignmentRequest(g, {
        requestType: 'adminAdd',
        targetId: USER,
        accessPackageId: AP,
        assignmentPolicyId: AP,
        justification: 'JSM-1',
        schedule: {
          startDateTime: '2025-02-01T00:00:00Z',
          expiration: { type: 'afterDateTime', endDateTime: '2025-03-01T00:00:00Z' },
        },
      }),
  ],
  [
    'createAssignmentRequest adminRemove',
    (g) => createAssignmentRequest(g, { requestType: 'adminRemove', assignmentId: AP }),
  ],
  ['getAssignmentRequest', (g) => getAssignmentRequest(g, AP)],
  [
    'resumeAssignmentRequest',
    (g) =>
      resumeAssignmentRequest(g, AP, {
        source: 'JiraServiceManagement',
        type: 'microsoft.graph.accessPackageCustomExtensionStage.assignmentRequestApproved',
        data: {
          stage: 'assignmentRequestApproved',
          customExtensionStageInstanceId: AP,
          customExtensionStageInstanceDetail: 'done',
          state: 'denied',
        },
      }),
  ],
];

describe('Graph calls against the v1.0 contract', () => {
  it.each(calls)('%s sends a request the contract accepts', async (_name, call) => {
    const { graph, http } = client();
    await call(graph);
    expect(http.requests.length).toBeGreaterThan(0);
    for (const request of http.requests) {
      const url = new URL(request.url);
      // Graph reads the raw query: hand the validator the encoded string, not URL's re-encoding.
      const rawQuery = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
      const body = request.body === undefined ? undefined : JSON.parse(request.body);
      expect(contract.validateRequest(request.method, url.pathname, rawQuery, body)).toEqual([]);
    }
  });
});
