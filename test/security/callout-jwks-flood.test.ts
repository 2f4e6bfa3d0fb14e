// Finding 11.8: forged tokens with invented key ids multiply JWKS fetches. The one-fetch-in-flight
// guard lives in one invocation's memory, and every web-trigger call is its own invocation. Here
// each forged call runs as Forge runs it (a fresh JWKS cache, the shared store), 100 at once:
// the login host sees at most one fetch per tenant per 5 minutes, and a real key rotation is
// still picked up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { CONTOSO } from '../../sandbox/demo-data';
import type { ForwardedRequest } from '../../sandbox/emulators/relay';
import { startOfflineWorld, type OfflineWorld } from '../integration/offline/offline-world';

let w: OfflineWorld;
let attacker: CryptoKey;
beforeAll(async () => {
  w = await startOfflineWorld();
  attacker = (await generateKeyPair('RS256')).privateKey;
});
afterAll(() => w.close());

const MINUTE = 60_000;
const fresh = () =>
  w.hold({ tenant: 'contoso', packageId: w.offline.contoso.packages.erp, userId: w.demo.users.adele! })
    .callout;

/** `n` requests with the real relay's claims, signed by the attacker under invented key ids. */
async function forged(n: number, tag: string): Promise<ForwardedRequest[]> {
  const real = await w.forward('contoso', fresh());
  const claims = decodeJwt(real.headers.authorization![0]!.slice('Bearer '.length));
  return Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: `invented-${tag}-${i}` })
        .sign(attacker);
      return { ...real, headers: { ...real.headers, authorization: [`Bearer ${token}`] } };
    }),
  );
}

/** All at once, each as its own invocation (receive: a fresh JWKS cache per call). */
const flood = async (requests: ForwardedRequest[]) =>
  (await Promise.all(requests.map((r) => w.receive(r)))).map((r) => r.statusCode);

describe('a flood of forged key ids', () => {
  it('100 concurrent forged tokens: at most one JWKS fetch, every one refused', async () => {
    expect((await w.deliver('contoso', fresh())).statusCode).toBe(202); // warm, as any earlier callout
    w.clock.advance(5 * MINUTE); // the refetch budget is open again
    const before = w.jwksFetches();
    const statuses = await flood(await forged(100, 'a'));
    expect(statuses.every((s) => s === 401)).toBe(true);
    expect(w.jwksFetches() - before).toBeLessThanOrEqual(1);
  });

  it('for 30 minutes, a flood every minute: at most one fetch per 5 minutes', async () => {
    w.clock.advance(5 * MINUTE);
    const before = w.jwksFetches();
    for (let minute = 0; minute < 30; minute++) {
      await flood(await forged(20, `m${minute}`));
      w.clock.advance(MINUTE);
    }
    expect(w.jwksFetches() - before).toBeLessThanOrEqual(6);
  });

  it('the same invented key id again after the window: no fetch for it (negative cache)', async () => {
    w.clock.advance(5 * MINUTE);
    const [one] = await forged(1, 'repeat');
    const copies = Array<ForwardedRequest>(10).fill(one!);
    const first = w.jwksFetches();
    await flood(copies); // one fetch at most: the kid is new, and it is remembered as unknown
    expect(w.jwksFetches() - first).toBeLessThanOrEqual(1);
    w.clock.advance(5 * MINUTE);
    const before = w.jwksFetches();
    expect(await flood(copies)).toEqual(Array(10).fill(401));
    expect(w.jwksFetches() - before).toBe(0);
  });

  it('a real key rotation during a flood is still picked up', async () => {
    w.clock.advance(5 * MINUTE);
    const attack = flood(await forged(100, 'rotation'));
    w.login.rotateKeys(CONTOSO);
    await attack;
    // The relay's token now carries the new key id. Within the window it may be refused once
    // (the budget went to the flood); once the window has passed it is taken.
    const real = await w.forward('contoso', fresh());
    const kid = decodeProtectedHeader(real.headers.authorization![0]!.slice(7)).kid;
    expect(kid).not.toMatch(/^invented/);
    const first = (await w.receive(real)).statusCode;
    if (first !== 202) {
      w.clock.advance(5 * MINUTE);
      expect((await w.deliver('contoso', fresh())).statusCode).toBe(202);
    }
    // And with the new key known, more floods stay bounded while real callouts pass.
    const before = w.jwksFetches();
    const [statuses, ok] = await Promise.all([
      flood(await forged(100, 'after')),
      w.deliver('contoso', fresh()),
    ]);
    expect(statuses.every((s) => s === 401)).toBe(true);
    expect(ok.statusCode).toBe(202);
    expect(w.jwksFetches() - before).toBeLessThanOrEqual(1);
  });
});
