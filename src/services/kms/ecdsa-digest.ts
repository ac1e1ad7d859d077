/**
 * ECDSA over a digest the caller hashed (Sign/Verify with MessageType DIGEST): Node's crypto.sign and
 * crypto.verify always hash their input, so the step after hashing is done here (SEC 1 §4.1.3 and
 * §4.1.4). The secret-dependent scalar multiplication k·G is OpenSSL's: the nonce k is a fresh key
 * pair made by Node's crypto, so only modular arithmetic on k and the private scalar is done in
 * BigInt. Verification (public data only) does its point arithmetic here, in Jacobian coordinates.
 * Signatures are DER `SEQUENCE { r INTEGER, s INTEGER }`, as AWS returns them.
 */
import { createECDH, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import type { Curve } from './key-specs.js';

interface CurveParams {
  readonly p: bigint;
  readonly a: bigint;
  readonly n: bigint;
  /** OpenSSL's name of the curve (createECDH). */
  readonly openssl: string;
}

const P256 = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
const P384 = (1n << 384n) - (1n << 128n) - (1n << 96n) + (1n << 32n) - 1n;
const P521 = (1n << 521n) - 1n;
const K256 = (1n << 256n) - (1n << 32n) - 977n;

export const CURVES: Readonly<Record<Curve, CurveParams>> = {
  'P-256': { p: P256, a: P256 - 3n, n: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n, openssl: 'prime256v1' },
  'P-384': { p: P384, a: P384 - 3n, n: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n, openssl: 'secp384r1' },
  'P-521': { p: P521, a: P521 - 3n, n: 0x1fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n, openssl: 'secp521r1' },
  secp256k1: { p: K256, a: 0n, n: 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n, openssl: 'secp256k1' },
};

type Point = readonly [x: bigint, y: bigint, z: bigint];
const INF: Point = [0n, 1n, 0n];

const mod = (a: bigint, m: bigint): bigint => ((a % m) + m) % m;
function pow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  let x = mod(b, m);
  for (let k = e; k > 0n; k >>= 1n) {
    if (k & 1n) r = (r * x) % m;
    x = (x * x) % m;
  }
  return r;
}
/** Inverse modulo a prime (Fermat). */
const inv = (a: bigint, m: bigint): bigint => pow(a, m - 2n, m);

const fromBytes = (b: Uint8Array): bigint => (b.length === 0 ? 0n : BigInt(`0x${Buffer.from(b).toString('hex')}`));
const b64u = (s: string): bigint => fromBytes(Buffer.from(s, 'base64url'));
const bitLength = (n: bigint): number => n.toString(2).length;

function double(c: CurveParams, P: Point): Point {
  const [X, Y, Z] = P;
  if (Z === 0n || Y === 0n) return INF;
  const { p } = c;
  const YY = (Y * Y) % p;
  const S = (4n * X * YY) % p;
  const ZZ = (Z * Z) % p;
  const M = mod(3n * X * X + c.a * ZZ * ZZ, p);
  const X3 = mod(M * M - 2n * S, p);
  const Y3 = mod(M * (S - X3) - 8n * YY * YY, p);
  return [X3, Y3, (2n * Y * Z) % p];
}

function add(c: CurveParams, P: Point, Q: Point): Point {
  if (P[2] === 0n) return Q;
  if (Q[2] === 0n) return P;
  const { p } = c;
  const Z1Z1 = (P[2] * P[2]) % p;
  const Z2Z2 = (Q[2] * Q[2]) % p;
  const U1 = (P[0] * Z2Z2) % p;
  const U2 = (Q[0] * Z1Z1) % p;
  const S1 = (P[1] * Z2Z2 * Q[2]) % p;
  const S2 = (Q[1] * Z1Z1 * P[2]) % p;
  if (U1 === U2) return S1 === S2 ? double(c, P) : INF;
  const H = mod(U2 - U1, p);
  const R = mod(S2 - S1, p);
  const HH = (H * H) % p;
  const HHH = (HH * H) % p;
  const X3 = mod(R * R - HHH - 2n * U1 * HH, p);
  const Y3 = mod(R * (U1 * HH - X3) - S1 * HHH, p);
  return [X3, Y3, (H * P[2] * Q[2]) % p];
}

/** a·P + b·Q in one double-and-add pass (Shamir's trick), on public scalars only (verification). */
function multiplyTwo(c: CurveParams, P: Point, a: bigint, Q: Point, b: bigint): Point {
  const PQ = add(c, P, Q);
  const len = Math.max(bitLength(a), bitLength(b));
  const ab = a.toString(2).padStart(len, '0');
  const bb = b.toString(2).padStart(len, '0');
  let R = INF;
  for (let i = 0; i < len; i++) {
    R = double(c, R);
    const x = ab[i] === '1';
    const y = bb[i] === '1';
    if (x && y) R = add(c, R, PQ);
    else if (x) R = add(c, R, P);
    else if (y) R = add(c, R, Q);
  }
  return R;
}

function affineX(c: CurveParams, P: Point): bigint | undefined {
  if (P[2] === 0n) return undefined;
  const zi = inv(P[2], c.p);
  return (P[0] * zi * zi) % c.p;
}

/** The curve's generator, as OpenSSL knows it (the public key of private scalar 1). */
const generators = new Map<Curve, Point>();
function generator(curve: Curve): Point {
  let G = generators.get(curve);
  if (!G) {
    const e = createECDH(CURVES[curve].openssl);
    e.setPrivateKey(Buffer.from([1]));
    const pub = e.getPublicKey();
    const len = (pub.length - 1) / 2;
    G = [fromBytes(pub.subarray(1, 1 + len)), fromBytes(pub.subarray(1 + len)), 1n];
    generators.set(curve, G);
  }
  return G;
}

/** The digest as an integer: its leftmost bitlen(n) bits (SEC 1 §4.1.3 step 5). */
function digestInt(c: CurveParams, digest: Uint8Array): bigint {
  const e = fromBytes(digest);
  const excess = digest.length * 8 - bitLength(c.n);
  return excess > 0 ? e >> BigInt(excess) : e;
}

function derInt(n: bigint): Buffer {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let b = Buffer.from(hex, 'hex');
  if (b[0]! & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return Buffer.concat([Buffer.from([0x02]), derLength(b.length), b]);
}
function derLength(n: number): Buffer {
  return n < 0x80 ? Buffer.from([n]) : Buffer.from([0x81, n]);
}

/** DER `SEQUENCE { r, s }`. */
export function encodeSignature(r: bigint, s: bigint): Buffer {
  const body = Buffer.concat([derInt(r), derInt(s)]);
  return Buffer.concat([Buffer.from([0x30]), derLength(body.length), body]);
}

/** r and s of a DER ECDSA signature in strict (minimal) DER, or undefined. */
export function decodeSignature(sig: Uint8Array): { r: bigint; s: bigint } | undefined {
  const b = Buffer.from(sig);
  let i = 0;
  const len = (): number | undefined => {
    const first = b[i++];
    if (first === undefined) return undefined;
    if (first < 0x80) return first;
    if (first !== 0x81) return undefined;
    const l = b[i++];
    return l !== undefined && l >= 0x80 ? l : undefined;
  };
  if (b[i++] !== 0x30) return undefined;
  const total = len();
  if (total === undefined || i + total !== b.length) return undefined;
  const ints: bigint[] = [];
  for (let k = 0; k < 2; k++) {
    if (b[i++] !== 0x02) return undefined;
    const l = len();
    if (l === undefined || l === 0 || i + l > b.length) return undefined;
    const v = b.subarray(i, i + l);
    // Minimal encoding: no negative numbers, no superfluous leading zero.
    if (v[0]! & 0x80 || (l > 1 && v[0] === 0 && !(v[1]! & 0x80))) return undefined;
    ints.push(fromBytes(v));
    i += l;
  }
  return i === b.length ? { r: ints[0]!, s: ints[1]! } : undefined;
}

/** An ECDSA signature of `digest` (already hashed) with an EC private key of `curve`. */
export function signDigest(curve: Curve, privateKey: KeyObject, digest: Uint8Array): Buffer {
  const c = CURVES[curve];
  const d = b64u(privateKey.export({ format: 'jwk' }).d!);
  const e = digestInt(c, digest);
  for (;;) {
    // The nonce: a fresh key pair of the curve (OpenSSL computes k·G).
    const eph = generateKeyPairSync('ec', { namedCurve: curve }).privateKey.export({ format: 'jwk' });
    const k = b64u(eph.d!);
    const r = mod(b64u(eph.x!), c.n);
    if (r === 0n) continue;
    // s = k⁻¹·(e + r·d), with k blinded by a random factor b: (k·b)⁻¹·b·(e + r·d).
    const blind = 1n + mod(fromBytes(randomBytes(80)), c.n - 1n);
    const s = mod(inv((k * blind) % c.n, c.n) * blind % c.n * mod(e + r * d, c.n), c.n);
    if (s === 0n) continue;
    return encodeSignature(r, s);
  }
}

/** Whether `sig` (DER) is a valid ECDSA signature of `digest` (already hashed) under an EC public key of `curve`. */
export function verifyDigest(curve: Curve, publicKey: KeyObject, digest: Uint8Array, sig: Uint8Array): boolean {
  const c = CURVES[curve];
  const parsed = decodeSignature(sig);
  if (!parsed) return false;
  const { r, s } = parsed;
  if (r <= 0n || r >= c.n || s <= 0n || s >= c.n) return false;
  const jwk = publicKey.export({ format: 'jwk' });
  const Q: Point = [b64u(jwk.x!), b64u(jwk.y!), 1n];
  const w = inv(s, c.n);
  const e = digestInt(c, digest);
  const R = multiplyTwo(c, generator(curve), mod(e * w, c.n), Q, (r * w) % c.n);
  const x = affineX(c, R);
  return x !== undefined && mod(x, c.n) === r;
}
