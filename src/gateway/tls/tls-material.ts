/**
 * The HTTPS listener's certificate: the operator's (`--tls-cert/--tls-key`), or Rampart's local CA's.
 * The local CA and the server certificate it issues are kept in the store (table `tls.local-ca`,
 * global scope) with their private keys sealed by the master key, so every node sharing a
 * PostgreSQL store serves under the same CA and a restart keeps it. The CA certificate (public) is
 * written to `<dataDir>/tls/ca.pem` for clients (`AWS_CA_BUNDLE`). A server certificate that does not
 * cover the names asked for, or has less than 30 days left, is replaced by a new one.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Table } from '../../storage/table.js';
import { StorageError, type Scope, type Store } from '../../storage/types.js';
import { issueCa, issueServer } from './local-ca.js';

const TABLE = 'tls.local-ca';
const GLOBAL: Scope = { kind: 'global' };
const KEY = 'default';
const RENEW_MS = 30 * 86_400_000;

interface LocalCaRecord {
  readonly caCertificate: string;
  readonly caKey: string;
  readonly caSubject: string;
  readonly caKeyId: string;
  readonly serverCertificate: string;
  readonly serverKey: string;
  readonly names: readonly string[];
}

const records = new Table<LocalCaRecord>(TABLE);
const where = (part: 'ca' | 'server') => ({ table: TABLE, scope: GLOBAL, key: `${KEY}/${part}` });

export interface TlsMaterial {
  readonly cert: string;
  readonly key: string;
  /** Where the CA certificate clients should trust was written (absent with the operator's certificate). */
  readonly caPath?: string;
}

/** The names the local server certificate covers for a listener on `host`. */
export function certificateNames(host: string): string[] {
  const names = ['localhost', '*.s3.localhost', '127.0.0.1', '::1'];
  if (host !== '0.0.0.0' && host !== '::' && !names.includes(host)) names.push(host);
  return names;
}

async function issueRecord(store: Store, names: readonly string[], now: number, previous?: LocalCaRecord): Promise<LocalCaRecord> {
  const ca = previous
    ? { certificatePem: previous.caCertificate, privateKeyPem: store.sealer.open(previous.caKey, where('ca')).toString('utf8'), subjectDer: Buffer.from(previous.caSubject, 'base64'), keyId: Buffer.from(previous.caKeyId, 'base64') }
    : await issueCa(now);
  const server = await issueServer({ subjectDer: ca.subjectDer, keyId: ca.keyId, privateKey: createPrivateKey(ca.privateKeyPem) }, names, now);
  return {
    caCertificate: ca.certificatePem,
    caKey: previous?.caKey ?? store.sealer.seal(ca.privateKeyPem, where('ca')),
    caSubject: ca.subjectDer.toString('base64'),
    caKeyId: ca.keyId.toString('base64'),
    serverCertificate: server.certificatePem,
    serverKey: store.sealer.seal(server.privateKeyPem, where('server')),
    names: [...names],
  };
}

const usable = (r: LocalCaRecord, names: readonly string[], now: number): boolean =>
  names.every((n) => r.names.includes(n)) && new Date(new X509Certificate(r.serverCertificate).validTo).getTime() - now > RENEW_MS;

/** The local CA's server certificate for `names` (issued on first use), and the CA written to `dataDir`. */
export async function localTls(store: Store, dataDir: string, names: readonly string[], now: number): Promise<TlsMaterial> {
  let rec = await records.get(store, GLOBAL, KEY);
  if (!rec || !usable(rec, names, now)) {
    const fresh = await issueRecord(store, rec ? [...new Set([...rec.names, ...names])] : names, now, rec);
    try {
      // Another node may have issued at the same time: the first write wins and both serve it.
      await records.put(store, GLOBAL, KEY, fresh, rec ? {} : { ifAbsent: true });
      rec = fresh;
    } catch (e) {
      if (!(e instanceof StorageError && e.reason === 'ConditionFailed')) throw e;
      rec = (await records.get(store, GLOBAL, KEY))!;
    }
  }
  const dir = join(dataDir, 'tls');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const caPath = join(dir, 'ca.pem');
  writeFileSync(caPath, rec.caCertificate, { mode: 0o644 });
  return { cert: rec.serverCertificate, key: store.sealer.open(rec.serverKey, where('server')).toString('utf8'), caPath };
}
