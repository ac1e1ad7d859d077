/**
 * The cryptography of importing key material (pure, no I/O): the wrapping key pair (generated off the
 * event loop's critical path with the asynchronous `generateKeyPair`), the import token, and the
 * unwrapping of EncryptedKeyMaterial under each wrapping algorithm served:
 * - RSAES_OAEP_SHA_1 / RSAES_OAEP_SHA_256: the material encrypted directly with RSA-OAEP (MGF1 with
 *   the same hash);
 * - RSA_AES_KEY_WRAP_SHA_1 / RSA_AES_KEY_WRAP_SHA_256: an ephemeral 256-bit AES key encrypted with
 *   RSA-OAEP (modulus-length bytes), followed by the material wrapped with AES key wrap with padding
 *   (RFC 5649) under that AES key.
 * RSAES_PKCS1_V1_5 is refused, as AWS refuses it since October 10, 2023; SM2PKE (China Regions) too.
 */
import { constants, createDecipheriv, createHmac, createPrivateKey, generateKeyPair, privateDecrypt, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const generate = promisify(generateKeyPair);

export type WrappingAlgorithm = 'RSAES_OAEP_SHA_1' | 'RSAES_OAEP_SHA_256' | 'RSA_AES_KEY_WRAP_SHA_1' | 'RSA_AES_KEY_WRAP_SHA_256';
export const WRAPPING_ALGORITHMS: readonly string[] = ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'RSA_AES_KEY_WRAP_SHA_1', 'RSA_AES_KEY_WRAP_SHA_256'];
export const WRAPPING_KEY_BITS: Readonly<Record<string, number>> = { RSA_2048: 2048, RSA_3072: 3072, RSA_4096: 4096 };

/**
 * RSA key generation runs on libuv's thread pool (4 threads by default, shared with file and other
 * crypto work): at most this many generations run at once, the others wait their turn, so a burst of
 * GetParametersForImport cannot starve the rest of the server.
 */
const MAX_CONCURRENT_GENERATIONS = 2;
let running = 0;
const waiting: (() => void)[] = [];

async function limited<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT_GENERATIONS) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  try {
    return await work();
  } finally {
    // INVARIANT: a waiter is handed this slot (running unchanged), else the slot is freed.
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

/** A fresh RSA wrapping key pair: the public key as DER SubjectPublicKeyInfo (what AWS returns), the private key as PKCS#8 DER. */
export async function wrappingKeyPair(bits: number): Promise<{ publicKey: Buffer; privateKey: Buffer }> {
  const { publicKey, privateKey } = await limited(() =>
    generate('rsa', { modulusLength: bits, publicKeyEncoding: { type: 'spki', format: 'der' }, privateKeyEncoding: { type: 'pkcs8', format: 'der' } }),
  );
  return { publicKey: publicKey as unknown as Buffer, privateKey: privateKey as unknown as Buffer };
}

/** The import token: a marker and a random id (an opaque handle; what it stands for is in the store). */
const TOKEN_MAGIC = Buffer.from('RKIT1', 'ascii');
export function newImportToken(): { token: Buffer; tokenId: string } {
  const id = randomBytes(24);
  return { token: Buffer.concat([TOKEN_MAGIC, id]), tokenId: id.toString('hex') };
}

/** The id an import token carries, or undefined when it is no token of ours. */
export function importTokenId(token: Uint8Array): string | undefined {
  const b = Buffer.from(token.buffer, token.byteOffset, token.byteLength);
  if (b.length !== TOKEN_MAGIC.length + 24 || !b.subarray(0, TOKEN_MAGIC.length).equals(TOKEN_MAGIC)) return undefined;
  return b.subarray(TOKEN_MAGIC.length).toString('hex');
}

/** AES key wrap with padding's alternative initial value (RFC 5649, section 3). */
const KWP_IV = Buffer.from('a65959a6', 'hex');

/** The plaintext key material, or undefined when the blob does not unwrap (wrong key, algorithm, or tampered). */
export function unwrapMaterial(algorithm: WrappingAlgorithm, privateKeyDer: Buffer, blob: Uint8Array): Buffer | undefined {
  const key = createPrivateKey({ key: privateKeyDer, format: 'der', type: 'pkcs8' });
  const hash = algorithm.endsWith('SHA_1') ? 'sha1' : 'sha256';
  const oaep = (data: Buffer) => privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, data);
  const b = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  try {
    if (algorithm === 'RSAES_OAEP_SHA_1' || algorithm === 'RSAES_OAEP_SHA_256') return oaep(b);
    const rsaBytes = (key.asymmetricKeyDetails?.modulusLength ?? 0) / 8;
    if (b.length <= rsaBytes) return undefined;
    const aesKey = oaep(b.subarray(0, rsaBytes));
    try {
      if (aesKey.length !== 32) return undefined;
      const d = createDecipheriv('id-aes256-wrap-pad', aesKey, KWP_IV);
      return Buffer.concat([d.update(b.subarray(rsaBytes)), d.final()]);
    } finally {
      aesKey.fill(0);
    }
  } catch {
    return undefined;
  }
}

/** The KeyMaterialId of imported material: derived from it (HMAC keyed by the material), so a re-import of the same material has the same id. */
export const importedMaterialId = (materialBytes: Buffer): string => createHmac('sha256', materialBytes).update('rampart kms imported key material id').digest('hex');
