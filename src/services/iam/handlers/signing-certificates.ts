/**
 * UploadSigningCertificate, ListSigningCertificates, UpdateSigningCertificate,
 * DeleteSigningCertificate. Without UserName these act on the caller: an IAM user, or the root user
 * (whose certificates show the account id as UserName). At most 2 per user; a certificate already
 * held by anyone in the account is DuplicateCertificate.
 */
import type { HandlerContext } from '../../../protocol/service-definition.js';
import type { Scope, StoreOps } from '../../../storage/types.js';
import type { SigningCertificate } from '../api.generated.js';
import { isCurrent, parseCertificate } from '../certs/x509.js';
import { duplicateCertificate, invalidSigningCertificate, malformedBody, noSuchSigningCertificate } from '../credential-errors.js';
import { nowIso, scopeOf, type IamDeps, type OpHandlers } from '../deps.js';
import { quotaExceeded } from '../errors.js';
import { pageFields, paginate } from '../pagination.js';
import { certOwnerKey, certsOf, newCredentialId, SIGNING_CERTS, SIGNING_DIGESTS, type CertOwner, type SigningCertificateRecord } from '../store/user-credential-store.js';
import { users } from '../store/user-store.js';
import { callerUserName } from './users.js';
import { requireStatus } from './credential-status.js';

/** Signing certificates per user (IAM quotas). */
export const SIGNING_CERTIFICATES_QUOTA = 2;

type CertOps = 'UploadSigningCertificate' | 'ListSigningCertificates' | 'UpdateSigningCertificate' | 'DeleteSigningCertificate';

async function ownerOf(ops: StoreOps, scope: Scope, ctx: HandlerContext, userName: string | undefined): Promise<CertOwner> {
  if (userName === undefined && ctx.caller.principal.type === 'root') return { kind: 'root' };
  const u = await users.require(ops, scope, userName ?? callerUserName(ctx));
  return { kind: 'user', userName: u.userName };
}

function view(c: SigningCertificateRecord, ctx: HandlerContext): SigningCertificate {
  return { UserName: c.userName ?? ctx.caller.principal.accountId, CertificateId: c.certificateId, CertificateBody: c.body, Status: c.status, UploadDate: new Date(c.uploadDate) };
}

async function ownedCert(ops: StoreOps, scope: Scope, owner: CertOwner, id: string): Promise<SigningCertificateRecord> {
  const c = await SIGNING_CERTS.get(ops, scope, `${certOwnerKey(owner)}/${id}`);
  if (!c) throw noSuchSigningCertificate(id);
  return c;
}

/** Signing certificate operations. */
export function signingCertificateHandlers({ store }: IamDeps): OpHandlers<CertOps> {
  return {
    async UploadSigningCertificate(input, ctx) {
      const cert = parseCertificate(input.CertificateBody);
      if (!cert) throw malformedBody();
      if (!isCurrent(cert, ctx.caller.now)) throw invalidSigningCertificate();
      const scope = scopeOf(ctx);
      const rec = await store.transaction(async (tx) => {
        const owner = await ownerOf(tx, scope, ctx, input.UserName);
        if ((await SIGNING_CERTS.count(tx, scope, `${certOwnerKey(owner)}/`)) >= SIGNING_CERTIFICATES_QUOTA) throw quotaExceeded('CertificatesPerUser', SIGNING_CERTIFICATES_QUOTA);
        if (await SIGNING_DIGESTS.get(tx, scope, cert.sha256)) throw duplicateCertificate();
        const c: SigningCertificateRecord = {
          certificateId: newCredentialId('', 32),
          ...(owner.kind === 'user' ? { userName: owner.userName } : {}),
          // Kept as uploaded: AWS answers the body byte for byte, its final newline too (moto's AWS-verified test).
          body: input.CertificateBody,
          sha256: cert.sha256,
          status: 'Active',
          uploadDate: nowIso(ctx),
        };
        await SIGNING_CERTS.put(tx, scope, `${certOwnerKey(owner)}/${c.certificateId}`, c);
        await SIGNING_DIGESTS.put(tx, scope, c.sha256, { ownerKey: certOwnerKey(owner), certificateId: c.certificateId });
        return c;
      });
      return { Certificate: view(rec, ctx) };
    },

    async ListSigningCertificates(input, ctx) {
      const scope = scopeOf(ctx);
      const owner = await ownerOf(store, scope, ctx, input.UserName);
      const page = paginate(await certsOf(store, scope, owner), (c) => `${c.uploadDate}|${c.certificateId}`, input);
      return { Certificates: page.items.map((c) => view(c, ctx)), ...pageFields(page) };
    },

    async UpdateSigningCertificate(input, ctx) {
      const status = requireStatus(input.Status);
      const scope = scopeOf(ctx);
      await store.transaction(async (tx) => {
        const owner = await ownerOf(tx, scope, ctx, input.UserName);
        const c = await ownedCert(tx, scope, owner, input.CertificateId);
        await SIGNING_CERTS.put(tx, scope, `${certOwnerKey(owner)}/${c.certificateId}`, { ...c, status });
      });
    },

    async DeleteSigningCertificate(input, ctx) {
      const scope = scopeOf(ctx);
      await store.transaction(async (tx) => {
        const owner = await ownerOf(tx, scope, ctx, input.UserName);
        const c = await ownedCert(tx, scope, owner, input.CertificateId);
        await SIGNING_CERTS.delete(tx, scope, `${certOwnerKey(owner)}/${c.certificateId}`);
        await SIGNING_DIGESTS.delete(tx, scope, c.sha256);
      });
    },
  };
}
