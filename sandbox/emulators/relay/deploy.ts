// "Deploys" deploy/relay-logic-app.json the way Azure Resource Manager would for one customer:
// parameters checked and defaulted, variables and resource properties evaluated, outputs
// computed. The result is what the relay emulator runs, so the sandbox and the tests exercise
// the very template a customer deploys, not a copy of its logic.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ArmExpressionError, evaluateDeep, STANDARD_FUNCTIONS, type ArmFunction } from './arm-expressions';

export const RELAY_TEMPLATE_PATH = fileURLToPath(
  new URL('../../../deploy/relay-logic-app.json', import.meta.url),
);

export interface ArmTemplate {
  $schema: string;
  contentVersion: string;
  parameters: Record<
    string,
    {
      type: string;
      defaultValue?: unknown;
      minLength?: number;
      maxLength?: number;
      minValue?: number;
      maxValue?: number;
      allowedValues?: unknown[];
    }
  >;
  variables?: Record<string, unknown>;
  resources: { type: string; apiVersion: string; name: string; [key: string]: unknown }[];
  outputs?: Record<string, { type: string; value: unknown }>;
}

export interface DeploymentContext {
  subscriptionId: string;
  resourceGroup: string;
  /** The subscription's tenant (`subscription().tenantId`). */
  tenantId: string;
  location?: string;
  /** The managed identity's object id Azure would create (reference(...).identity.principalId). */
  principalId: string;
}

export interface Deployment {
  parameters: Record<string, unknown>;
  variables: Record<string, unknown>;
  /** The evaluated Microsoft.Logic/workflows resource. */
  workflow: {
    type: string;
    name: string;
    location: string;
    identity: { type: string };
    properties: WorkflowProperties;
  };
  outputs: Record<string, unknown>;
}

export interface WorkflowProperties {
  state: string;
  accessControl: {
    triggers: {
      openAuthenticationPolicies: {
        policies: Record<string, { type: string; claims: { name: string; value: string }[] }>;
      };
      sasAuthenticationPolicy?: { state: string };
    };
  };
  definition: {
    triggers: Record<string, { type: string; kind?: string; inputs?: Record<string, unknown> }>;
    actions: Record<
      string,
      { type: string; kind?: string; runAfter: Record<string, string[]>; inputs: Record<string, unknown> }
    >;
  };
}

export function loadRelayTemplate(path: string = RELAY_TEMPLATE_PATH): ArmTemplate {
  return JSON.parse(readFileSync(path, 'utf8')) as ArmTemplate;
}

export function deployTemplate(
  template: ArmTemplate,
  parameters: Record<string, unknown>,
  context: DeploymentContext,
): Deployment {
  const location = context.location ?? 'westeurope';
  const rgId = `/subscriptions/${context.subscriptionId}/resourceGroups/${context.resourceGroup}`;
  const resolvedParameters: Record<string, unknown> = {};
  const variables: Record<string, unknown> = {};
  const resolvingVariables = new Set<string>();

  const functions: Record<string, ArmFunction> = {
    ...STANDARD_FUNCTIONS,
    parameters: (name) => {
      const key = Object.keys(resolvedParameters).find((k) => k.toLowerCase() === String(name).toLowerCase());
      if (key === undefined) throw new ArmExpressionError(`parameter ${String(name)} is not declared`);
      return resolvedParameters[key];
    },
    variables: (name) => variable(String(name)),
    subscription: () => ({
      id: `/subscriptions/${context.subscriptionId}`,
      subscriptionId: context.subscriptionId,
      tenantId: context.tenantId,
      displayName: 'Customer subscription',
    }),
    resourceGroup: () => ({ id: rgId, name: context.resourceGroup, location }),
    tenant: () => ({ tenantId: context.tenantId }),
    resourceId: (type, ...names) => {
      const types = String(type).split('/');
      const [namespace, ...segments] = types;
      if (segments.length !== names.length)
        throw new ArmExpressionError(`resourceId(${String(type)}) needs ${segments.length} names`);
      return `${rgId}/providers/${namespace}/${segments.map((s, n) => `${s}/${String(names[n])}`).join('/')}`;
    },
    listCallbackUrl: (triggerId) => ({
      // The shape of Azure's answer; with SAS disabled the URL carries no sig (unconfirmed).
      value: `https://prod-00.${location}.logic.azure.com:443/workflows/${encodeURIComponent(String(triggerId).split('/workflows/')[1]?.split('/')[0] ?? '')}/triggers/manual/paths/invoke?api-version=2016-10-01`,
    }),
    reference: () => ({
      identity: { type: 'SystemAssigned', principalId: context.principalId, tenantId: context.tenantId },
    }),
  };

  function variable(name: string): unknown {
    const key = Object.keys(template.variables ?? {}).find((k) => k.toLowerCase() === name.toLowerCase());
    if (key === undefined) throw new ArmExpressionError(`variable ${name} is not declared`);
    if (key in variables) return variables[key];
    if (resolvingVariables.has(key)) throw new ArmExpressionError(`variable ${key} refers to itself`);
    resolvingVariables.add(key);
    variables[key] = evaluateDeep(template.variables![key], functions);
    return variables[key];
  }

  for (const name of Object.keys(parameters)) {
    if (!(name in template.parameters))
      throw new ArmExpressionError(`parameter ${name} is not declared by the template`);
  }
  for (const [name, spec] of Object.entries(template.parameters)) {
    const value = name in parameters ? parameters[name] : evaluateDeep(spec.defaultValue, functions);
    if (value === undefined) throw new ArmExpressionError(`parameter ${name} is required`);
    checkParameter(name, spec, value);
    resolvedParameters[name] = value;
  }
  for (const name of Object.keys(template.variables ?? {})) variable(name);

  const raw = template.resources.find((r) => r.type === 'Microsoft.Logic/workflows');
  if (!raw) throw new ArmExpressionError('the template declares no Microsoft.Logic/workflows resource');
  const workflow = evaluateDeep(raw, functions) as Deployment['workflow'];
  const outputs = Object.fromEntries(
    Object.entries(template.outputs ?? {}).map(([name, o]) => [name, evaluateDeep(o.value, functions)]),
  );
  return { parameters: resolvedParameters, variables, workflow, outputs };
}

function checkParameter(name: string, spec: ArmTemplate['parameters'][string], value: unknown): void {
  const type = spec.type.toLowerCase();
  const bad = (why: string) => {
    throw new ArmExpressionError(`parameter ${name} ${why}`);
  };
  if ((type === 'string' || type === 'securestring') && typeof value !== 'string') bad('must be a string');
  if (type === 'int' && !Number.isInteger(value)) bad('must be an integer');
  if (type === 'bool' && typeof value !== 'boolean') bad('must be true or false');
  if (typeof value === 'string') {
    if (spec.minLength !== undefined && value.length < spec.minLength)
      bad(`must have at least ${spec.minLength} characters`);
    if (spec.maxLength !== undefined && value.length > spec.maxLength)
      bad(`must have at most ${spec.maxLength} characters`);
  }
  if (typeof value === 'number') {
    if (spec.minValue !== undefined && value < spec.minValue) bad(`must be at least ${spec.minValue}`);
    if (spec.maxValue !== undefined && value > spec.maxValue) bad(`must be at most ${spec.maxValue}`);
  }
  if (spec.allowedValues && !spec.allowedValues.includes(value))
    bad(`must be one of ${spec.allowedValues.join(', ')}`);
}
