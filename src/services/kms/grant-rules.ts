/**
 * The rules of grants that need no storage: which operations a grant may hold for a key, what
 * principals may be named, how constraints match a request's encryption context, and when a grant
 * made through a grant is "equally strict or stricter" than its parent. Unit-tested beside.
 */
import type { GrantConstraints, GrantOperation } from './api.generated.js';
import { validation } from './errors.js';
import type { KeyRecord } from './store.js';
import { specOf, usageOf } from './store.js';

type Context = Readonly<Record<string, string>>;

/** Operations every key accepts in a grant. */
const COMMON: readonly GrantOperation[] = ['CreateGrant', 'RetireGrant', 'DescribeKey'];
/** The grant operations a key's usage supports (AWS "Grant operations" by key type). */
export function grantOperationsFor(key: KeyRecord): ReadonlySet<GrantOperation> {
  const usage = usageOf(key);
  const spec = specOf(key);
  const own: GrantOperation[] =
    usage === 'ENCRYPT_DECRYPT'
      ? spec === 'SYMMETRIC_DEFAULT'
        ? ['Decrypt', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'ReEncryptFrom', 'ReEncryptTo', 'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext']
        : ['Decrypt', 'Encrypt', 'ReEncryptFrom', 'ReEncryptTo', 'GetPublicKey']
      : usage === 'SIGN_VERIFY'
        ? ['Sign', 'Verify', 'GetPublicKey']
        : usage === 'GENERATE_VERIFY_MAC'
          ? ['GenerateMac', 'VerifyMac']
          : ['DeriveSharedSecret', 'GetPublicKey'];
  return new Set([...own, ...COMMON]);
}

/**
 * Operations to which encryption context constraints do not apply (they take no encryption context):
 * a constrained grant may hold the first three, never the others.
 */
const NO_CONTEXT = new Set<string>(['DescribeKey', 'RetireGrant', 'CreateGrant', 'GetPublicKey', 'Sign', 'Verify', 'GenerateMac', 'VerifyMac', 'DeriveSharedSecret']);
const MANAGEMENT = new Set<string>(['DescribeKey', 'RetireGrant', 'CreateGrant']);

/** Whether a grant's constraints apply to requests for `operation` (the action name without `kms:`). */
export const constraintsApply = (operation: string): boolean => !NO_CONTEXT.has(operation);

/** AWS's limits on a constraint map: at most 8 pairs, no value over 384 characters. */
const MAX_PAIRS = 8;
const MAX_VALUE = 384;

/** The constraints to store (an empty map is no constraint), after AWS's checks against the key and operations. */
export function checkConstraints(c: GrantConstraints | undefined, operations: readonly GrantOperation[], key: KeyRecord): GrantConstraints | undefined {
  const subset = c?.EncryptionContextSubset && Object.keys(c.EncryptionContextSubset).length > 0 ? c.EncryptionContextSubset : undefined;
  const equals = c?.EncryptionContextEquals && Object.keys(c.EncryptionContextEquals).length > 0 ? c.EncryptionContextEquals : undefined;
  if (!subset && !equals) return undefined;
  for (const m of [subset, equals]) {
    if (!m) continue;
    // (texts unconfirmed)
    if (Object.keys(m).length > MAX_PAIRS) throw validation(`A grant constraint can include at most ${MAX_PAIRS} encryption context pairs.`);
    if (Object.values(m).some((v) => v.length > MAX_VALUE)) throw validation(`An encryption context value in a grant constraint cannot exceed ${MAX_VALUE} characters.`);
  }
  const symmetric = specOf(key) === 'SYMMETRIC_DEFAULT';
  const bad = operations.filter((op) => !MANAGEMENT.has(op) && (!symmetric || NO_CONTEXT.has(op)));
  if (bad.length > 0) throw validation(`Grant constraints are supported only for operations that accept an encryption context on symmetric encryption KMS keys; not for ${bad.join(', ')}.`);
  return { ...(subset ? { EncryptionContextSubset: { ...subset } } : {}), ...(equals ? { EncryptionContextEquals: { ...equals } } : {}) };
}

/** Whether context `ec` has pair (k, v): keys compare case-insensitively, values exactly (AWS GrantConstraints). */
function hasPair(ec: Context, k: string, v: string): boolean {
  const lk = k.toLowerCase();
  return Object.entries(ec).some(([ek, ev]) => ek.toLowerCase() === lk && ev === v);
}

/** Whether a request's encryption context satisfies a grant's constraints (none: always). */
export function satisfies(c: GrantConstraints | undefined, ec: Context): boolean {
  if (!c) return true;
  const sub = c.EncryptionContextSubset;
  if (sub && !Object.entries(sub).every(([k, v]) => hasPair(ec, k, v))) return false;
  const eq = c.EncryptionContextEquals;
  if (eq && (Object.keys(ec).length !== Object.keys(eq).length || !Object.entries(eq).every(([k, v]) => hasPair(ec, k, v)) || !Object.entries(ec).every(([k, v]) => hasPair(eq, k, v)))) return false;
  return true;
}

/**
 * Whether a grant created through a grant (the parent, which holds CreateGrant) stays within it: its
 * operations are among the parent's and its constraints are equally strict or stricter (AWS:
 * "Granting CreateGrant permission").
 */
export function withinParent(parent: { readonly operations: readonly string[]; readonly constraints?: GrantConstraints }, child: { readonly operations: readonly string[]; readonly constraints?: GrantConstraints | undefined }): boolean {
  if (!child.operations.every((op) => parent.operations.includes(op))) return false;
  const p = parent.constraints;
  if (!p) return true;
  const c = child.constraints;
  if (p.EncryptionContextEquals && !(c?.EncryptionContextEquals && satisfies({ EncryptionContextEquals: p.EncryptionContextEquals }, c.EncryptionContextEquals))) return false;
  if (p.EncryptionContextSubset) {
    const narrower = [c?.EncryptionContextEquals, c?.EncryptionContextSubset].some((m) => m !== undefined && satisfies({ EncryptionContextSubset: p.EncryptionContextSubset }, m));
    if (!narrower) return false;
  }
  return true;
}

const NAME = /^[\w+=,.@-]{1,64}$/;
const SERVICE = /^[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.amazonaws\.com(?:\.cn)?$/;

/**
 * Whether `p` is a principal a grant may name: the ARN of an account (`:root`), an IAM user or role
 * (with path), an assumed-role session or a federated user, in the key's partition, or an AWS
 * service principal.
 */
export function isGrantPrincipal(p: string, partition: string): boolean {
  if (SERVICE.test(p)) return true;
  const m = /^arn:([a-z-]+):(iam|sts)::(\d{12}):(.+)$/.exec(p);
  if (!m || m[1] !== partition) return false;
  const [, , svc, , res] = m as unknown as [string, string, string, string, string];
  if (svc === 'iam') {
    if (res === 'root') return true;
    const r = /^(user|role)(\/.*)?\/([^/]+)$/.exec(res);
    return !!r && NAME.test(r[3]!) && (r[2] === undefined || /^(\/[\x21-\x2e\x30-\x7e]+)*$/.test(r[2]));
  }
  const s = /^assumed-role\/([^/]+)\/([^/]+)$/.exec(res);
  if (s) return NAME.test(s[1]!) && NAME.test(s[2]!);
  const f = /^federated-user\/([^/]+)$/.exec(res);
  return !!f && NAME.test(f[1]!);
}

/** The encryption context a request carries, as its condition keys say (`kms:EncryptionContextKeys`, `kms:EncryptionContext:<k>`). */
export function contextOfKeys(keys: Readonly<Record<string, unknown>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const names = keys?.['kms:EncryptionContextKeys'];
  if (!Array.isArray(names)) return out;
  for (const k of names) {
    const v = keys![`kms:EncryptionContext:${String(k)}`];
    if (typeof v === 'string') out[String(k)] = v;
  }
  return out;
}
