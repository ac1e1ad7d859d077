/**
 * `endpoint.hostPrefix` (S3 WriteGetObjectResponse: `{RequestRoute}.`): the SDKs put the
 * operation's `hostLabel` members in front of the endpoint host (`route-1.s3-object-lambda.…`,
 * or `route-1.127.0.0.1` against a custom endpoint). This reads them back from the Host header.
 *
 * The prefix cannot be told from the endpoint's own labels (`s3-object-lambda.us-east-1…`
 * without a prefix would read `s3-object-lambda`), so callers fill a host label only when no
 * other binding (S3 also sends `x-amz-request-route`) gave it. Bare IP hosts carry no prefix.
 */
import type { ServiceModel, Shape } from '../model/service-model.js';

const LABEL = '([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)';
const cache = new Map<string, { re: RegExp; names: string[] }>();

function compile(template: string): { re: RegExp; names: string[] } {
  let c = cache.get(template);
  if (c) return c;
  const names: string[] = [];
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const m = /^\{(.+)\}$/.exec(part);
      if (!m) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(m[1]!);
      return LABEL;
    })
    .join('');
  c = { re: new RegExp(`^${source}`, 'i'), names };
  cache.set(template, c);
  return c;
}

/** The host name without port; undefined for IP literals (no prefix possible). */
function hostName(host: string | undefined): string | undefined {
  if (!host || host.startsWith('[')) return undefined;
  const name = host.replace(/:\d+$/, '');
  return /^\d{1,3}(?:\.\d{1,3}){3}$/.test(name) ? undefined : name;
}

/** The labels of `template` at the front of `host`, when the host has that prefix and more after it. */
export function hostPrefixLabels(template: string, host: string | undefined): Record<string, string> | undefined {
  const name = hostName(host);
  if (!name) return undefined;
  const { re, names } = compile(template);
  const m = re.exec(name);
  if (!m || m[0].length >= name.length) return undefined;
  return Object.fromEntries(names.map((n, i) => [n, m[i + 1]!]));
}

/** Fills the input's `hostLabel` members that are still unset from the Host header. */
export function readHostLabels(model: ServiceModel, operation: string, shape: Shape, host: string | undefined, out: Record<string, unknown>): void {
  const template = model.operation(operation)?.endpoint?.hostPrefix;
  if (!template) return;
  const labels = hostPrefixLabels(template, host);
  if (!labels) return;
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    if (ref.hostLabel && out[name] === undefined && labels[name] !== undefined) out[name] = labels[name];
  }
}
