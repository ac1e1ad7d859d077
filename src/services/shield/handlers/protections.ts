/**
 * Protections: CreateProtection, DescribeProtection, ListProtections, DeleteProtection, and the
 * Route 53 health checks of health-based detection (AssociateHealthCheck, DisassociateHealthCheck).
 */
import { randomUUID } from 'node:crypto';
import type { ProtectedResourceType } from '../api.generated.js';
import { parseProtectedArn, protectionArn, unrecognized } from '../arns.js';
import { accountOf, checkTags, page, requireSubscription, scopeOf, type OpHandlers, type ShieldDeps } from '../deps.js';
import { badToken, invalidParameter, invalidResource, limitsExceeded, noProtection, oneOfIdOrArn, protectionExists } from '../errors.js';
import { allProtections, protectionById, protectionByResource, protectionOf } from '../protections.js';
import { protections, type ProtectionRecord } from '../store.js';
import { LIMITS } from './subscription.js';

type Ops = 'CreateProtection' | 'DescribeProtection' | 'ListProtections' | 'DeleteProtection' | 'AssociateHealthCheck' | 'DisassociateHealthCheck';

const HEALTH_CHECK = /^arn:aws:route53:::healthcheck\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Health checks per protection. (unconfirmed: the console associates one) */
export const MAX_HEALTH_CHECKS = 1;

export function protectionHandlers({ store }: ShieldDeps): OpHandlers<Ops> {
  return {
    async CreateProtection(input, ctx) {
      const tags = checkTags(input.Tags);
      const res = parseProtectedArn(input.ResourceArn);
      if (!res) throw invalidResource(unrecognized(input.ResourceArn));
      if (res.accountId !== undefined && res.accountId !== accountOf(ctx)) throw invalidResource(`The resource ${input.ResourceArn} does not belong to account ${accountOf(ctx)}.`);
      const id = randomUUID();
      await store.transaction(async (tx) => {
        await requireSubscription(tx, ctx);
        const all = await allProtections(tx, accountOf(ctx));
        if (all.some((p) => p.resourceArn === input.ResourceArn)) throw protectionExists();
        if (all.filter((p) => p.resourceType === res.type).length >= LIMITS.protectionsPerType) throw limitsExceeded(res.type, LIMITS.protectionsPerType);
        const rec: ProtectionRecord = { id, name: input.Name, resourceArn: input.ResourceArn, resourceType: res.type, arn: protectionArn(accountOf(ctx), id), healthCheckArns: [], tags, createdAt: ctx.caller.now };
        await protections.put(tx, scopeOf(ctx), id, rec);
      });
      return { ProtectionId: id };
    },

    async DescribeProtection(input, ctx) {
      if ((input.ProtectionId === undefined) === (input.ResourceArn === undefined)) throw oneOfIdOrArn();
      await requireSubscription(store, ctx);
      const p = input.ProtectionId !== undefined ? await protectionById(store, accountOf(ctx), input.ProtectionId) : await protectionByResource(store, accountOf(ctx), input.ResourceArn!);
      if (!p) throw noProtection();
      return { Protection: protectionOf(p) };
    },

    async ListProtections(input, ctx) {
      await requireSubscription(store, ctx);
      const f = input.InclusionFilters;
      const one = <T>(xs: readonly T[] | undefined, name: string): T | undefined => {
        if (xs === undefined) return undefined;
        if (xs.length !== 1) throw invalidParameter(`Error validating the following inputs: inclusionFilters.${name}`, `InclusionFilters.${name}`);
        return xs[0];
      };
      const arn = one(f?.ResourceArns, 'resourceArns');
      const name = one(f?.ProtectionNames, 'protectionNames');
      const type: ProtectedResourceType | undefined = one(f?.ResourceTypes, 'resourceTypes');
      const all = (await allProtections(store, accountOf(ctx)))
        .filter((p) => (arn === undefined || p.resourceArn === arn) && (name === undefined || p.name === name) && (type === undefined || p.resourceType === type))
        .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
      const p = page(all, input.NextToken, input.MaxResults, 100, badToken);
      return { Protections: p.items.map(protectionOf), ...(p.next !== undefined ? { NextToken: p.next } : {}) };
    },

    async DeleteProtection(input, ctx) {
      await store.transaction(async (tx) => {
        await requireSubscription(tx, ctx);
        if (!(await protectionById(tx, accountOf(ctx), input.ProtectionId))) throw noProtection();
        await protections.delete(tx, scopeOf(ctx), input.ProtectionId);
      });
      return {};
    },

    async AssociateHealthCheck(input, ctx) {
      if (!HEALTH_CHECK.test(input.HealthCheckArn)) throw invalidParameter(`Invalid health check ARN: ${input.HealthCheckArn}`, 'HealthCheckArn');
      await store.transaction(async (tx) => {
        await requireSubscription(tx, ctx);
        const p = await protectionById(tx, accountOf(ctx), input.ProtectionId);
        if (!p) throw noProtection();
        if (p.healthCheckArns.includes(input.HealthCheckArn)) return;
        if (p.healthCheckArns.length >= MAX_HEALTH_CHECKS) throw limitsExceeded('HEALTH_CHECKS', MAX_HEALTH_CHECKS);
        await protections.put(tx, scopeOf(ctx), p.id, { ...p, healthCheckArns: [...p.healthCheckArns, input.HealthCheckArn] });
      });
      return {};
    },

    async DisassociateHealthCheck(input, ctx) {
      if (!HEALTH_CHECK.test(input.HealthCheckArn)) throw invalidParameter(`Invalid health check ARN: ${input.HealthCheckArn}`, 'HealthCheckArn');
      await store.transaction(async (tx) => {
        await requireSubscription(tx, ctx);
        const p = await protectionById(tx, accountOf(ctx), input.ProtectionId);
        if (!p) throw noProtection();
        // Disassociating a health check that is not associated succeeds (idempotent). (unconfirmed)
        await protections.put(tx, scopeOf(ctx), p.id, { ...p, healthCheckArns: p.healthCheckArns.filter((a) => a !== input.HealthCheckArn) });
      });
      return {};
    },
  };
}
