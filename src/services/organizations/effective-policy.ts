/**
 * The effective management policy (tag, backup, AI opt-out, ...) of an account: the policies of its
 * chain (root, each OU, the account; at each level in attachment order) merged with AWS's
 * inheritance operators ("Inheritance operators", AWS Organizations User Guide):
 *   @@assign  overwrites the inherited setting (any type; for arrays, replaces every value),
 *   @@append  adds values to an inherited array,
 *   @@remove  removes values from an inherited array,
 *   @@operators_allowed_for_child_policies  limits the value-setting operators the levels below may
 *             use on that setting and everything under it (["@@all"] by default, ["@@none"] locks it);
 *             an inherited limit cannot be widened below. An operator a limit forbids is ignored.
 * A setting written without an operator is an @@assign. The answer holds values only (operators
 * removed). Pure: no I/O.
 */
import { setOwn } from '../../shared/own-lookup.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

const VALUE_OPS = ['@@assign', '@@append', '@@remove'] as const;
const CHILD_CONTROL = '@@operators_allowed_for_child_policies';
export const POLICY_OPERATORS: ReadonlySet<string> = new Set([...VALUE_OPS, CHILD_CONTROL]);

const isObj = (v: Json | undefined): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const asList = (v: Json | undefined): Json[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
// protocol-lint: allow comparing policy values, not wire format
const same = (a: Json, b: Json) => JSON.stringify(a) === JSON.stringify(b);

/** Operators the levels below may use at a node: the intersection of the limits met on the way down. */
type Allowed = ReadonlySet<string>;
const ALL: Allowed = new Set(VALUE_OPS);

function limitOf(node: Obj, inherited: Allowed): Allowed {
  const raw = node[CHILD_CONTROL];
  if (!Array.isArray(raw)) return inherited;
  const listed = raw.filter((x): x is string => typeof x === 'string');
  const own = listed.includes('@@all') ? ALL : new Set(listed.filter((x) => x !== '@@none'));
  return new Set([...inherited].filter((op) => own.has(op)));
}

interface State {
  value: Json | undefined;
  /** What the next levels may do here. */
  allowed: Allowed;
  children: Map<string, State>;
}

const fresh = (allowed: Allowed): State => ({ value: undefined, allowed, children: new Map() });

/**
 * Applies one policy node to the state built from the levels above. `at` gives each existing node's
 * allowance as this level started (limits set by this level bind only the levels below); `allowed`
 * is this node's allowance for this level.
 */
function apply(state: State, node: Json, allowed: Allowed, at: Map<State, Allowed>): void {
  const childOf = (k: string): [State, Allowed] => {
    let child = state.children.get(k);
    if (!child) {
      child = fresh(state.allowed);
      state.children.set(k, child);
    }
    return [child, intersect(allowed, at.get(child) ?? allowed)];
  };
  if (!isObj(node)) {
    if (allowed.has('@@assign')) state.value = node;
    return;
  }
  if (node['@@assign'] !== undefined && allowed.has('@@assign')) state.value = node['@@assign'];
  if (node['@@append'] !== undefined && allowed.has('@@append')) {
    const now = asList(state.value);
    state.value = [...now, ...asList(node['@@append']).filter((v) => !now.some((x) => same(x, v)))];
  }
  if (node['@@remove'] !== undefined && allowed.has('@@remove')) {
    const gone = asList(node['@@remove']);
    state.value = asList(state.value).filter((x) => !gone.some((v) => same(x, v)));
  }
  // A limit set here binds the levels below (this node and everything under it).
  const limit = limitOf(node, allowed);
  if (limit !== allowed) narrow(state, limit);
  for (const [k, v] of Object.entries(node)) {
    if (POLICY_OPERATORS.has(k)) continue;
    const [child, childAllowed] = childOf(k);
    apply(child, v, childAllowed, at);
  }
}

/** Narrows what the levels below may do at `s` and under it. */
function narrow(s: State, limit: Allowed): void {
  s.allowed = intersect(s.allowed, limit);
  for (const c of s.children.values()) narrow(c, s.allowed);
}

const intersect = (a: Allowed, b: Allowed): Allowed => new Set([...a].filter((x) => b.has(x)));

function render(state: State): Json | undefined {
  if (state.children.size === 0) return state.value;
  const out: Obj = {};
  for (const [k, child] of state.children) {
    const v = render(child);
    // Own keys even for `__proto__` (a tag key like any other): assigned, it would set the prototype and vanish.
    if (v !== undefined) setOwn(out, k, v);
  }
  return Object.keys(out).length ? out : state.value;
}

/**
 * The effective policy of `levels` (root first; each level's policy documents, already parsed), or
 * undefined when no policy applies.
 */
export function effectivePolicy(levels: readonly (readonly Json[])[]): Json | undefined {
  if (levels.every((l) => l.length === 0)) return undefined;
  const root = fresh(ALL);
  for (const level of levels) {
    const at = snapshot(root);
    for (const doc of level) apply(root, doc, at.get(root)!, at);
  }
  return render(root) ?? {};
}

/** Each node's allowance as a level starts. */
function snapshot(s: State): Map<State, Allowed> {
  const m = new Map<State, Allowed>();
  const walk = (x: State) => {
    m.set(x, x.allowed);
    for (const c of x.children.values()) walk(c);
  };
  walk(s);
  return m;
}

export type { Json as PolicyJson };
