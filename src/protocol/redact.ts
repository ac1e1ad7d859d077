import { REDACTED } from '../shared/audit-event.js';
import type { ServiceModel, Shape } from './model/service-model.js';

/**
 * Member names that carry secrets in the services Rampart serves. The minified models do not
 * keep Smithy's `@sensitive` trait, so the trait is honoured when present and this list is the floor.
 */
const SECRET_MEMBERS = new Set([
  'SecretAccessKey', 'SessionToken', 'Password', 'NewPassword', 'OldPassword', 'TokenCode',
  'AuthenticationCode1', 'AuthenticationCode2', 'Base32StringSeed', 'QRCodePNG', 'PrivateKey',
  'Plaintext', 'SAMLAssertion', 'WebIdentityToken', 'SSHPublicKeyBody', 'ServicePassword',
  'CertificateBody', 'CertificateChain', 'ImportToken', 'EncryptedKeyMaterial', 'Secret',
]);

/** A copy of a parsed input/output with secret members replaced, for the audit trail and logs. */
export function redact(model: ServiceModel, shape: Shape, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  switch (shape.type) {
    case 'structure': {
      const out: Record<string, unknown> = {};
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        const v = (value as Record<string, unknown>)[name];
        if (v === undefined) continue;
        const member = model.resolve(ref);
        out[name] = SECRET_MEMBERS.has(name) || member.sensitive ? REDACTED : redact(model, member, v);
      }
      return out;
    }
    case 'list': {
      const member = model.resolve(shape.member);
      return (value as unknown[]).map((v) => (member.sensitive ? REDACTED : redact(model, member, v)));
    }
    case 'map': {
      const member = model.resolve(shape.value);
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = member.sensitive ? REDACTED : redact(model, member, v);
      return out;
    }
    case 'blob':
      // A streaming payload (an uploaded object) is not recorded, as CloudTrail does not record it.
      if (!(value instanceof Uint8Array)) return undefined;
      return shape.sensitive ? REDACTED : Buffer.from(value).toString('base64');
    case 'timestamp':
      return value instanceof Date ? value.toISOString() : value;
    default:
      return shape.sensitive ? REDACTED : value;
  }
}
