// The callout body: keys read case-insensitively, the reference's sample accepted, nulls where
// Entra has no value tolerated, and the job keeps what the ticket needs, bounded.
import { describe, expect, it } from 'vitest';
import { CalloutJobSchema, toCalloutJob } from '../../../src/entra/callout-job';
import {
  actionableStage,
  CalloutSchema,
  CalloutShapeError,
  lowerKeys,
  StageSchema,
} from '../../../src/entra/callout-schema';

const TENANT = '11111111-1111-4111-8111-111111111111';

// graph-entitlement.md 5.4, with GUIDs filled in.
const SAMPLE = {
  AccessPackageAssignmentRequestId: '0e60f18c-b2a0-4887-9da8-da2e30a39d99',
  CallbackUriPath:
    '/identityGovernance/entitlementManagement/accessPackageAssignmentRequests/0e60f18c-b2a0-4887-9da8-da2e30a39d99/resume',
  CustomExtensionStageInstanceId: '957d0c50-466b-4840-bb5b-c92cea7141ff',
  Stage: 'assignmentRequestApproved',
  RequestType: 'UserAdd',
  State: 'Approved',
  Status: '...',
  Answers: [],
  CallbackConfiguration: { DurationBeforeTimeout: 'P14D' },
  AccessPackage: { Id: 'a1a1a1a1-0000-4000-8000-000000000001', DisplayName: 'Legacy ERP access' },
  AccessPackageCatalog: { Id: 'c1c1c1c1-0000-4000-8000-000000000001', DisplayName: 'Offline apps' },
  Assignment: {
    Id: 'b1b1b1b1-0000-4000-8000-000000000001',
    State: '...',
    Status: '...',
    Target: {
      Id: 'subject',
      ObjectId: 'd1d1d1d1-0000-4000-8000-000000000001',
      DisplayName: 'Adele Vance',
      ConnectedOrganization: { Id: 'x', DisplayName: 'y' },
    },
    AssignmentPolicy: { Id: 'e1e1e1e1-0000-4000-8000-000000000001', DisplayName: 'Approved requests' },
  },
  Requestor: { Id: 'r', ObjectId: 'd1d1d1d1-0000-4000-8000-000000000001', DisplayName: 'Adele Vance' },
};

const parse = (body: unknown) => CalloutSchema.parse(lowerKeys(body));

describe('lowerKeys', () => {
  it('lower-cases keys at every depth, values untouched', () => {
    expect(
      lowerKeys({ Stage: 'X', AccessPackage: { DisplayName: 'A b' }, Answers: [{ Value: 'V' }] }),
    ).toEqual({ stage: 'X', accesspackage: { displayname: 'A b' }, answers: [{ value: 'V' }] });
  });

  it('drops __proto__ so it cannot lend fields to the callout', () => {
    const out = lowerKeys(
      JSON.parse('{"__proto__": {"stage": "assignmentRequestApproved"}, "x": 1}'),
    ) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(out.stage).toBeUndefined();
    expect(StageSchema.safeParse(out).success).toBe(false);
  });

  it('refuses nesting deeper than 20', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 25; i++) deep = { a: deep };
    expect(() => lowerKeys(deep)).toThrow(CalloutShapeError);
  });
});

describe('CalloutSchema', () => {
  it('accepts the reference sample, in any key casing', () => {
    const callout = parse(SAMPLE);
    expect(callout.stage).toBe('assignmentRequestApproved');
    expect(callout.accesspackage?.displayname).toBe('Legacy ERP access');
    const shouted = JSON.parse(
      JSON.stringify(SAMPLE).replace(/"([A-Za-z]+)":/g, (_m, k: string) => `"${k.toUpperCase()}":`),
    );
    expect(parse(shouted)).toEqual(callout);
  });

  it('takes null where Entra has no value', () => {
    const callout = parse({
      ...SAMPLE,
      AccessPackageCatalog: null,
      Requestor: null,
      Answers: null,
      CallbackConfiguration: null,
      Assignment: { ...SAMPLE.Assignment, Target: { ObjectId: null, DisplayName: null } },
    });
    expect(callout.accesspackagecatalog).toBeNull();
  });

  it('refuses ids that are not GUIDs and over-long text', () => {
    expect(
      CalloutSchema.safeParse(lowerKeys({ ...SAMPLE, AccessPackageAssignmentRequestId: 'abc' })).success,
    ).toBe(false);
    expect(
      CalloutSchema.safeParse(
        lowerKeys({
          ...SAMPLE,
          AccessPackage: { Id: SAMPLE.AccessPackage.Id, DisplayName: 'x'.repeat(1001) },
        }),
      ).success,
    ).toBe(false);
  });

  it('knows the stages it acts on, case-insensitively', () => {
    expect(actionableStage('ASSIGNMENTREQUESTREMOVED')).toBe('assignmentRequestRemoved');
    expect(actionableStage('assignmentRequestGranted')).toBeUndefined();
  });
});

describe('toCalloutJob', () => {
  const job = (body: unknown) =>
    toCalloutJob(TENANT, 'assignmentRequestApproved', 'route', parse(body), 1000);

  it('keeps what the ticket needs and says Entra waits (callback configuration present)', () => {
    const j = job(SAMPLE);
    expect(CalloutJobSchema.parse(j)).toEqual(j);
    expect(j).toMatchObject({
      requestId: SAMPLE.AccessPackageAssignmentRequestId,
      stageInstanceId: SAMPLE.CustomExtensionStageInstanceId,
      accessPackage: { id: SAMPLE.AccessPackage.Id, displayName: 'Legacy ERP access' },
      catalog: { displayName: 'Offline apps' },
      policy: { displayName: 'Approved requests' },
      target: { objectId: SAMPLE.Assignment.Target.ObjectId, displayName: 'Adele Vance' },
      durationBeforeTimeout: 'P14D',
      awaitsCallback: true,
    });
  });

  it('reads timeoutDuration (Graph v1.0 spelling) too; no callback at all means Entra does not wait', () => {
    expect(job({ ...SAMPLE, CallbackConfiguration: { TimeoutDuration: 'P2D' } }).durationBeforeTimeout).toBe(
      'P2D',
    );
    const { CallbackUriPath: _p, ...rest } = SAMPLE;
    expect(job({ ...rest, CallbackConfiguration: null }).awaitsCallback).toBe(false);
    expect(job({ ...SAMPLE, CallbackConfiguration: null }).awaitsCallback).toBe(true); // the path alone says so
  });

  it("answers: Graph's shape and other spellings; null, strings and nested junk are skipped, not a crash", () => {
    const answers = [
      {
        '@odata.type': '#microsoft.graph.accessPackageAnswerString',
        Value: 'CC-1',
        DisplayValue: 'Cost centre 1',
        AnsweredQuestion: { Text: 'Cost centre?' },
      },
      { Question: { Text: 'Start date?' }, Value: '2026-12-01' },
      { QuestionText: 'Manager approved?', AnsweredValue: true },
      null,
      'text',
      42,
      [],
      { AnsweredQuestion: null, Value: 'orphan' },
      { AnsweredQuestion: { Text: { nested: true } }, Value: 'x' },
    ];
    expect(job({ ...SAMPLE, Answers: answers }).answers).toEqual([
      { question: 'Cost centre?', answer: 'Cost centre 1' },
      { question: 'Start date?', answer: '2026-12-01' },
      { question: 'Manager approved?', answer: 'true' },
    ]);
  });

  it('bounds answers (20) and their text', () => {
    const many = Array.from({ length: 50 }, (_, i) => ({
      AnsweredQuestion: { Text: `Q${i}`.padEnd(400, '?') },
      Value: 'a'.repeat(2000),
    }));
    const j = job({ ...SAMPLE, Answers: many });
    expect(j.answers).toHaveLength(20);
    expect(j.answers[0]!.question).toHaveLength(300);
    expect(j.answers[0]!.answer).toHaveLength(1000);
    expect(JSON.stringify(j).length).toBeLessThan(100 * 1024);
  });
});
