/**
 * S3's answers to cross-origin requests ("OPTIONS object"; "How does Amazon S3 evaluate the CORS
 * configuration on a bucket?"): a preflight is matched against the bucket's rules, the first
 * matching rule answers (403 AccessForbidden when none does, or when the bucket has no CORS
 * configuration); an answered request with `Origin` gets the Access-Control-* headers of the first
 * rule matching its origin and method.
 */
import { clientError } from '../../../shared/aws-error.js';
import type { CorsResponder } from '../../../protocol/service-definition.js';
import { pathStylePath } from '../../../protocol/rest-xml/s3-addressing.js';
import type { Store } from '../../../storage/types.js';
import { noSuchBucket } from '../errors.js';
import { buckets, GLOBAL } from '../store.js';
import { CORS_NOT_ALLOWED, CORS_NOT_ENABLED, corsForbidden, corsHeaders, matchingRule, requestedHeaders } from './cors.js';

/** The bucket and whether a key is named, from a path-style or virtual-hosted request. */
function target(rawPath: string, host: string | undefined): { bucket: string; object: boolean } {
  const path = pathStylePath(rawPath, host);
  const slash = path.indexOf('/', 1);
  let bucket: string;
  try {
    bucket = decodeURIComponent(slash < 0 ? path.slice(1) : path.slice(1, slash));
  } catch {
    bucket = '';
  }
  return { bucket, object: slash >= 0 && slash < path.length - 1 };
}

export function s3CorsResponder(store: Store): CorsResponder {
  return {
    async preflight(req) {
      const origin = req.headers['origin'];
      if (origin === undefined) throw clientError('BadRequest', 'Insufficient information. Origin request header needed.', 400);
      const method = req.headers['access-control-request-method'];
      if (method === undefined) throw clientError('BadRequest', 'Invalid Access-Control-Request-Method: null', 400);
      const { bucket, object } = target(req.rawPath, req.headers['host']);
      const b = bucket !== '' && bucket.length <= 255 ? await buckets.get(store, GLOBAL, bucket) : undefined;
      if (!b) throw noSuchBucket(bucket);
      const resourceType = object ? 'OBJECT' : 'BUCKET';
      if (!b.cors?.length) throw corsForbidden(CORS_NOT_ENABLED, method, resourceType);
      const requested = requestedHeaders(req.headers['access-control-request-headers']);
      const rule = matchingRule(b.cors, origin, method, requested);
      if (!rule) throw corsForbidden(CORS_NOT_ALLOWED, method, resourceType);
      return corsHeaders(rule, origin, requested);
    },
    async headers(req, _operation, input) {
      const origin = req.headers['origin'];
      const bucket = input['Bucket'];
      if (origin === undefined || typeof bucket !== 'string') return undefined;
      const b = await buckets.get(store, GLOBAL, bucket);
      const rule = b?.cors?.length ? matchingRule(b.cors, origin, req.method.toUpperCase()) : undefined;
      return rule ? corsHeaders(rule, origin) : undefined;
    },
  };
}
