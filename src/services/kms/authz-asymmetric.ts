/**
 * Authorization of the asymmetric, HMAC and key agreement operations, as authz.ts authorizes the
 * symmetric ones: on the canonical ARN of the key the request names (aliases resolved; another
 * account's key by key ARN or alias ARN, both sides must allow), the key policy must grant. The
 * condition keys AWS documents for them:
 * - kms:SigningAlgorithm, kms:MessageType (RAW when the request names none): Sign, Verify
 * - kms:MacAlgorithm: GenerateMac, VerifyMac
 * - kms:KeyAgreementAlgorithm: DeriveSharedSecret
 * - kms:DataKeyPairSpec, kms:EncryptionContext:*: GenerateDataKeyPair(WithoutPlaintext)
 * - kms:EncryptionAlgorithm (SYMMETRIC_DEFAULT when the request names none): Encrypt, Decrypt,
 *   ReEncrypt (From: the source algorithm, To: the destination's), GenerateDataKey*,
 *   GenerateDataKeyPair*
 */
import type { OperationAuthz, ResolveEnv, TargetResource } from '../../authz/service-rules.js';
import type { ContextValue } from '../../policy/index.js';
import { parseKeyRef, type KeyRef } from './keys.js';

type Input = Readonly<Record<string, unknown>>;
type ByRef = (ref: KeyRef, env: ResolveEnv, extra?: Record<string, ContextValue>) => Promise<TargetResource>;
type Extra = (input: Input, env: ResolveEnv) => Record<string, ContextValue>;

const str = (v: unknown, dflt: string): string => (typeof v === 'string' ? v : dflt);

/** Adds the operations of asymmetric and HMAC keys, and kms:EncryptionAlgorithm to the symmetric ones, to `operations`. */
export function addAsymmetricAuthz(operations: Record<string, OperationAuthz>, byRef: ByRef, encryptionContextKeys: (ec: unknown) => Record<string, ContextValue>): void {
  const key = (extra: Extra): OperationAuthz => ({
    resolve: async (input, env) => [await byRef(parseKeyRef(String(input['KeyId']), { accountId: env.accountId, region: env.region }, true), env, extra(input, env))],
  });
  const signing: Extra = (input) => ({ 'kms:SigningAlgorithm': str(input['SigningAlgorithm'], ''), 'kms:MessageType': str(input['MessageType'], 'RAW') });
  const mac: Extra = (input) => ({ 'kms:MacAlgorithm': str(input['MacAlgorithm'], '') });
  const pair: Extra = (input) => ({ 'kms:DataKeyPairSpec': str(input['KeyPairSpec'], ''), 'kms:EncryptionAlgorithm': 'SYMMETRIC_DEFAULT', ...encryptionContextKeys(input['EncryptionContext']) });
  Object.assign(operations, {
    Sign: key(signing),
    Verify: key(signing),
    GetPublicKey: key(() => ({})),
    GenerateMac: key(mac),
    VerifyMac: key(mac),
    DeriveSharedSecret: key((input) => ({ 'kms:KeyAgreementAlgorithm': str(input['KeyAgreementAlgorithm'], '') })),
    GenerateDataKeyPair: key(pair),
    GenerateDataKeyPairWithoutPlaintext: key(pair),
  });
  /** kms:EncryptionAlgorithm on every key target of an existing operation. */
  const withAlgorithm = (op: string, member: (env: ResolveEnv) => string | undefined) => {
    const base = operations[op];
    if (!base?.resolve) return;
    const resolve = base.resolve;
    operations[op] = {
      ...base,
      resolve: async (input, env) => {
        const m = member(env);
        const alg = m === undefined ? 'SYMMETRIC_DEFAULT' : str(input[m], 'SYMMETRIC_DEFAULT');
        return (await resolve(input, env)).map((t) => (t.type === 'key' ? { ...t, keys: { ...t.keys, 'kms:EncryptionAlgorithm': alg } } : t));
      },
    };
  };
  withAlgorithm('Encrypt', () => 'EncryptionAlgorithm');
  withAlgorithm('Decrypt', () => 'EncryptionAlgorithm');
  withAlgorithm('ReEncrypt', (env) => (env.action.endsWith(':ReEncryptFrom') ? 'SourceEncryptionAlgorithm' : 'DestinationEncryptionAlgorithm'));
  withAlgorithm('GenerateDataKey', () => undefined);
  withAlgorithm('GenerateDataKeyWithoutPlaintext', () => undefined);
}
