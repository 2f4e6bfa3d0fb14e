// A real self-signed X.509 certificate built at test time (Node has no API to create one): a
// minimal DER encoder for TBSCertificate (RFC 5280 section 4.1), signed with the test key. Tests
// check it with node's X509Certificate, so the x5t thumbprint is compared with an independent
// SHA-1 fingerprint instead of with our own hashing.
import { createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

const tlv = (tag: number, content: Buffer): Buffer =>
  Buffer.concat([Buffer.from([tag]), length(content.length), content]);
const seq = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
const integer = (bytes: number[]) => tlv(0x02, Buffer.from(bytes));
const utf8 = (s: string) => tlv(0x0c, Buffer.from(s, 'utf8'));
const nullValue = Buffer.from([0x05, 0x00]);

function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const bytes: number[] = [40 * parts[0]! + parts[1]!];
  for (const part of parts.slice(2)) {
    const chunk: number[] = [];
    for (let v = part; ; v = Math.floor(v / 128)) {
      chunk.unshift((v & 0x7f) | (chunk.length ? 0x80 : 0));
      if (v < 128) break;
    }
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

function utcTime(date: Date): Buffer {
  const p = (n: number) => String(n).padStart(2, '0');
  const s = `${p(date.getUTCFullYear() % 100)}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}Z`;
  return tlv(0x17, Buffer.from(s, 'ascii'));
}

const name = (cn: string) => seq(set(seq(oid('2.5.4.3'), utf8(cn))));
const SHA256_WITH_RSA = seq(oid('1.2.840.113549.1.1.11'), nullValue);

export interface TestCertificate {
  privateKeyPem: string;
  publicKeyPem: string;
  certificatePem: string;
}

export async function createTestCertificate(commonName = 'access-bridge-test'): Promise<TestCertificate> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', {
    extractable: true,
    modulusLength: 2048,
  });
  const privateKeyPem = await exportPKCS8(privateKey);
  const publicKeyPem = await exportSPKI(publicKey);
  const spki = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  const tbs = seq(
    tlv(0xa0, integer([2])), // [0] EXPLICIT version v3
    integer([0x01, 0x23, 0x45, 0x67]),
    SHA256_WITH_RSA,
    name(commonName),
    seq(utcTime(new Date(Date.UTC(2024, 0, 1))), utcTime(new Date(Date.UTC(2034, 0, 1)))),
    name(commonName),
    spki,
  );
  const signature = sign('sha256', tbs, createPrivateKey(privateKeyPem));
  const der = seq(tbs, SHA256_WITH_RSA, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const body = der.toString('base64').replace(/.{1,64}/g, '$&\n');
  return {
    privateKeyPem,
    publicKeyPem,
    certificatePem: `-----BEGIN CERTIFICATE-----\n${body}-----END CERTIFICATE-----\n`,
  };
}
