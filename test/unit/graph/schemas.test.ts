import { describe, expect, it } from 'vitest';
import {
  AssignmentRequestSchema,
  AssignmentSchema,
  looseEnum,
  UserSchema,
  AccessPackageSchema,
} from '../../../src/graph/schemas';
import { errorFromResponse, parseGraphErrorBody } from '../../../src/graph/error-from-response';
import { REQUEST_STATES } from '../../../src/graph/types';

const headers = (values: Record<string, string> = {}) => ({
  get: (name: string) => values[name.toLowerCase()] ?? null,
});

describe('schemas', () => {
  it('matches enums case-insensitively and keeps unknown values', () => {
    const state = looseEnum(REQUEST_STATES);
    expect(state.parse('PENDINGAPPROVAL')).toBe('pendingApproval');
    expect(state.parse('somethingNew')).toBe('somethingNew');
  });

  it('prefers v1.0 state/status over beta requestState/requestStatus', () => {
    expect(
      AssignmentRequestSchema.parse({
        id: 'r',
        state: 'delivered',
        requestState: 'Submitted',
        status: 'Delivered',
        requestStatus: 'Accepted',
      }),
    ).toMatchObject({
      state: 'delivered',
      status: 'Delivered',
    });
    expect(AssignmentRequestSchema.parse({ id: 'r', state: null, requestState: 'Denied' })).toMatchObject({
      state: 'denied',
    });
    expect(
      AssignmentSchema.parse({ id: 'a', assignmentState: 'Delivered', assignmentStatus: 'Delivered' }),
    ).toEqual({ id: 'a', state: 'delivered', status: 'Delivered' });
  });

  it('requires the fields the app uses and drops the ones it does not', () => {
    expect(AccessPackageSchema.safeParse({ displayName: 'x' }).success).toBe(false);
    expect(AccessPackageSchema.safeParse({ id: 'x', displayName: null }).success).toBe(false);
    expect(UserSchema.parse({ id: 'u', otherMails: null, mail: null, businessPhones: [] })).toEqual({
      id: 'u',
      otherMails: [],
    });
  });

  it('rejects wrong types in used fields', () => {
    expect(AssignmentRequestSchema.safeParse({ id: 'r', state: 5 }).success).toBe(false);
    expect(AssignmentRequestSchema.safeParse({ id: 'r', customExtensionCalloutInstances: 'x' }).success).toBe(
      false,
    );
  });
});

describe('errorFromResponse', () => {
  it('parses the envelope tolerantly', () => {
    expect(parseGraphErrorBody('not json')).toEqual({});
    expect(parseGraphErrorBody('{"error":"flat string"}')).toEqual({});
    expect(parseGraphErrorBody('{"error":{"code":5,"message":"m","innerError":{"request-id":7}}}')).toEqual({
      message: 'm',
    });
    expect(
      parseGraphErrorBody(
        '{"error":{"code":"c","innerError":{"request-id":"r","client-request-id":"cr","date":"d"}}}',
      ),
    ).toEqual({
      code: 'c',
      requestId: 'r',
      clientRequestId: 'cr',
    });
  });

  it('builds one message with the status, Graph code and advice', () => {
    const error = errorFromResponse({
      status: 403,
      headers: headers({ 'request-id': 'h' }),
      bodyText:
        '{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges to complete the operation."}}',
      method: 'GET',
      path: '/v1.0/users',
      clientRequestId: 'mine',
    });
    expect(error.message).toBe(
      'Graph GET /v1.0/users answered 403 (Authorization_RequestDenied: Insufficient privileges to complete the operation.). The app lacks a permission: grant EntitlementManagement.ReadWrite.All and User.Read.All with admin consent, or a catalog role such as Access package assignment manager.',
    );
    expect(error).toMatchObject({ code: 'graph_forbidden', requestId: 'h', clientRequestId: 'mine' });
  });
});
