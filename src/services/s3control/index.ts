/**
 * Amazon S3 Control, first increment: the account-level Block Public Access
 * (Put/Get/DeletePublicAccessBlock at `/v20180820/configuration/publicAccessBlock`), which S3
 * enforces with each bucket's own settings (src/services/s3/access/public-access.ts). README.md
 * lists what is served and the decisions.
 */
import { codecFor } from '../../protocol/codecs.js';
import { loadModel } from '../../protocol/model/load-model.js';
import { asHandlerTable } from '../../protocol/service-definition.js';
import type { ServiceModule, ServiceParts } from '../service-module.js';
import { S3CONTROL_NOT_IMPLEMENTED, type S3controlHandlers } from './api.generated.js';
import { S3CONTROL_AUTHORIZATION } from './authz.js';
import { publicAccessBlockHandlers } from './handlers/public-access-block.js';
import { accountBlockSource } from './store.js';

/** Every other operation answers as AWS answers an operation it does not know (README). */
export function s3controlHandlers(parts: Pick<ServiceParts, 'store'>): S3controlHandlers {
  return { ...S3CONTROL_NOT_IMPLEMENTED, ...publicAccessBlockHandlers(parts.store) };
}

/**
 * S3 Control requests are signed for `s3`, as S3's are: they are told apart by their path (every
 * operation's starts with the API version, `/v20180820/`) together with the `x-amz-account-id` header
 * every S3 Control operation sends, or an `s3-control` host (`<account>.s3-control.<region>...`).
 * A path-style S3 request for a bucket named `v20180820` carries neither.
 */
export function isS3ControlRequest(req: { readonly rawPath: string; readonly headers: Readonly<Record<string, string>> }): boolean {
  if (!req.rawPath.startsWith('/v20180820/')) return false;
  return req.headers['x-amz-account-id'] !== undefined || /^(?:\d{12}\.)?s3-control[.-]/i.test(req.headers['host'] ?? '');
}

export interface S3ControlService extends ServiceModule {
  /** The accounts' Block Public Access, for S3 to enforce (the composition root hands it over). */
  readonly accountBlock: ReturnType<typeof accountBlockSource>;
}

export function createS3ControlService(parts: ServiceParts): S3ControlService {
  const model = loadModel('s3control');
  return {
    // S3's payload rules (UNSIGNED-PAYLOAD): the SDKs sign S3 Control requests with S3's signer.
    definition: { name: 's3control', model, codec: codecFor(model), handlers: asHandlerTable(s3controlHandlers(parts)), streamingPayloads: true, claims: isS3ControlRequest },
    authorization: S3CONTROL_AUTHORIZATION,
    accountBlock: accountBlockSource(parts.store),
  };
}
