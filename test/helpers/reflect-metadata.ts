/**
 * The four `Reflect` metadata functions tsyringe (a dependency of @peculiar/x509) checks for at
 * load, for tests that make certificates: the polyfill package it expects is not installed.
 * Import this module before @peculiar/x509.
 */
type Target = object;
const store = new WeakMap<Target, Map<unknown, Map<string | symbol | undefined, unknown>>>();

function table(target: Target, key: string | symbol | undefined, create: boolean): Map<unknown, unknown> | undefined {
  let byKey = store.get(target);
  if (!byKey && create) store.set(target, (byKey = new Map()));
  let t = byKey?.get(key) as Map<unknown, unknown> | undefined;
  if (!t && create && byKey) byKey.set(key, (t = new Map()));
  return t;
}

const R = Reflect as unknown as Record<string, unknown>;
if (typeof R['getMetadata'] !== 'function') {
  R['defineMetadata'] = (k: unknown, v: unknown, target: Target, prop?: string | symbol) => void table(target, prop, true)!.set(k, v);
  R['getOwnMetadata'] = (k: unknown, target: Target, prop?: string | symbol) => table(target, prop, false)?.get(k);
  R['getMetadata'] = (k: unknown, target: Target, prop?: string | symbol): unknown => {
    for (let t: Target | null = target; t; t = Object.getPrototypeOf(t) as Target | null) {
      const v = table(t, prop, false)?.get(k);
      if (v !== undefined) return v;
    }
    return undefined;
  };
  R['hasMetadata'] = (k: unknown, target: Target, prop?: string | symbol) => (R['getMetadata'] as (...a: unknown[]) => unknown)(k, target, prop) !== undefined;
}
