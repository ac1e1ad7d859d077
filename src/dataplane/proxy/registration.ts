/**
 * A proxy registers itself as an Application Load Balancer of the account and Region:
 * `arn:aws:elasticloadbalancing:REGION:ACCOUNT:loadbalancer/app/NAME/ID`, ID 16 hex digits kept in
 * the store (`dataplane.proxies`, key NAME) so that a restart keeps the ARN, and with it the web
 * ACL association. The record also holds the proxy's token key (sealed) for CAPTCHA/Challenge.
 */
import { randomBytes } from 'node:crypto';
import { isKnownRegion, partitionOfRegion } from '../../shared/regions.js';
import { Table } from '../../storage/table.js';
import type { Store } from '../../storage/types.js';
import { regionScope } from '../../services/wafv2/store.js';

export interface ProxyRecord {
  readonly name: string;
  readonly id: string;
  readonly albArn: string;
  /** The token key, sealed for this record. */
  readonly tokenKey: string;
  readonly createdAt: number;
  readonly listen?: string;
  readonly upstream?: string;
}

export const PROXY_TABLE = 'dataplane.proxies';
const proxies = new Table<ProxyRecord>(PROXY_TABLE);

/** ALB names: 1-32 alphanumerics or hyphens, not starting or ending with a hyphen (ELB's rule). */
export const PROXY_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/;

export interface Registration {
  /** Canonical (partition `aws`, as the store keeps every ARN). */
  readonly albArn: string;
  /** As clients of the Region's partition write it (what the proxy prints). */
  readonly displayArn: string;
  readonly tokenKey: Buffer;
}

export async function registerProxy(store: Store, accountId: string, region: string, name: string, info: { listen: string; upstream: string }, now: number): Promise<Registration> {
  if (!PROXY_NAME.test(name)) throw new Error(`--name must be 1 to 32 letters, digits or hyphens (not at either end), not '${name}'`);
  if (!isKnownRegion(region)) throw new Error(`--region must be a Region, not '${region}'`);
  const scope = regionScope(accountId, region);
  const where = { table: PROXY_TABLE, scope, key: name };
  const rec = await store.transaction(async (tx) => {
    const old = await proxies.get(tx, scope, name);
    const id = old?.id ?? randomBytes(8).toString('hex');
    const next: ProxyRecord = {
      name,
      id,
      albArn: `arn:aws:elasticloadbalancing:${region}:${accountId}:loadbalancer/app/${name}/${id}`,
      tokenKey: old?.tokenKey ?? store.sealer.seal(randomBytes(32), where),
      createdAt: old?.createdAt ?? now,
      listen: info.listen,
      upstream: info.upstream,
    };
    await proxies.put(tx, scope, name, next);
    return next;
  });
  const partition = partitionOfRegion(region)?.id ?? 'aws';
  return { albArn: rec.albArn, displayArn: rec.albArn.replace(/^arn:aws:/, `arn:${partition}:`), tokenKey: store.sealer.open(rec.tokenKey, where) };
}
