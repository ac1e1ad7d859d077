/**
 * Regex pattern sets: CreateRegexPatternSet, GetRegexPatternSet, UpdateRegexPatternSet,
 * DeleteRegexPatternSet, ListRegexPatternSets. Each pattern must be one WAF accepts (regex-syntax.ts);
 * at most 10 patterns per set (AWS WAF quotas).
 */
import type { Regex } from '../api.generated.js';
import { checkLock, createEntity, deleteEntity, listEntities, requireEntity, saveEntity, summary } from '../entities.js';
import { BAD_FORMAT, invalidParameter, limitsExceeded } from '../errors.js';
import { regexProblem } from '../regex-syntax.js';
import { checkTags, hereOf, type OpHandlers, type Wafv2Deps } from '../deps.js';

type Ops = 'CreateRegexPatternSet' | 'GetRegexPatternSet' | 'UpdateRegexPatternSet' | 'DeleteRegexPatternSet' | 'ListRegexPatternSets';

export const MAX_PATTERNS = 10;

function checkPatterns(list: readonly Regex[]): Regex[] {
  if (list.length > MAX_PATTERNS) throw limitsExceeded('RegexPatternSet');
  return list.map((r) => {
    const s = r.RegexString ?? '';
    if (regexProblem(s) !== undefined) throw invalidParameter('REGEX_PATTERN_SET', s, BAD_FORMAT);
    return { RegexString: s };
  });
}

export function regexSetHandlers({ store }: Wafv2Deps): OpHandlers<Ops> {
  return {
    async CreateRegexPatternSet(input, ctx) {
      const patterns = checkPatterns(input.RegularExpressionList);
      checkTags(input.Tags);
      const rec = await store.transaction((tx) =>
        createEntity(tx, hereOf(ctx), ctx.caller.now, {
          kind: 'regexpatternset',
          scope: input.Scope,
          name: input.Name,
          ...(input.Description !== undefined ? { description: input.Description } : {}),
          ...(input.Tags ? { tags: input.Tags } : {}),
          refs: [],
          data: { RegularExpressionList: patterns },
        }),
      );
      return { Summary: summary(rec) };
    },

    async GetRegexPatternSet(input, ctx) {
      const r = await requireEntity(store, hereOf(ctx), 'regexpatternset', input.Scope, input.Name, input.Id);
      return {
        RegexPatternSet: { Name: r.name, Id: r.id, ARN: r.arn, ...(r.description !== undefined ? { Description: r.description } : {}), RegularExpressionList: r.data.RegularExpressionList.map((x) => ({ ...x })) },
        LockToken: r.lockToken,
      };
    },

    async UpdateRegexPatternSet(input, ctx) {
      const patterns = checkPatterns(input.RegularExpressionList);
      return store.transaction(async (tx) => {
        const r = await requireEntity(tx, hereOf(ctx), 'regexpatternset', input.Scope, input.Name, input.Id);
        checkLock(r, input.LockToken);
        const next = await saveEntity(tx, r, { description: input.Description, data: { RegularExpressionList: patterns } });
        return { NextLockToken: next.lockToken };
      });
    },

    async DeleteRegexPatternSet(input, ctx) {
      await store.transaction(async (tx) => deleteEntity(tx, await requireEntity(tx, hereOf(ctx), 'regexpatternset', input.Scope, input.Name, input.Id), input.LockToken));
      return {};
    },

    async ListRegexPatternSets(input, ctx) {
      const p = await listEntities(store, hereOf(ctx), 'regexpatternset', input.Scope, input.NextMarker, input.Limit);
      return { RegexPatternSets: p.items.map(summary), ...(p.next !== undefined ? { NextMarker: p.next } : {}) };
    },
  };
}
