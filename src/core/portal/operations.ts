// The portal panels' operations (picker, customer status, agents' status): the Forge resolver
// (src/forge/resolvers/portal-resolver.ts) and the sandbox's stand-in bridge both serve one entry
// per key, so the panels call the same code on Forge and on a laptop. Keys are @forge/bridge
// `invoke` keys.
import type { OperationsRegistry } from '../operation';
import type { PortalDeps } from './deps';
import { listPackages } from './list-packages';
import { requestStatus } from './request-status';

export const portalOperations = {
  listPackages,
  requestStatus,
} satisfies OperationsRegistry<PortalDeps>;

export type PortalOperations = typeof portalOperations;
export type { PortalDeps, PortalCaller, PortalSurface, AgentCheck } from './deps';
export type { PackageListAnswer, PackageList } from './list-packages';
export type { RequestStatusAnswer } from './request-status';
export type { CustomerRequestView, AgentRequestView } from './request-view';
export type { HeldPackage } from './held-packages';
