/**
 * UploadServerCertificate, GetServerCertificate, ListServerCertificates, UpdateServerCertificate,
 * DeleteServerCertificate and their tags. The body must be one PEM X.509 certificate within its
 * validity period, the private key one unencrypted PEM key whose public half is the certificate's,
 * the chain (optional) the issuers in order. The private key is stored only sealed and never
 * returned by any operation.
 */
import type { HandlerContext } from '../../../protocol/service-definition.js';
import { newIamId } from '../../../shared/ids.js';
import type { Scope, StoreOps } from '../../../storage/types.js';
import type { ServerCertificateMetadata } from '../api.generated.js';
import { checkChain, isCurrent, keyMatches, parseCertificate, parsePrivateKey, type ParsedCertificate } from '../certs/x509.js';
import {
  chainOutOfOrder,
  expiredCertificate,
  keyPairMismatch,
  malformedBody,
  malformedChain,
  malformedPrivateKey,
  noSuchServerCertificate,
  serverCertificateExists,
} from '../credential-errors.js';
import { nowIso, scopeOf, type IamDeps, type OpHandlers } from '../deps.js';
import { quotaExceeded } from '../errors.js';
import { iamArn, nameKey } from '../iam-arns.js';
import { pageFields, pageOfTable } from '../pagination.js';
import {
  deleteServerCertificate,
  getServerCertificate,
  keyAt,
  putServerCertificate,
  rekeyCertificate,
  SERVER_CERTIFICATES,
  type ServerCertificateRecord,
} from '../store/server-certificate-store.js';
import { mergeTags, removeTags, tagsOut } from '../tag-list.js';
import { tagPage } from './tags.js';

/** Server certificates per account (IAM quotas). */
export const SERVER_CERTIFICATES_QUOTA = 20;

type CertOps =
  | 'UploadServerCertificate'
  | 'GetServerCertificate'
  | 'ListServerCertificates'
  | 'UpdateServerCertificate'
  | 'DeleteServerCertificate'
  | 'TagServerCertificate'
  | 'UntagServerCertificate'
  | 'ListServerCertificateTags';

function metadata(c: ServerCertificateRecord): ServerCertificateMetadata {
  return { Path: c.path, ServerCertificateName: c.name, ServerCertificateId: c.id, Arn: c.arn, UploadDate: new Date(c.uploadDate), Expiration: new Date(c.expiration) };
}

/** The certificate, the key and the chain checked in AWS's order; the parsed body. */
function validate(body: string, privateKey: string, chain: string | undefined, ctx: HandlerContext): ParsedCertificate {
  const cert = parseCertificate(body);
  if (!cert) throw malformedBody();
  if (!isCurrent(cert, ctx.caller.now)) throw expiredCertificate();
  const key = parsePrivateKey(privateKey);
  if (!key) throw malformedPrivateKey();
  if (!keyMatches(key, cert)) throw keyPairMismatch();
  if (chain !== undefined && chain.trim() !== '') {
    const r = checkChain(cert, chain);
    if (!r.ok) throw r.unparseable ? malformedChain() : chainOutOfOrder(r.index);
  }
  return cert;
}

/** Server certificate operations. */
export function serverCertificateHandlers({ store }: IamDeps): OpHandlers<CertOps> {
  const requireCert = async (ops: StoreOps, scope: Scope, name: string): Promise<ServerCertificateRecord> => {
    const c = await getServerCertificate(ops, scope, name);
    if (!c) throw noSuchServerCertificate(name);
    return c;
  };
  return {
    async UploadServerCertificate(input, ctx) {
      const cert = validate(input.CertificateBody, input.PrivateKey, input.CertificateChain, ctx);
      const scope = scopeOf(ctx);
      const tags = mergeTags([], input.Tags ?? [], 'TagsPerServerCertificate');
      const path = input.Path ?? '/';
      const chain = input.CertificateChain?.trim();
      const rec = await store.transaction(async (tx) => {
        if (await getServerCertificate(tx, scope, input.ServerCertificateName)) throw serverCertificateExists(input.ServerCertificateName);
        if ((await SERVER_CERTIFICATES.count(tx, scope)) >= SERVER_CERTIFICATES_QUOTA) throw quotaExceeded('ServerCertificatesPerAccount', SERVER_CERTIFICATES_QUOTA);
        const c: ServerCertificateRecord = {
          name: input.ServerCertificateName,
          path,
          id: newIamId('ASCA'),
          arn: iamArn(ctx.caller.principal.accountId, 'server-certificate', path, input.ServerCertificateName),
          uploadDate: nowIso(ctx),
          expiration: cert.expiration,
          body: input.CertificateBody.trim(),
          ...(chain ? { chain } : {}),
          sealedPrivateKey: store.sealer.seal(input.PrivateKey.trim(), keyAt(scope, input.ServerCertificateName)),
          tags,
        };
        await putServerCertificate(tx, scope, c);
        return c;
      });
      return { ServerCertificateMetadata: metadata(rec), Tags: tagsOut(rec.tags) };
    },

    async GetServerCertificate(input, ctx) {
      const c = await requireCert(store, scopeOf(ctx), input.ServerCertificateName);
      return { ServerCertificate: { ServerCertificateMetadata: metadata(c), CertificateBody: c.body, CertificateChain: c.chain, Tags: tagsOut(c.tags) } };
    },

    async ListServerCertificates(input, ctx) {
      const prefix = input.PathPrefix ?? '/';
      const page = await pageOfTable(SERVER_CERTIFICATES, store, scopeOf(ctx), '', input, (c) => c.path.startsWith(prefix));
      return { ServerCertificateMetadataList: page.items.map(metadata), ...pageFields(page) };
    },

    async UpdateServerCertificate(input, ctx) {
      const scope = scopeOf(ctx);
      await store.transaction(async (tx) => {
        const before = await requireCert(tx, scope, input.ServerCertificateName);
        const name = input.NewServerCertificateName ?? before.name;
        const path = input.NewPath ?? before.path;
        if (nameKey(name) !== nameKey(before.name) && (await getServerCertificate(tx, scope, name))) throw serverCertificateExists(name);
        const moved = { ...before, name, path, arn: iamArn(ctx.caller.principal.accountId, 'server-certificate', path, name) };
        await deleteServerCertificate(tx, scope, before.name);
        await putServerCertificate(tx, scope, rekeyCertificate(store.sealer, scope, before, moved));
      });
    },

    async DeleteServerCertificate(input, ctx) {
      const scope = scopeOf(ctx);
      await store.transaction(async (tx) => {
        const c = await requireCert(tx, scope, input.ServerCertificateName);
        await deleteServerCertificate(tx, scope, c.name);
      });
    },

    async TagServerCertificate(input, ctx) {
      const scope = scopeOf(ctx);
      await store.transaction(async (tx) => {
        const c = await requireCert(tx, scope, input.ServerCertificateName);
        await putServerCertificate(tx, scope, { ...c, tags: mergeTags(c.tags, input.Tags, 'TagsPerServerCertificate') });
      });
    },

    async UntagServerCertificate(input, ctx) {
      const scope = scopeOf(ctx);
      await store.transaction(async (tx) => {
        const c = await requireCert(tx, scope, input.ServerCertificateName);
        await putServerCertificate(tx, scope, { ...c, tags: removeTags(c.tags, input.TagKeys) });
      });
    },

    async ListServerCertificateTags(input, ctx) {
      return tagPage((await requireCert(store, scopeOf(ctx), input.ServerCertificateName)).tags, input);
    },
  };
}
