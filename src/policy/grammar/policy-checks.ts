/**
 * IAM's checks of a policy document on write, in the order AWS applies them. AWS answers with the
 * first check that fails (one `MalformedPolicyDocument` or `LimitExceeded` message, never a list),
 * so the order decides which message a document with several faults gets.
 *
 * Where the order comes from: moto's IAM policy validator (getmoto/moto,
 * `moto/iam/policy_validation.py`, Apache-2.0), written against AWS and tested with documents whose
 * answers were recorded from AWS (`tests/test_iam/test_iam_policies.py`; the answers, not the
 * documents, are what `test/policy/aws-validation-vectors.json` relies on: its documents are
 * Rampart's own). moto's order is: syntax ("Syntax errors in policy."),
 * Version, legacy parsing, Sid uniqueness, actions present, resource format, action vendors,
 * resources present. Its recorded documents pin the order down where two checks meet (e.g. a
 * document that fails both legacy parsing and Sid uniqueness gets "The policy failed legacy
 * parsing"). Checks moto does not have (duplicate keys, size, character set, Sid characters, the
 * Principal rules) are placed where the evidence named at each points; where there is none, the
 * comment says the position is not known.
 *
 * Every check is linear in the size of the document (see `statement-rules.ts`); the only sort is of
 * one statement's Resource list (n log n in its entries), in descending order as moto reads it.
 */
import { parseOperator } from '../conditions/condition-operator.js';
import { MSG } from './messages.js';
import { PRINCIPAL_KEYS, isObj, readPrincipal } from './parse-policy.js';
import type { KindRules, PolicyKind } from './policy-kinds.js';
import { sizeError } from './policy-limits.js';
import { actionError, isWildcardPrincipal, legacyDateOk, legacyResourceOk, principalError, resourceFormatError } from './statement-rules.js';
import { parseStrictJson } from './strict-json.js';
import { ownLookup } from '../../shared/own-lookup.js';

type Obj = Readonly<Record<string, unknown>>;

/** What the checks share: the input, and what earlier checks established. */
export interface CheckContext {
  readonly json: string;
  readonly kind: PolicyKind;
  readonly rules: KindRules;
  readonly entityName: string | undefined;
  /** The decoded document (set by `json-syntax`). */
  root: Obj;
  /** The statements as written, a lone object as a list of one (set by `grammar`). */
  statements: readonly Obj[];
  /** The resource format error found during legacy parsing, reported later (moto `_resource_error`). */
  resourceError: string | undefined;
}

/** One of IAM's checks. */
export interface PolicyCheck {
  readonly name: string;
  readonly code: 'MalformedPolicyDocument' | 'LimitExceeded';
  /** AWS's text, or the family of texts, this check answers with. */
  readonly message: string;
  /** Where the check, its text and its position come from. */
  readonly source: string;
  /** The failure's message, or undefined when the document passes. */
  readonly run: (ctx: CheckContext) => string | undefined;
}

// --------------------------------------------------------------------------------------------
// The grammar ("Syntax errors in policy."): moto `_validate_syntax` and the IAM grammar page.

/** moto `VALID_TOP_ELEMENTS`: `Conditions` is accepted at the top and ignored (not recorded). */
const TOP_KEYS = new Set(['Version', 'Id', 'Statement', 'Conditions']);
const STATEMENT_KEYS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
const VERSIONS = new Set(['2008-10-17', '2012-10-17']);
const has = (o: Obj, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** `"x"` or `["x", ...]`; `null` entries only where IAM takes them (Resource lists, as recorded). */
function stringOrStrings(v: unknown, nullEntries: boolean): boolean {
  if (typeof v === 'string') return true;
  return Array.isArray(v) && v.every((x) => typeof x === 'string' || (nullEntries && x === null));
}

/** The grammar's `<condition_value>`: "string" | "number" | "Boolean" (IAM grammar page). */
const conditionScalar = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/**
 * Whether IAM knows the operator: `[ForAllValues:|ForAnyValue:]<operator>[IfExists]` (case-insensitive
 * here as in the engine; AWS's case rule is not recorded). `Null` takes no IfExists ("You can add
 * IfExists to the end of any condition operator name except the Null condition").
 */
const knownOperator = (op: string) => parseOperator(op) !== undefined;

function conditionGrammarOk(c: unknown): boolean {
  if (!isObj(c)) return false;
  for (const [op, block] of Object.entries(c)) {
    if (!isObj(block)) return false;
    const entries = Object.values(block);
    for (const v of entries) {
      if (!(conditionScalar(v) || (Array.isArray(v) && v.every(conditionScalar)))) return false;
    }
    // An unknown operator is refused only when it tests something: AWS's recorded answers accept an
    // unknown operator with an empty block and refuse one with a key.
    if (entries.length > 0 && !knownOperator(op)) return false;
  }
  return true;
}

function principalGrammarOk(p: unknown): boolean {
  if (typeof p === 'string') return true; // "*"; any other string is an invalid principal, later
  if (!isObj(p)) return false;
  return Object.entries(p).every(([k, v]) => ownLookup(PRINCIPAL_KEYS, k) !== undefined && stringOrStrings(v, false));
}

function statementGrammarOk(s: unknown): s is Obj {
  if (!isObj(s)) return false;
  for (const k of Object.keys(s)) if (!STATEMENT_KEYS.has(k)) return false;
  if ((has(s, 'Resource') && has(s, 'NotResource')) || (has(s, 'Action') && has(s, 'NotAction'))) return false;
  // Not in moto; the grammar allows one of the two ("<principal_block> = ("Principal" | "NotPrincipal")").
  if (has(s, 'Principal') && has(s, 'NotPrincipal')) return false;
  const effect = s['Effect'];
  // Case-insensitive here; the exact case is the legacy parser's (recorded: a mixed-case Effect fails legacy parsing).
  if (typeof effect !== 'string' || !['allow', 'deny'].includes(effect.toLowerCase())) return false;
  for (const k of ['Action', 'NotAction']) if (has(s, k) && !stringOrStrings(s[k], false)) return false;
  for (const k of ['Resource', 'NotResource']) if (has(s, k) && !stringOrStrings(s[k], true)) return false;
  if (has(s, 'Condition') && !conditionGrammarOk(s['Condition'])) return false;
  if (has(s, 'Sid') && typeof s['Sid'] !== 'string') return false;
  for (const k of ['Principal', 'NotPrincipal']) if (has(s, k) && !principalGrammarOk(s[k])) return false;
  return true;
}

function grammar(ctx: CheckContext): string | undefined {
  const root = ctx.root;
  for (const k of Object.keys(root)) if (!TOP_KEYS.has(k)) return MSG.syntax;
  if (has(root, 'Version') && !VERSIONS.has(root['Version'] as string)) return MSG.syntax;
  if (has(root, 'Id') && typeof root['Id'] !== 'string') return MSG.syntax;
  const st = root['Statement'];
  const list: unknown[] = isObj(st) ? [st] : Array.isArray(st) ? st : [];
  if (list.length === 0) return MSG.syntax;
  const statements: Obj[] = [];
  for (const s of list) {
    if (!statementGrammarOk(s)) return MSG.syntax;
    statements.push(s);
  }
  ctx.statements = statements;
  return undefined;
}

// --------------------------------------------------------------------------------------------
// Legacy parsing ("The policy failed legacy parsing"): moto `_perform_first_legacy_parsing`, then
// `_validate_resources_for_formats` / `_validate_not_resources_for_formats`.

const isDateOperator = (op: string) => parseOperator(op)?.base?.name.startsWith('Date') === true;

function legacyStatementOk(s: Obj): boolean {
  if (s['Effect'] !== 'Allow' && s['Effect'] !== 'Deny') return false;
  const c = s['Condition'];
  if (!isObj(c)) return true;
  for (const [op, block] of Object.entries(c)) {
    if (!isDateOperator(op) || !isObj(block)) continue;
    for (const v of Object.values(block)) {
      if (Array.isArray(v) ? !v.every(legacyDateOk) : !legacyDateOk(v)) return false;
    }
  }
  return true;
}

function legacyParsing(ctx: CheckContext): string | undefined {
  for (const s of ctx.statements) if (!legacyStatementOk(s)) return MSG.legacyParsing;
  // Resource entries, all statements' Resource before any NotResource. A format error is kept (a
  // later one replaces it) and reported after the Sid and Action checks; once one is kept, the
  // legacy reading of resources stops (moto's validator keeps the first format error that is not
  // itself a legacy failure). Within a list, entries are read in descending order, which decides
  // which of two faulty entries is named (recorded: of two entries with a bad partition, the one
  // that sorts first is named).
  for (const key of ['Resource', 'NotResource']) {
    for (const s of ctx.statements) {
      if (!has(s, key)) continue;
      const v = s[key];
      const entries = typeof v === 'string' ? [v] : (v as unknown[]).filter((x): x is string => typeof x === 'string' && x !== '').sort().reverse();
      for (const r of entries) {
        const e = resourceFormatError(r);
        if (e) ctx.resourceError = e;
      }
      if (ctx.resourceError === undefined && !entries.every(legacyResourceOk)) return MSG.legacyParsing;
    }
  }
  return undefined;
}

// --------------------------------------------------------------------------------------------
// Per-element checks after legacy parsing.

const SID_CHARS = /^[0-9A-Za-z]*$/;

function statementsOf(ctx: CheckContext, key: string): string[] {
  const out: string[] = [];
  for (const s of ctx.statements) {
    const v = s[key];
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) for (const x of v) if (typeof x === 'string') out.push(x);
  }
  return out;
}

/** An element that is present and, when a list, not empty (moto `_validate_*_exist`). */
const present = (s: Obj, key: string) => has(s, key) && !(Array.isArray(s[key]) && (s[key] as unknown[]).length === 0);

function principalRules(ctx: CheckContext): string | undefined {
  const { rules, kind } = ctx;
  for (const s of ctx.statements) {
    const hasPrincipal = has(s, 'Principal') || has(s, 'NotPrincipal');
    if (rules.principal === 'forbidden') {
      if (hasPrincipal) return kind === 'scp' ? MSG.prohibited('Principal') : MSG.noPrincipalAllowed;
      continue;
    }
    if (!hasPrincipal) return MSG.missingPrincipal;
    const principal = has(s, 'Principal') ? readPrincipal(s['Principal']) : undefined;
    if (rules.principal === 'wildcard-only' && has(s, 'Principal') && !(principal && isWildcardPrincipal(principal))) return MSG.rcpPrincipal;
    if (has(s, 'NotPrincipal') && !rules.notPrincipal) return MSG.prohibited('NotPrincipal');
    if (has(s, 'NotPrincipal') && s['Effect'] === 'Allow') return MSG.notPrincipalAllow;
    for (const key of ['Principal', 'NotPrincipal']) {
      if (!has(s, key)) continue;
      const raw = s[key];
      const p = readPrincipal(raw);
      const e = p ? principalError(p) : MSG.invalidPrincipal('AWS', String(raw));
      if (e) return e;
    }
  }
  return undefined;
}

function resourcesByKind(ctx: CheckContext): string | undefined {
  for (const s of ctx.statements) {
    if (ctx.rules.resourceProhibited && (has(s, 'Resource') || has(s, 'NotResource'))) return MSG.prohibited(has(s, 'Resource') ? 'Resource' : 'NotResource');
    if (ctx.rules.resourceRequired && !present(s, 'Resource') && !present(s, 'NotResource')) return MSG.mustContainResources;
  }
  return undefined;
}

// eslint-disable-next-line no-control-regex
const NOT_LATIN1 = /[^\u0009\u000A\u000D\u0020-\u00FF]/;

const MOTO = 'moto moto/iam/policy_validation.py';
const MOTO_TESTS = 'moto tests/test_iam/test_iam_policies.py (AWS answers)';

/** IAM's checks, in AWS's order. */
export const POLICY_CHECKS: readonly PolicyCheck[] = [
  {
    name: 'json-syntax',
    code: 'MalformedPolicyDocument',
    message: MSG.syntax,
    source: `${MOTO_TESTS}: text that is not JSON, and a JSON string -> "Syntax errors in policy." Duplicate keys in one object: the issue lists them among what AWS rejects; that AWS reports them with this text, as a JSON error, is assumed.`,
    run: (ctx) => {
      const parsed = parseStrictJson(ctx.json);
      if (!parsed || !isObj(parsed.value)) return MSG.syntax;
      ctx.root = parsed.value;
      return undefined;
    },
  },
  {
    name: 'size-quota',
    code: 'LimitExceeded',
    message: 'Cannot exceed quota for PolicySize: 6144 (and the other quotas of policy-limits.ts)',
    source: 'IAM and AWS STS quotas; Organizations quotas. Position unknown: before the grammar here (a document is measured before it is read), after the JSON parse as Rampart always did.',
    run: (ctx) => sizeError(ctx.json, ctx.kind, ctx.entityName),
  },
  {
    name: 'character-set',
    code: 'MalformedPolicyDocument',
    message: MSG.syntax,
    source: 'IAM API Reference, PolicyDocument: pattern [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+ (IAM-stored kinds only). The text, and the position among the syntax checks, are unknown (all syntax checks give the same text).',
    run: (ctx) => (ctx.rules.latin1Only && NOT_LATIN1.test(ctx.json) ? MSG.syntax : undefined),
  },
  {
    name: 'grammar',
    code: 'MalformedPolicyDocument',
    message: MSG.syntax,
    source: `${MOTO} _validate_syntax; ${MOTO_TESTS} (unknown top or statement element, Version not 2008-10-17/2012-10-17, Id or Sid not a string, no or empty Statement, Effect missing or not allow/deny in any case, Action+NotAction, Resource+NotResource, Action/Resource not a string or list, Condition not an object of objects, unknown operator with keys). Numbers as condition values: the IAM grammar page ("<condition_value> = ("string" | "number" | "Boolean")"). Principal: the grammar page.`,
    run: grammar,
  },
  {
    name: 'version',
    code: 'MalformedPolicyDocument',
    message: MSG.version,
    source: `${MOTO_TESTS}: no Version, or 2008-10-17, in CreatePolicy -> this text, before legacy parsing and Sid uniqueness. Managed policies only (KindRules.requireCurrentVersion): the Version page says a missing Version defaults to 2008-10-17, and inline and trust policies keep accepting it (moto applies it to inline policies too, without a recorded case).`,
    run: (ctx) => (ctx.rules.requireCurrentVersion && ctx.root['Version'] !== '2012-10-17' ? MSG.version : undefined),
  },
  {
    name: 'legacy-parsing',
    code: 'MalformedPolicyDocument',
    message: MSG.legacyParsing,
    source: `${MOTO} _perform_first_legacy_parsing, _legacy_parse_*; ${MOTO_TESTS}: Effect not exactly Allow/Deny (mixed case), a Date* value that is not ISO 8601 or epoch seconds, a Resource with "::" and fewer than five colons, an empty vendor.`,
    run: legacyParsing,
  },
  {
    name: 'sid-characters',
    code: 'MalformedPolicyDocument',
    message: MSG.sidAlnum,
    source: 'IAM Sid page ("supports ASCII uppercase letters (A-Z), lowercase letters (a-z), and numbers (0-9)"); the text from AWS answers quoted in cfn-lint issue #708 and Wolox/carthage_cache #22, where two equal Sids with "-" got this text, not the uniqueness one: so before sid-unique. Position relative to version and legacy-parsing unknown.',
    run: (ctx) => {
      if (!ctx.rules.alnumSid) return undefined;
      for (const s of ctx.statements) if (typeof s['Sid'] === 'string' && !SID_CHARS.test(s['Sid'])) return MSG.sidAlnum;
      return undefined;
    },
  },
  {
    name: 'sid-unique',
    code: 'MalformedPolicyDocument',
    message: MSG.sidUnique,
    source: `${MOTO} _validate_sid_uniqueness; ${MOTO_TESTS} (an empty Sid may repeat). IAM Sid page: "In IAM, the Sid value must be unique within a JSON policy."`,
    run: (ctx) => {
      const seen = new Set<string>();
      for (const s of ctx.statements) {
        const sid = s['Sid'];
        if (typeof sid !== 'string' || sid === '') continue;
        if (seen.has(sid)) return MSG.sidUnique;
        seen.add(sid);
      }
      return undefined;
    },
  },
  {
    name: 'actions-present',
    code: 'MalformedPolicyDocument',
    message: MSG.mustContainActions,
    source: `${MOTO} _validate_action_like_exist; ${MOTO_TESTS} (no Action/NotAction, or an empty list; before the resource format error).`,
    run: (ctx) => (ctx.statements.every((s) => present(s, 'Action') || present(s, 'NotAction')) ? undefined : MSG.mustContainActions),
  },
  {
    name: 'resource-format',
    code: 'MalformedPolicyDocument',
    message: 'Resource x must be in ARN format or "*". / Partition "x" is not valid for resource "arn:x:*:*:*:*". / Resource vendor must be fully qualified and cannot contain regexes. / ... region information. / ... cannot contain an account id. / IAM resource path must either be "*" or start with ...',
    source: `${MOTO} _validate_resource_format; ${MOTO_TESTS} for every text but "cannot contain an account id." (a user's recorded PutRolePolicy answer for route53) and the vendor wildcard rule (AWS's own text). Found during legacy parsing, reported here (after actions-present, before the action vendors).`,
    run: (ctx) => ctx.resourceError,
  },
  {
    name: 'action-vendor',
    code: 'MalformedPolicyDocument',
    message: `${MSG.vendorPrefix} / ${MSG.oneColon} / Vendor x is not valid`,
    source: `${MOTO} _validate_actions_for_prefixes (every statement's Action, then every NotAction); ${MOTO_TESTS}, and garnaat/kappa #111 (an AWS answer "Actions/Condition can contain only one colon.").`,
    run: (ctx) => {
      for (const key of ['Action', 'NotAction']) {
        for (const a of statementsOf(ctx, key)) {
          const e = actionError(a);
          if (e) return e;
        }
      }
      return undefined;
    },
  },
  {
    name: 'principal',
    code: 'MalformedPolicyDocument',
    message: `${MSG.noPrincipalAllowed} / ${MSG.missingPrincipal} / Has prohibited field Principal|NotPrincipal / ${MSG.notPrincipalAllow} / ${MSG.rcpPrincipal} / Invalid principal in policy: ...`,
    source: 'Not in moto (it accepts a Principal in identity policies). "Policy document should not specify a principal.": AWS answers quoted in terraform-provider-aws #10419; trust policies: IAM "Roles terms and concepts" (the trust policy names the principal); RCPs: Organizations RCP syntax. Position unknown: after the checks moto has, before resources-present.',
    run: principalRules,
  },
  {
    name: 'resources-by-kind',
    code: 'MalformedPolicyDocument',
    message: `${MSG.mustContainResources} / Has prohibited field Resource`,
    source: `${MOTO} IAMPolicyDocumentValidator (resources present, last: ${MOTO_TESTS}: an action without vendor and without Resource -> the vendor text) and IAMTrustPolicyDocumentValidator (Resource prohibited in trust policies; moto ends the text with ".", users quote AWS without it: devopsacademyau/academy #1368).`,
    run: resourcesByKind,
  },
];

/** Runs the checks in order; the first failure, or undefined when the document passes them all. */
export function firstFailure(json: string, kind: PolicyKind, rules: KindRules, entityName?: string): { readonly check: PolicyCheck; readonly message: string } | { readonly root: Obj } {
  const ctx: CheckContext = { json, kind, rules, entityName, root: {}, statements: [], resourceError: undefined };
  for (const check of POLICY_CHECKS) {
    const message = check.run(ctx);
    if (message !== undefined) return { check, message };
  }
  return { root: ctx.root };
}
