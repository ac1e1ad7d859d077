/**
 * Web ACL associations with Application Load Balancers: AssociateWebACL, DisassociateWebACL,
 * GetWebACLForResource, ListResourcesForWebACL. The WAF proxy that registered the ALB ARN reads the
 * association from the store and enforces the web ACL (src/dataplane/proxy). Other resource types
 * are refused (not served yet).
 */
import { parseAlbArn, parseEntityArn, type Here } from '../arns.js';
import { entityByArn } from '../entities.js';
import { BAD_ARN, UNSUPPORTED, invalidParameter, nonexistent } from '../errors.js';
import { associations, entities, entityKey, regionScope, type EntityRecord } from '../store.js';
import { hereOf, type OpHandlers, type Wafv2Deps } from '../deps.js';
import { webAclOf } from './web-acls.js';

type Ops = 'AssociateWebACL' | 'DisassociateWebACL' | 'GetWebACLForResource' | 'ListResourcesForWebACL';

/** An ALB of this account and Region; WAFInvalidParameterException for anything else. */
function alb(arn: string, here: Here): string {
  const p = parseAlbArn(arn);
  if (!p) throw invalidParameter('RESOURCE_ARN', arn, BAD_ARN);
  if (p.region !== here.region || p.accountId !== here.accountId) throw nonexistent();
  return arn;
}

async function requireAcl(ops: Parameters<typeof entityByArn>[0], here: Here, arn: string): Promise<EntityRecord<'webacl'>> {
  if (!parseEntityArn(arn)) throw invalidParameter('RESOURCE_ARN', arn, BAD_ARN);
  const acl = await entityByArn(ops, here, arn);
  if (!acl || acl.kind !== 'webacl') throw nonexistent();
  return acl as EntityRecord<'webacl'>;
}

export function associationHandlers({ store }: Wafv2Deps): OpHandlers<Ops> {
  return {
    async AssociateWebACL(input, ctx) {
      const here = hereOf(ctx);
      const resource = alb(input.ResourceArn, here);
      await store.transaction(async (tx) => {
        const acl = await requireAcl(tx, here, input.WebACLArn);
        // CloudFront web ACLs are attached through the distribution, never with this call.
        if (acl.scope !== 'REGIONAL') throw invalidParameter('RESOURCE_ARN', input.WebACLArn, UNSUPPORTED);
        await associations.put(tx, regionScope(here.accountId, here.region), resource, { webAclArn: acl.arn });
      });
      return {};
    },

    async DisassociateWebACL(input, ctx) {
      const here = hereOf(ctx);
      await associations.delete(store, regionScope(here.accountId, here.region), alb(input.ResourceArn, here));
      return {};
    },

    async GetWebACLForResource(input, ctx) {
      const here = hereOf(ctx);
      const scope = regionScope(here.accountId, here.region);
      const a = await associations.get(store, scope, alb(input.ResourceArn, here));
      const p = a ? parseEntityArn(a.webAclArn) : undefined;
      const acl = p ? ((await entities.get(store, scope, entityKey('webacl', p.scope, p.id))) as EntityRecord<'webacl'> | undefined) : undefined;
      return acl ? { WebACL: webAclOf(acl) } : {};
    },

    async ListResourcesForWebACL(input, ctx) {
      const here = hereOf(ctx);
      const acl = await requireAcl(store, here, input.WebACLArn);
      if ((input.ResourceType ?? 'APPLICATION_LOAD_BALANCER') !== 'APPLICATION_LOAD_BALANCER') return { ResourceArns: [] };
      const rows = await associations.list(store, regionScope(here.accountId, here.region));
      return { ResourceArns: rows.filter((r) => r.value.webAclArn === acl.arn).map((r) => r.key) };
    },
  };
}
