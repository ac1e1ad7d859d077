/**
 * The aggregation key of a rate-based statement for one request: IP, FORWARDED_IP, CONSTANT or up
 * to five CUSTOM_KEYS (each transformed as configured). A request missing a key is not counted
 * (AWS: "If a web request doesn't contain any one of the keys ... it isn't counted").
 */
import type { RateBasedStatement } from '../../services/wafv2/api.generated.js';
import { cookiesOf, headerValues, queryArgs } from './fields.js';
import { applyChain, chainOf } from './transformations.js';
import { ipText } from './ip.js';
import { forwardedIp, type EvalCtx } from './statements.js';

type KeyPart = (ctx: EvalCtx) => string | undefined;

const ipKey = (ctx: EvalCtx) => {
  const ips = forwardedIp(ctx.req, undefined);
  return Array.isArray(ips) ? ipText(ips[0]!) : undefined;
};

function fwdKey(cfg: RateBasedStatement['ForwardedIPConfig']): KeyPart {
  return (ctx) => {
    const ips = forwardedIp(ctx.req, cfg ? { HeaderName: cfg.HeaderName, FallbackBehavior: 'NO_MATCH' } : undefined);
    return Array.isArray(ips) ? ipText(ips[0]!) : undefined;
  };
}

export function rateKeyOf(rb: RateBasedStatement): (ctx: EvalCtx) => string | undefined {
  switch (rb.AggregateKeyType) {
    case 'CONSTANT':
      return () => '';
    case 'IP':
      return ipKey;
    case 'FORWARDED_IP':
      return fwdKey(rb.ForwardedIPConfig);
    default: {
      const parts: KeyPart[] = (rb.CustomKeys ?? []).map((k): KeyPart => {
        if (k.IP) return ipKey;
        if (k.ForwardedIP) return fwdKey(rb.ForwardedIPConfig);
        if (k.HTTPMethod) return (ctx) => ctx.req.method;
        if (k.Header) {
          const c = chainOf(k.Header.TextTransformations);
          return (ctx) => { const v = headerValues(ctx.req, k.Header!.Name)[0]; return v === undefined ? undefined : applyChain(c, v); };
        }
        if (k.Cookie) {
          const c = chainOf(k.Cookie.TextTransformations);
          return (ctx) => { const v = cookiesOf(ctx.req, ctx.memo).find(([n]) => n === k.Cookie!.Name)?.[1]; return v === undefined ? undefined : applyChain(c, v); };
        }
        if (k.QueryArgument) {
          const c = chainOf(k.QueryArgument.TextTransformations);
          const n = k.QueryArgument.Name.toLowerCase();
          return (ctx) => { const v = queryArgs(ctx.req, ctx.memo).find(([x]) => x.toLowerCase() === n)?.[1]; return v === undefined ? undefined : applyChain(c, v); };
        }
        if (k.QueryString) {
          const c = chainOf(k.QueryString.TextTransformations);
          return (ctx) => (ctx.req.query === '' ? undefined : applyChain(c, ctx.req.query));
        }
        if (k.UriPath) {
          const c = chainOf(k.UriPath.TextTransformations);
          return (ctx) => applyChain(c, ctx.req.path);
        }
        if (k.LabelNamespace) {
          const ns = k.LabelNamespace.Namespace;
          return (ctx) => { const l = [...ctx.labels].filter((x) => x.startsWith(ns)).sort(); return l.length ? l.join(',') : undefined; };
        }
        // JA3/JA4 where the proxy terminated TLS (a plain HTTP request lacks the key), ASN (no ASN database).
        if (k.JA3Fingerprint) return (ctx) => ctx.req.tls?.ja3;
        if (k.JA4Fingerprint) return (ctx) => ctx.req.tls?.ja4;
        return () => undefined;
      });
      return (ctx) => {
        const vals: string[] = [];
        for (const p of parts) {
          const v = p(ctx);
          if (v === undefined) return undefined;
          vals.push(JSON.stringify(v));
        }
        return vals.join(',');
      };
    }
  }
}
