// Turns an operations registry (src/core/operation.ts) into @forge/resolver definitions: one
// resolver function per registry key, each guarded, then one call into the core. Shared by every
// Custom UI resolver of the app; the sandbox's stand-in bridge does the same without Forge.
// `makeResolver` (a named export) rather than `new Resolver()` (the default export): Node's ESM
// loader hands a CommonJS module's default export over as the whole `exports` object, so the
// class would not be a constructor there (the manifest check loads src/index.ts that way).
import { makeResolver, type Request } from '@forge/resolver';
import {
  runOperation,
  type OperationFailure,
  type OperationResponse,
  type OperationsRegistry,
} from '../../core/operation';
import type { Log } from '../../core/ports';

export interface ResolverOptions<D> {
  /** Checks the caller; a failure is returned to the page as it is. */
  guard(request: Request): Promise<OperationFailure | undefined>;
  deps(request: Request): D;
  log: Log;
}

type Definitions = Record<string, (payload: unknown) => Promise<OperationResponse<unknown>>>;

export function defineOperations<D>(registry: OperationsRegistry<D>, options: ResolverOptions<D>) {
  const handlers = Object.fromEntries(
    Object.keys(registry).map((name) => [
      name,
      async (request: Request): Promise<OperationResponse<unknown>> => {
        const refused = await options.guard(request);
        if (refused) return refused;
        return runOperation(registry, name, request.payload, options.deps(request), options.log);
      },
    ]),
  );
  return makeResolver<Definitions>(handlers);
}
