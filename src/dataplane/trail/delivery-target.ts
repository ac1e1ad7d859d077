/**
 * Where log and digest files go, and how the verifier reads them back. A target writes one bucket;
 * the directory implementation keeps S3's layout: `<root>/<bucket>/<key>` holds the object and
 * `<root>/.metadata/<bucket>/<key>.json` its user metadata (x-amz-meta-* without the prefix), so the
 * bucket folder holds exactly what the S3 bucket would.
 */
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';

/** Options of one delivery (S3: the trail's KMS key for SSE-KMS). */
export interface PutOptions {
  readonly kmsKeyId?: string;
}

/** Writes the objects of one bucket. */
export interface DeliveryTarget {
  readonly bucket: string;
  put(key: string, body: Buffer, metadata: Readonly<Record<string, string>>, opts?: PutOptions): Promise<void>;
}

/** A delivered object as read back. */
export interface DeliveredObject {
  readonly body: Buffer;
  readonly metadata: Readonly<Record<string, string>>;
}

/** Reads the objects of one bucket (the verifier's only input besides the public keys). */
export interface DeliveredFiles {
  readonly bucket: string;
  /** Every key that starts with prefix, ascending. */
  list(prefix: string): Promise<string[]>;
  /** The object, or undefined when there is none at key. */
  get(key: string): Promise<DeliveredObject | undefined>;
}

const METADATA_DIR = '.metadata';

/** Refuses keys that could leave the bucket folder (the keys are ours, this is defence in depth). */
function safeKey(key: string): string {
  const parts = key.split('/');
  if (key.length === 0 || key.length > 1024 || key.includes('\0') || key.includes('\\') || parts.some((p) => p === '' || p === '.' || p === '..')) {
    throw new RangeError(`cloudtrail delivery: unsafe object key ${JSON.stringify(key)}`);
  }
  return parts.join(sep);
}

function safeBucket(bucket: string): string {
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket) || bucket.includes('..')) throw new RangeError(`cloudtrail delivery: invalid bucket name ${JSON.stringify(bucket)}`);
  return bucket;
}

async function writeAtomically(path: string, data: Buffer | string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${Date.now()}`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}

/** The folder of a bucket under a delivery root (`<data-dir>/cloudtrail`). */
export const bucketFolder = (root: string, bucket: string): string => join(root, safeBucket(bucket));

/** A directory target: `<root>/<bucket>/<key>` and its metadata file. */
export function directoryTarget(root: string, bucket: string): DeliveryTarget & DeliveredFiles {
  const base = bucketFolder(root, bucket);
  const metaBase = join(root, METADATA_DIR, bucket);
  return {
    bucket,
    async put(key, body, metadata) {
      const rel = safeKey(key);
      // The metadata first: an object is never visible without it.
      await writeAtomically(join(metaBase, `${rel}.json`), JSON.stringify(metadata));
      await writeAtomically(join(base, rel), body);
    },
    async list(prefix) {
      const out: string[] = [];
      const walk = async (dir: string, rel: string): Promise<void> => {
        let entries;
        try {
          entries = await readdir(dir, { withFileTypes: true });
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
          throw e;
        }
        for (const e of entries) {
          const k = rel ? `${rel}/${e.name}` : e.name;
          // Only descend where keys with this prefix can be.
          if (!(k.startsWith(prefix) || prefix.startsWith(`${k}/`))) continue;
          if (e.isDirectory()) await walk(join(dir, e.name), k);
          else if (e.isFile() && k.startsWith(prefix) && !/\.tmp-\d+-\d+$/.test(k)) out.push(k);
        }
      };
      await walk(base, '');
      return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    },
    async get(key) {
      // Keys read back come from digest files: one that could leave the bucket folder names no object.
      let rel: string;
      try {
        rel = safeKey(key);
      } catch {
        return undefined;
      }
      let body: Buffer;
      try {
        body = await readFile(join(base, rel));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'EISDIR') return undefined;
        throw e;
      }
      let metadata: Record<string, string> = {};
      try {
        const m: unknown = JSON.parse(await readFile(join(metaBase, `${rel}.json`), 'utf8'));
        if (typeof m === 'object' && m !== null) metadata = Object.fromEntries(Object.entries(m).filter((e): e is [string, string] => typeof e[1] === 'string'));
      } catch {
        // No (readable) metadata: the object has none.
      }
      return { body, metadata };
    },
  };
}
