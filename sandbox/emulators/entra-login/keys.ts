// Per-tenant signing keys. rotateKeys adds a new current key; the previous ones stay in the JWKS
// (tokens they signed still verify) until dropOldKeys, like Entra's overlap during key rollover
// (learn.microsoft.com/entra/identity-platform/signing-key-rollover). Tenants start with the
// emulator's shared key, as Entra's tenants share its common signing keys (and a 2048-bit key
// costs ~150 ms to make); a rotation gives the tenant a key of its own.
import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  jwk: PublicJwk;
}

export interface PublicJwk {
  kty: 'RSA';
  use: 'sig';
  kid: string;
  n: string;
  e: string;
  alg: 'RS256';
}

export class TenantKeys {
  private keys: SigningKey[];

  constructor(initial: SigningKey = generateSigningKey()) {
    this.keys = [initial];
  }

  get current(): SigningKey {
    return this.keys[this.keys.length - 1] as SigningKey;
  }

  find(kid: string): SigningKey | undefined {
    return this.keys.find((k) => k.kid === kid);
  }

  rotate(): SigningKey {
    this.keys.push(generateSigningKey());
    return this.current;
  }

  dropOld(): void {
    this.keys = [this.current];
  }

  jwks(): { keys: PublicJwk[] } {
    return { keys: this.keys.map((k) => ({ ...k.jwk })) };
  }
}

export function generateSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const exported = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  // Entra's kids are opaque base64url strings; a digest of the modulus keeps them unique.
  const kid = createHash('sha256').update(exported.n).digest('base64url').slice(0, 27);
  return {
    kid,
    privateKey,
    publicKey,
    jwk: { kty: 'RSA', use: 'sig', kid, n: exported.n, e: exported.e, alg: 'RS256' },
  };
}
