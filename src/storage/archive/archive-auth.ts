/**
 * The MAC chain of an archive (format 3): HMAC-SHA256 under a key derived from the master key with
 * HKDF and its own info string, so the archive key opens nothing else and nothing else makes it.
 *
 *   link 0   = HMAC(K, "rampart-archive header\n"   + JSON(header))
 *   link n   = HMAC(K, "rampart-archive part\n"     + link n-1 + "\n" + JSON([n, items, sha256 of its item lines]))
 *   manifest = HMAC(K, "rampart-archive manifest\n" + last link + "\n" + JSON(manifest))
 *
 * Every link covers the one before it, so parts authenticate only in their place and order, under
 * their own header; the manifest's MAC covers the last link, so no part can be dropped from the end
 * either. A part's MAC covers the SHA-256 of its item lines (hash-then-MAC; the hashes are computed
 * on the thread pool while the archive streams), which the reader recomputes from the lines.
 * MACs are compared in constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { deriveKey } from '../master-key.js';
import { ArchiveError, type ArchiveHeader, type ArchiveManifest, type PartLine } from './archive-format.js';

const ARCHIVE_KEY_INFO = 'rampart backup archive v3 hmac-sha256';

/** The archive MAC key of a master key. */
export function archiveKey(masterKey: string): Buffer {
  return deriveKey(masterKey, ARCHIVE_KEY_INFO);
}

/** The chain of one archive, from its header on: the writer makes the links, the reader checks them. */
export class ArchiveChain {
  private link: Buffer;

  constructor(
    private readonly key: Buffer,
    header: ArchiveHeader,
  ) {
    this.link = this.mac('header', JSON.stringify(header));
  }

  /** The MAC of part `n` (the next one), moving the chain on. */
  part(n: number, items: number, sha256: string): string {
    this.link = this.mac('part', this.link.toString('hex'), JSON.stringify([n, items, sha256]));
    return this.link.toString('hex');
  }

  /** Throws ArchiveError('unauthenticated') unless `p` carries the MAC of the next part; moves the chain on. */
  checkPart(p: PartLine): void {
    const expected = Buffer.from(this.part(p.part, p.items, p.sha256), 'hex');
    if (!sameMac(expected, p.hmac)) {
      throw new ArchiveError('unauthenticated', `part ${p.part} fails authentication: it was changed, moved or taken from another archive after the backup was made (its MAC does not verify with the master key)`);
    }
  }

  /** The manifest's MAC (after the last part). */
  manifest(m: ArchiveManifest): string {
    return this.mac('manifest', this.link.toString('hex'), JSON.stringify(m)).toString('hex');
  }

  /** Throws ArchiveError('unauthenticated') unless `mac` is the manifest's MAC. */
  checkManifest(m: ArchiveManifest, mac: unknown): void {
    if (!sameMac(Buffer.from(this.manifest(m), 'hex'), mac)) {
      throw new ArchiveError('unauthenticated', 'the manifest fails authentication: it was changed, or parts were dropped or added, after the backup was made (its MAC does not verify with the master key)');
    }
  }

  private mac(label: string, ...fields: string[]): Buffer {
    const h = createHmac('sha256', this.key).update(`rampart-archive ${label}\n`);
    fields.forEach((f, i) => h.update(i === 0 ? f : `\n${f}`));
    return h.digest();
  }
}

/** Constant-time comparison of a MAC with what the archive holds (anything, as read). */
function sameMac(expected: Buffer, actual: unknown): boolean {
  if (typeof actual !== 'string' || !/^[0-9a-f]{64}$/.test(actual)) return false;
  return timingSafeEqual(expected, Buffer.from(actual, 'hex'));
}
