/**
 * Shield Response Team access: AssociateDRTRole, DisassociateDRTRole, AssociateDRTLogBucket,
 * DisassociateDRTLogBucket, DescribeDRTAccess. The role must be a role of the caller's account that
 * exists, that trusts `drt.shield.amazonaws.com`, and that the caller may pass (iam:PassRole, with
 * iam:PassedToService); the caller must be allowed to read it (iam:GetRole). A log bucket needs an
 * associated role first (NoAssociatedRoleException), must exist, and at most 10 are kept.
 */
import type { HandlerContext } from '../../../protocol/service-definition.js';
import { accountOf, requireSubscription, scopeOf, type OpHandlers, type ShieldDeps } from '../deps.js';
import { callDependency } from '../dependency.js';
import { accessDeniedForDependency, invalidParameter, limitsExceeded, noAssociatedRole, notFound } from '../errors.js';
import { settings, SETTINGS_KEY, type SettingsRecord } from '../store.js';

type Ops = 'AssociateDRTRole' | 'DisassociateDRTRole' | 'AssociateDRTLogBucket' | 'DisassociateDRTLogBucket' | 'DescribeDRTAccess';

export const DRT_PRINCIPAL = 'drt.shield.amazonaws.com';
/** LogBucketList holds at most 10 buckets (API reference). */
export const MAX_LOG_BUCKETS = 10;
const ROLE = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;

export const EMPTY_SETTINGS: SettingsRecord = { logBuckets: [], contacts: [] };

export function drtHandlers(deps: ShieldDeps): OpHandlers<Ops> {
  const { store } = deps;
  const read = async (ctx: HandlerContext) => (await settings.get(store, scopeOf(ctx), SETTINGS_KEY)) ?? EMPTY_SETTINGS;
  const write = (ctx: HandlerContext, s: SettingsRecord) => settings.put(store, scopeOf(ctx), SETTINGS_KEY, s);

  return {
    async AssociateDRTRole(input, ctx) {
      await requireSubscription(store, ctx);
      const m = ROLE.exec(input.RoleArn);
      if (!m) throw invalidParameter(`Invalid role ARN: ${input.RoleArn}`, 'RoleArn');
      if (m[1] !== accountOf(ctx)) throw invalidParameter('The role must belong to the calling account.', 'RoleArn');
      const { decision } = await deps.authorizer().decide(ctx.caller, ctx.caller, { action: 'iam:PassRole', resource: input.RoleArn, context: { 'iam:PassedToService': DRT_PRINCIPAL } });
      if (decision.decision !== 'Allow') throw accessDeniedForDependency(`You are not authorized to perform iam:PassRole on ${input.RoleArn}.`);
      const got = await callDependency(deps, ctx, 'iam', 'GetRole', { RoleName: m[2]! }, ['NoSuchEntity']);
      const role = got?.['Role'] as { Arn?: string; AssumeRolePolicyDocument?: string } | undefined;
      if (!role || role.Arn !== input.RoleArn) throw invalidParameter(`The role ${input.RoleArn} does not exist.`, 'RoleArn');
      let trust = role.AssumeRolePolicyDocument ?? '';
      try {
        trust = decodeURIComponent(trust);
      } catch {
        // already plain
      }
      if (!trust.includes(DRT_PRINCIPAL)) throw invalidParameter(`The role ${input.RoleArn} must trust ${DRT_PRINCIPAL}.`, 'RoleArn');
      await write(ctx, { ...(await read(ctx)), roleArn: input.RoleArn });
      return {};
    },

    async DisassociateDRTRole(_input, ctx) {
      await requireSubscription(store, ctx);
      const { roleArn: _gone, ...rest } = await read(ctx);
      await write(ctx, rest);
      return {};
    },

    async AssociateDRTLogBucket(input, ctx) {
      await requireSubscription(store, ctx);
      const s = await read(ctx);
      if (s.roleArn === undefined) throw noAssociatedRole();
      if (s.logBuckets.includes(input.LogBucket)) return {};
      if (s.logBuckets.length >= MAX_LOG_BUCKETS) throw limitsExceeded('LOG_BUCKETS', MAX_LOG_BUCKETS);
      if (!(await callDependency(deps, ctx, 's3', 'HeadBucket', { Bucket: input.LogBucket }, ['NoSuchBucket', 'NotFound']))) throw invalidParameter(`The bucket ${input.LogBucket} does not exist.`, 'LogBucket');
      await write(ctx, { ...s, logBuckets: [...s.logBuckets, input.LogBucket] });
      return {};
    },

    async DisassociateDRTLogBucket(input, ctx) {
      await requireSubscription(store, ctx);
      const s = await read(ctx);
      if (s.roleArn === undefined) throw noAssociatedRole();
      if (!s.logBuckets.includes(input.LogBucket)) throw notFound('log bucket', 'log-bucket');
      await write(ctx, { ...s, logBuckets: s.logBuckets.filter((b) => b !== input.LogBucket) });
      return {};
    },

    async DescribeDRTAccess(_input, ctx) {
      await requireSubscription(store, ctx);
      const s = await read(ctx);
      return { ...(s.roleArn !== undefined ? { RoleArn: s.roleArn } : {}), ...(s.logBuckets.length ? { LogBucketList: [...s.logBuckets] } : {}) };
    },
  };
}
