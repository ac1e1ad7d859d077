/**
 * Shared fixtures of the SigV4 tests: a seeded PRNG, generated credentials and their resolver,
 * the services/families exercised, and small helpers to build SignedRequestParts.
 */
import type { CredentialResolver, ErrorFamily, ResolvedCredential, SignedRequestParts } from '../../src/auth/types.js';

/** mulberry32: a small deterministic PRNG. */
export class Prng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  /** Integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  string(alphabet: string, length: number): string {
    const chars = [...alphabet];
    let out = '';
    for (let i = 0; i < length; i++) out += this.pick(chars);
    return out;
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j] as T, items[i] as T];
    }
    return items;
  }
}

/** A generated access key with its secret (and token for temporary ones). */
export interface TestCredential {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

const KEY_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const SECRET_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** `permanent` AKIA keys and `temporary` ASIA keys with session tokens. */
export function makeCredentials(rng: Prng, permanent: number, temporary: number): TestCredential[] {
  const creds: TestCredential[] = [];
  for (let i = 0; i < permanent + temporary; i++) {
    const temp = i >= permanent;
    creds.push({
      accessKeyId: (temp ? 'ASIA' : 'AKIA') + rng.string(KEY_CHARS, 16),
      secretAccessKey: rng.string(SECRET_CHARS, 40),
      ...(temp ? { sessionToken: 'IQoJb3JpZ2luX2Vj' + rng.string(SECRET_CHARS + '=', rng.range(40, 200)) } : {}),
    });
  }
  return creds;
}

/** A resolver over test credentials; `expiresAt` applies to the temporary ones. */
export function makeResolver(creds: readonly TestCredential[], options: { expiresAt?: number; inactive?: ReadonlySet<string> } = {}): CredentialResolver {
  const byId = new Map<string, ResolvedCredential>();
  for (const c of creds) {
    byId.set(c.accessKeyId, {
      accessKeyId: c.accessKeyId,
      secretAccessKey: c.secretAccessKey,
      active: !options.inactive?.has(c.accessKeyId),
      principal: { accountId: '123456789012', arn: `arn:aws:iam::123456789012:user/${c.accessKeyId}`, userId: 'AIDA' + c.accessKeyId.slice(4), type: 'user' },
      ...(c.sessionToken !== undefined ? { sessionToken: c.sessionToken, ...(options.expiresAt !== undefined ? { expiresAt: options.expiresAt } : {}) } : {}),
    });
  }
  return { resolve: (id) => byId.get(id) };
}

/** A service exercised by the tests and the error family its protocol uses. */
export interface ServiceProfile {
  readonly service: string;
  readonly family: ErrorFamily;
  readonly s3: boolean;
  readonly hosts: readonly string[];
}

/** The services the generated requests go to, one or more per protocol family. */
export const SERVICES: readonly ServiceProfile[] = [
  { service: 's3', family: 's3', s3: true, hosts: ['examplebucket.s3.amazonaws.com', 's3.us-west-2.amazonaws.com', 'localhost:4566'] },
  { service: 'sts', family: 'query', s3: false, hosts: ['sts.amazonaws.com', 'sts.eu-west-1.amazonaws.com'] },
  { service: 'iam', family: 'query', s3: false, hosts: ['iam.amazonaws.com'] },
  { service: 'kms', family: 'json', s3: false, hosts: ['kms.us-east-1.amazonaws.com', 'rampart.local:8443'] },
  { service: 'dynamodb', family: 'json', s3: false, hosts: ['dynamodb.us-east-1.amazonaws.com'] },
  { service: 'lambda', family: 'rest-json', s3: false, hosts: ['lambda.us-east-1.amazonaws.com'] },
  { service: 'ec2', family: 'ec2', s3: false, hosts: ['ec2.us-east-1.amazonaws.com'] },
];

/** Regions of the credential scopes, commercial and partitioned ones. */
export const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2', 'us-gov-west-1', 'cn-north-1', 'il-central-1'];

/** Splits `https://host/path?query` without any normalisation (unlike `new URL`). */
export function splitUrl(url: string): { host: string; rawPath: string; rawQuery: string } {
  const rest = url.replace(/^https?:\/\//, '');
  const slash = rest.indexOf('/');
  const host = slash < 0 ? rest : rest.slice(0, slash);
  const target = slash < 0 ? '/' : rest.slice(slash);
  const q = target.indexOf('?');
  return { host, rawPath: q < 0 ? target : target.slice(0, q), rawQuery: q < 0 ? '' : target.slice(q + 1) };
}

/** A header value as Node hands it over: the UTF-8 bytes on the wire read back as latin1. */
export function asNodeHeaderValue(value: string): string {
  return Buffer.from(value, 'utf8').toString('latin1');
}

/** Shorthand for a SignedRequestParts. */
export function request(method: string, rawPath: string, rawQuery: string, rawHeaders: string[], body: Buffer = Buffer.alloc(0)): SignedRequestParts {
  return { method, rawPath, rawQuery, rawHeaders, body };
}
