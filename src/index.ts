// One export per manifest function key, nothing else (DESIGN.md "Layout").
export { onIssueCreated } from './forge/handlers/on-issue-created';
export { onIssueUpdated } from './forge/handlers/on-issue-updated';
export { consumeWork } from './forge/handlers/consume-work';
export { runFollowUps } from './forge/handlers/run-follow-ups';
export { handleCallout } from './forge/handlers/handle-callout';
export { checkOfflineTimeouts } from './forge/handlers/check-offline-timeouts';
export { adminResolver } from './forge/resolvers/admin-resolver';
export { portalResolver } from './forge/resolvers/portal-resolver';
