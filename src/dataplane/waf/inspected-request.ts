/**
 * The contract between the WAF proxy (which receives real HTTP traffic and evaluates web ACLs) and the
 * detection logic behind AWS's managed rule groups. The proxy builds one `InspectedRequest` per request
 * (bounded: the body is only the inspected prefix); a managed group is a list of rules in AWS's order,
 * each with AWS's name, default action and labels, and a pure, bounded-time `matches`.
 */
import type { RequestMemo } from './request-memo.js';

/** One HTTP request as the WAF sees it. */
/** The JA3 and JA4 fingerprints of a TLS client's ClientHello. */
export interface TlsFingerprint {
  readonly ja3: string;
  readonly ja4: string;
}

export interface InspectedRequest {
  /** As received (`GET`, `POST`, ... or anything a client sent). */
  readonly method: string;
  /** The request target's path, raw (still percent-encoded), without the query string. */
  readonly path: string;
  /** The raw query string without the leading `?` ('' when absent). */
  readonly query: string;
  /** Headers in the order received, names as sent (compare case-insensitively), values raw. */
  readonly headers: readonly (readonly [name: string, value: string])[];
  /** The inspected prefix of the body (AWS inspects the first 8 KB for ALB by default, up to 64 KB). */
  readonly body: Buffer;
  /** Whether the body was longer than `body` (the oversize handling of body fields applies). */
  readonly bodyOversize: boolean;
  /** The client's address as the proxy saw it (the TCP peer). */
  readonly clientIp: string;
  /** `HTTP/1.1`, `HTTP/1.0`. */
  readonly httpVersion: string;
  /** The TLS client's fingerprints when the proxy terminated TLS. */
  readonly tls?: TlsFingerprint | undefined;
  /** Labels added by rules evaluated earlier in the web ACL (label match statements read them). */
  readonly labels?: ReadonlySet<string>;
}

/** What a rule does when it matches, before the web ACL's overrides. */
export type ManagedRuleAction = 'Block' | 'Count';

/** One rule of a managed rule group, as AWS names and labels it. */
export interface ManagedRule {
  /** AWS's rule name, e.g. `SQLi_QUERYARGUMENTS`. */
  readonly name: string;
  readonly action: ManagedRuleAction;
  /** Full label names the rule adds when it matches, e.g. `awswaf:managed:aws:sql-database:SQLi_QueryArguments`. */
  readonly labels: readonly string[];
  /**
   * Whether the request matches. Pure and bounded in time by the request's (bounded) size; `memo` is
   * per request and shared by every rule of every group, for decoded forms computed once.
   */
  matches(req: InspectedRequest, memo: RequestMemo): boolean;
  /** Labels a matching request gets beyond `labels`, that depend on it (Bot Control's `bot:name:...`). */
  labelsFor?(req: InspectedRequest, memo: RequestMemo): readonly string[];
  /**
   * Whether a matching request is only labelled: the rule takes no action, whatever its action or an
   * override says (Bot Control's verified bots). It is recorded as a Count match.
   */
  labelOnly?(req: InspectedRequest, memo: RequestMemo): boolean;
}

/** One managed rule group: AWS's vendor and name, its rules in evaluation order. */
export interface ManagedRuleGroupLogic {
  readonly vendor: 'AWS';
  readonly name: string;
  readonly rules: readonly ManagedRule[];
}
