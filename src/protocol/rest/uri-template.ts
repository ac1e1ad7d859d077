/**
 * The model's `requestUri` templates (`/detector/{DetectorId}/member/{Key+}?versioning&x-id=GetObject`):
 * parsed once, matched against raw request paths.
 */
import { decodeOrKeep } from '../percent-decoding.js';

/** One `/`-separated piece of a template path. */
export type TemplateSegment = { readonly literal: string } | { readonly label: string; readonly greedy: boolean };

/** A parsed `requestUri`. */
export interface UriTemplate {
  readonly segments: readonly TemplateSegment[];
  /** Literal query parameters the template requires (`?versioning` -> ['versioning', undefined]). */
  readonly query: readonly (readonly [string, string | undefined])[];
}

/** Parses a model `requestUri`. */
export function parseUriTemplate(uri: string): UriTemplate {
  const q = uri.indexOf('?');
  const path = q === -1 ? uri : uri.slice(0, q);
  const query: [string, string | undefined][] = [];
  if (q !== -1) {
    for (const part of uri.slice(q + 1).split('&')) {
      if (!part) continue;
      const eq = part.indexOf('=');
      query.push(eq === -1 ? [part, undefined] : [part.slice(0, eq), part.slice(eq + 1)]);
    }
  }
  const segments: TemplateSegment[] = [];
  for (const s of path.split('/').slice(1)) {
    if (s === '' ) continue;
    const m = /^\{([^}+]+)(\+?)\}$/.exec(s);
    segments.push(m ? { label: m[1]!, greedy: m[2] === '+' } : { literal: s });
  }
  return { segments, query };
}

/** Percent-decodes one path segment; malformed escapes are kept as they are. */
export function decodeSegment(s: string): string {
  return decodeOrKeep(s);
}

/**
 * Matches a raw (still percent-encoded) path. Returns the decoded label values, or undefined.
 * A trailing `/` is ignored unless a greedy label takes it.
 */
export function matchUriTemplate(t: UriTemplate, rawPath: string): Record<string, string> | undefined {
  return matchPathParts(t, rawPath.split('/').slice(1).map(decodeSegment));
}

/** As `matchUriTemplate`, on a path already split at `/` and decoded (without the leading empty part). */
export function matchPathParts(t: UriTemplate, parts: readonly string[]): Record<string, string> | undefined {
  const greedy = t.segments.some((s) => 'label' in s && s.greedy);
  if (!greedy && parts.length !== t.segments.length && !(parts.length === t.segments.length + 1 && parts[parts.length - 1] === '')) {
    if (!(t.segments.length === 0 && parts.length === 1 && parts[0] === '')) return undefined;
  }
  const labels: Record<string, string> = {};
  let i = 0;
  for (let s = 0; s < t.segments.length; s++) {
    const seg = t.segments[s]!;
    if ('literal' in seg) {
      if (i >= parts.length || parts[i] !== seg.literal) return undefined;
      i++;
    } else if (seg.greedy) {
      const rest = parts.slice(i, parts.length - (t.segments.length - s - 1));
      if (rest.length === 0 || (rest.length === 1 && rest[0] === '')) return undefined;
      labels[seg.label] = rest.join('/');
      i += rest.length;
    } else {
      if (i >= parts.length || parts[i] === '') return undefined;
      labels[seg.label] = parts[i]!;
      i++;
    }
  }
  if (i === parts.length || (i === parts.length - 1 && parts[i] === '')) return labels;
  return undefined;
}

/** Number of literal path segments, for preferring `/detector/list` over `/detector/{Id}`. */
export function literalCount(t: UriTemplate): number {
  return t.segments.filter((s) => 'literal' in s).length;
}
