import { bucketFromHost } from '../protocol/rest-xml/s3-addressing.js';
import { targetPrefixes } from '../protocol/json/json-codec.js';
import type { ServiceDefinition } from '../protocol/service-definition.js';

/** The parts of a request that name its target service. */
export interface RoutingHints {
  /** Service name from the SigV4 credential scope (header or presigned query). */
  readonly signingService?: string;
  /** `X-Amz-Target: Service_20140101.Operation` (JSON protocols). */
  readonly target?: string;
  readonly host?: string;
  /** The request's path and headers, for services that share a signing name (`ServiceDefinition.claims`). */
  readonly request?: { readonly rawPath: string; readonly headers: Readonly<Record<string, string>> };
}

/**
 * Finds the service a request is for. Order matters: the credential scope is what the client
 * signed for, so it wins; X-Amz-Target disambiguates JSON services sharing a signing name, and a
 * service's own `claims` others (S3 Control's `/v20180820/` requests, signed as `s3`);
 * the host name (`sts.amazonaws.com`, `iam.us-east-1.amazonaws.com`) serves unsigned requests.
 */
export class ServiceRegistry {
  private readonly bySigningName = new Map<string, ServiceDefinition[]>();
  private readonly byTargetPrefix = new Map<string, ServiceDefinition>();
  private readonly byEndpointPrefix = new Map<string, ServiceDefinition>();
  readonly services: readonly ServiceDefinition[];

  constructor(services: readonly ServiceDefinition[]) {
    this.services = services;
    for (const s of services) {
      const list = this.bySigningName.get(s.model.signingName) ?? [];
      list.push(s);
      this.bySigningName.set(s.model.signingName, list);
      // Current SDKs sometimes send a shorter prefix than the model's (CloudTrail_20131101.X).
      for (const prefix of targetPrefixes(s.model)) this.byTargetPrefix.set(prefix, s);
      this.byEndpointPrefix.set(s.model.metadata.endpointPrefix, s);
    }
  }

  /** The service named `name` (`iam`, `sts`, `kms`, ...). */
  byName(name: string): ServiceDefinition | undefined {
    return this.services.find((s) => s.name === name);
  }

  identify(h: RoutingHints): ServiceDefinition | undefined {
    const fromTarget = h.target ? this.byTargetPrefix.get(h.target.slice(0, h.target.lastIndexOf('.'))) : undefined;
    if (h.signingService) {
      const candidates = this.bySigningName.get(h.signingService);
      if (!candidates) return undefined;
      if (candidates.length === 1) return candidates[0];
      const claimed = h.request ? candidates.find((c) => c.claims?.(h.request!)) : undefined;
      return claimed ?? candidates.find((c) => c === fromTarget) ?? candidates[0];
    }
    if (fromTarget) return fromTarget;
    const label = h.host?.split('.')[0]?.toLowerCase();
    const byLabel = label ? this.byEndpointPrefix.get(label) : undefined;
    // An unsigned virtual-hosted S3 request (`bucket.s3.<region>.amazonaws.com`, `bucket.localhost`): the bucket comes first.
    return byLabel ?? (bucketFromHost(h.host) !== undefined ? this.byEndpointPrefix.get('s3') : undefined);
  }
}
