/**
 * SQL injection and cross-site scripting detection behind a small interface, so that the
 * managed-detection work (branch waf-managed) can replace these with its modules. These are
 * Rampart's own heuristics (not libinjection, not AWS's): token patterns with no nested
 * quantifiers (linear-time on JS RegExp), run on inputs the inspection limits already bound.
 */

/** A detector: whether a (transformed) value looks like an attack. */
export interface Detector {
  (value: string): boolean;
}

export interface Detectors {
  sqli(level: 'LOW' | 'HIGH'): Detector;
  xss(): Detector;
}

const SQLI_LOW: readonly RegExp[] = [
  // tautologies after a quote or number: ' or 1=1, " or "a"="a, 1 or 1=1
  /['"`]\s*\)?\s*(?:or|and|\|\||&&)\s*\(?\s*['"`]?\w*['"`]?\s*(?:=|<|>|like\b|is\b)/i,
  /\b(?:or|and)\s+\d+\s*=\s*\d+/i,
  /\bunion\b[\s(/*]+(?:all\b[\s(/*]+|distinct\b[\s(/*]+)?select\b/i,
  /;\s*(?:drop|delete|insert|update|create|alter|truncate|exec|execute|shutdown|declare)\b/i,
  /\b(?:sleep|benchmark|pg_sleep|waitfor\s+delay|load_file|extractvalue|updatexml)\s*\(/i,
  /\bselect\b[\s\S]{0,100}?\bfrom\b[\s\S]{0,100}?\b(?:information_schema|sysobjects|pg_catalog|mysql\.user|dual)\b/i,
  /['"`]\s*;?\s*(?:--|#|\/\*)/,
  /\bexec(?:ute)?\s+(?:xp_|sp_)\w+/i,
];

const SQLI_HIGH_EXTRA: readonly RegExp[] = [
  /['"`]\s*(?:or|and|\|\||&&)\b/i,
  /\b(?:select|insert|update|delete)\b[\s\S]{0,100}?\b(?:from|into|set|where)\b/i,
  /\b(?:char|concat|ascii|substring|hex|unhex|cast|convert)\s*\(/i,
  /(?:--|#)\s*$/,
  /\/\*[\s\S]*?\*\//,
];

const XSS: readonly RegExp[] = [
  /<\s*\/?\s*(?:script|iframe|frame|object|embed|applet|meta|link|style|base|svg|math|form|xml|import)\b/i,
  /<[^>]{0,200}?\bon[a-z]{3,20}\s*=/i,
  /\bon(?:error|load|click|mouseover|focus|blur|submit|change|toggle|animationstart|pointerover)\s*=/i,
  /(?:javascript|vbscript|livescript)\s*:/i,
  /\bdata\s*:\s*text\/html/i,
  /\bexpression\s*\(/i,
  /<\s*img[^>]{0,200}?\bsrc\s*=/i,
  /\bsrcdoc\s*=/i,
];

const any = (res: readonly RegExp[]): Detector => (v) => res.some((r) => r.test(v));

const low = any(SQLI_LOW);
const high = any([...SQLI_LOW, ...SQLI_HIGH_EXTRA]);
const xss = any(XSS);

/** Rampart's built-in detectors. */
export const builtinDetectors: Detectors = {
  sqli: (level) => (level === 'HIGH' ? high : low),
  xss: () => xss,
};
