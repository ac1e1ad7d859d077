/**
 * Automatic application layer DDoS mitigation: EnableApplicationLayerAutomaticResponse,
 * UpdateApplicationLayerAutomaticResponse, DisableApplicationLayerAutomaticResponse. The resource
 * must be protected (ResourceNotFoundException), be an Application Load Balancer or a CloudFront
 * distribution (InvalidParameterException), and have a WAFv2 web ACL associated (read through WAFv2's
 * GetWebACLForResource as the caller: InvalidOperationException without one,
 * AccessDeniedForDependencyException when the caller may not read it). Enable refuses a resource whose
 * response is already enabled and Update/Disable one whose response is not (InvalidOperationException).
 * Rampart serves no CloudFront, so a distribution never has a web ACL here. The rules themselves are
 * placed and removed by the detection engine (src/dataplane/shield/mitigation.ts) during an attack.
 */
import type { HandlerContext } from '../../../protocol/service-definition.js';
import type { ResponseAction } from '../api.generated.js';
import { albRegion } from '../arns.js';
import { accountOf, requireSubscription, scopeOf, type OpHandlers, type ShieldDeps } from '../deps.js';
import { callDependency } from '../dependency.js';
import { invalidOperation, invalidParameter, noProtection } from '../errors.js';
import { protectionByResource } from '../protections.js';
import { protections, type ProtectionRecord } from '../store.js';

type Ops = 'EnableApplicationLayerAutomaticResponse' | 'UpdateApplicationLayerAutomaticResponse' | 'DisableApplicationLayerAutomaticResponse';

function actionOf(a: ResponseAction): 'Block' | 'Count' {
  const block = a.Block !== undefined;
  const count = a.Count !== undefined;
  if (block === count) throw invalidParameter('Action must have exactly one of Block or Count.', 'Action');
  return block ? 'Block' : 'Count';
}

export function autoResponseHandlers(deps: ShieldDeps): OpHandlers<Ops> {
  const { store } = deps;

  async function protectedResource(ctx: HandlerContext, arn: string): Promise<ProtectionRecord> {
    await requireSubscription(store, ctx);
    const p = await protectionByResource(store, accountOf(ctx), arn);
    if (!p) throw noProtection();
    return p;
  }

  /** The ARN of the web ACL associated with the resource. */
  async function webAclOf(ctx: HandlerContext, p: ProtectionRecord): Promise<string> {
    if (p.resourceType !== 'APPLICATION_LOAD_BALANCER' && p.resourceType !== 'CLOUDFRONT_DISTRIBUTION') {
      throw invalidParameter('Automatic application layer DDoS mitigation is available for Amazon CloudFront distributions and Application Load Balancers only.', 'ResourceArn');
    }
    const region = p.resourceType === 'APPLICATION_LOAD_BALANCER' ? albRegion(p.resourceArn) : undefined;
    const got = region === undefined ? undefined : await callDependency(deps, ctx, 'wafv2', 'GetWebACLForResource', { ResourceArn: p.resourceArn }, ['WAFNonexistentItemException'], region);
    const arn = (got?.['WebACL'] as { ARN?: string } | undefined)?.ARN;
    if (arn === undefined) throw invalidOperation(`The resource ${p.resourceArn} must be associated with a web ACL to use automatic application layer DDoS mitigation.`);
    return arn;
  }

  const save = (ctx: HandlerContext, p: ProtectionRecord) => protections.put(store, scopeOf(ctx), p.id, p);

  return {
    async EnableApplicationLayerAutomaticResponse(input, ctx) {
      const action = actionOf(input.Action);
      const p = await protectedResource(ctx, input.ResourceArn);
      if (p.autoResponse?.status === 'ENABLED') throw invalidOperation('Automatic application layer DDoS mitigation is already enabled for this resource: use UpdateApplicationLayerAutomaticResponse.');
      const webAclArn = await webAclOf(ctx, p);
      await save(ctx, { ...p, autoResponse: { status: 'ENABLED', action }, webAclArn });
      return {};
    },

    async UpdateApplicationLayerAutomaticResponse(input, ctx) {
      const action = actionOf(input.Action);
      const p = await protectedResource(ctx, input.ResourceArn);
      if (p.autoResponse?.status !== 'ENABLED') throw invalidOperation('Automatic application layer DDoS mitigation is not enabled for this resource.');
      const webAclArn = await webAclOf(ctx, p);
      await save(ctx, { ...p, autoResponse: { status: 'ENABLED', action }, webAclArn });
      return {};
    },

    async DisableApplicationLayerAutomaticResponse(input, ctx) {
      const p = await protectedResource(ctx, input.ResourceArn);
      if (p.autoResponse?.status !== 'ENABLED') throw invalidOperation('Automatic application layer DDoS mitigation is not enabled for this resource.');
      await save(ctx, { ...p, autoResponse: { status: 'DISABLED', action: p.autoResponse.action } });
      return {};
    },
  };
}
