/**
 * Imported key material (origin EXTERNAL, symmetric keys): GetParametersForImport (a fresh RSA
 * wrapping key per call, generated asynchronously, and an import token valid 24 hours; a new call
 * replaces the previous parameters of the key), ImportKeyMaterial (32 bytes; KEY_MATERIAL_EXPIRES
 * with ValidTo, at most 365 days ahead, or KEY_MATERIAL_DOES_NOT_EXPIRE; a re-import must be the
 * same material: IncorrectKeyMaterialException) and DeleteImportedKeyMaterial (back to PendingImport).
 * Expiry at ValidTo is carried out by the scheduler and checked at every access (keys.ts).
 */
import { ExpiredImportTokenException, IncorrectKeyMaterialException, InvalidImportTokenException } from '../api.generated.js';
import { scheduleWork } from '../due-work.js';
import { invalidCiphertext, unsupported, validation } from '../errors.js';
import { importedMaterialId, importTokenId, newImportToken, unwrapMaterial, WRAPPING_ALGORITHMS, WRAPPING_KEY_BITS, wrappingKeyPair, type WrappingAlgorithm } from '../import-wrapping.js';
import { removeMaterial } from '../imported-material.js';
import { requireKey } from '../keys.js';
import { addMaterial, DAY_MS } from '../rotation.js';
import { importParams, keys, KMS_TABLES, material, originOf, regionScope, type KeyRecord } from '../store.js';
import type { KmsDeps, OpHandlers } from '../deps.js';

type Ops = 'GetParametersForImport' | 'ImportKeyMaterial' | 'DeleteImportedKeyMaterial';

/** "The import token and public key are valid for 24 hours." */
const PARAMETERS_VALID_MS = DAY_MS;
const MAX_VALID_TO_MS = 365 * DAY_MS;

/** Notes 8/9 of the key state table: only keys of origin EXTERNAL take imported material. (text unconfirmed) */
function checkExternal(k: KeyRecord): void {
  if (originOf(k) !== 'EXTERNAL') throw unsupported(`${k.arn} origin is ${originOf(k)} which is not valid for this operation.`);
}

const paramsAt = (k: KeyRecord) => ({ table: KMS_TABLES.importParams, scope: regionScope(k.accountId, k.region), key: k.id });

/** (texts unconfirmed) */
const invalidToken = () => new InvalidImportTokenException('The import token is not valid for this KMS key.');
const expiredToken = () => new ExpiredImportTokenException('The import token has expired. Call GetParametersForImport for a new one.');
const otherMaterial = () => new IncorrectKeyMaterialException('The key material does not match the key material previously imported into this KMS key.');

export function importHandlers({ store }: KmsDeps): OpHandlers<Ops> {
  return {
    async GetParametersForImport(input, ctx) {
      if (input.WrappingAlgorithm === 'RSAES_PKCS1_V1_5') throw validation('The RSAES_PKCS1_V1_5 wrapping algorithm is no longer supported. Use RSAES_OAEP_SHA_256 or RSA_AES_KEY_WRAP_SHA_256.');
      if (!WRAPPING_ALGORITHMS.includes(input.WrappingAlgorithm)) throw validation(`The wrapping algorithm ${input.WrappingAlgorithm} is not supported in this Region.`);
      const bits = WRAPPING_KEY_BITS[input.WrappingKeySpec];
      if (bits === undefined) throw validation(`The wrapping key spec ${input.WrappingKeySpec} is not supported in this Region.`);
      // Checked before the (slow) key generation, and again when the parameters are stored.
      const key = await requireKey(store, input.KeyId, ctx, { op: 'GetParametersForImport' });
      checkExternal(key);
      const pair = await wrappingKeyPair(bits);
      const { token, tokenId } = newImportToken();
      const validTo = ctx.caller.now + PARAMETERS_VALID_MS;
      const sealedPrivateKey = store.sealer.seal(pair.privateKey, paramsAt(key));
      pair.privateKey.fill(0);
      await store.transaction(async (tx) => {
        const k = await requireKey(tx, input.KeyId, ctx, { op: 'GetParametersForImport' });
        checkExternal(k);
        await importParams.put(tx, paramsAt(k).scope, k.id, { tokenId, algorithm: input.WrappingAlgorithm, sealedPrivateKey, validTo });
      });
      return { KeyId: key.arn, ImportToken: token, PublicKey: pair.publicKey, ParametersValidTo: new Date(validTo) };
    },

    async ImportKeyMaterial(input, ctx) {
      const now = ctx.caller.now;
      const model = input.ExpirationModel ?? 'KEY_MATERIAL_EXPIRES';
      const validTo = input.ValidTo?.getTime();
      // (texts unconfirmed)
      if (model === 'KEY_MATERIAL_EXPIRES' && validTo === undefined) throw validation('A ValidTo date is required when ExpirationModel is KEY_MATERIAL_EXPIRES.');
      if (model === 'KEY_MATERIAL_DOES_NOT_EXPIRE' && validTo !== undefined) throw validation('ValidTo is not valid when ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE.');
      if (validTo !== undefined && (!(validTo > now) || validTo > now + MAX_VALID_TO_MS)) throw validation('ValidTo must be a future date no more than 365 days from now.');
      if (input.ImportType === 'NEW_KEY_MATERIAL') throw unsupported('Importing new key material into a key (rotation of imported key material) is not supported by Rampart.');
      const tokenId = importTokenId(input.ImportToken);
      return store.transaction(async (tx) => {
        const k = await requireKey(tx, input.KeyId, ctx, { op: 'ImportKeyMaterial' });
        checkExternal(k);
        const params = await importParams.get(tx, paramsAt(k).scope, k.id);
        if (tokenId === undefined || !params || params.tokenId !== tokenId) throw invalidToken();
        if (params.validTo <= now) throw expiredToken();
        const privateKey = store.sealer.open(params.sealedPrivateKey, paramsAt(k));
        let bytes: Buffer | undefined;
        try {
          bytes = unwrapMaterial(params.algorithm as WrappingAlgorithm, privateKey, input.EncryptedKeyMaterial);
        } finally {
          privateKey.fill(0);
        }
        if (!bytes) throw invalidCiphertext();
        try {
          if (bytes.length !== 32) throw validation('The key material of a symmetric encryption KMS key must be 256 bits (32 bytes).');
          const id = importedMaterialId(bytes);
          if (k.importedMaterialId !== undefined && k.importedMaterialId !== id) throw otherMaterial();
          if (input.KeyMaterialId !== undefined && input.KeyMaterialId !== id) throw otherMaterial();
          const scope = regionScope(k.accountId, k.region);
          await material.deletePrefix(tx, scope, `${k.id}/`);
          await addMaterial(tx, store, k, k.materialVersion, bytes, id);
          const { validTo: _v, expirationModel: _m, ...rest } = k;
          const next: KeyRecord = {
            ...rest,
            state: k.state === 'PendingImport' ? 'Enabled' : k.state,
            importedMaterialId: id,
            expirationModel: model,
            ...(validTo !== undefined ? { validTo } : {}),
          };
          await keys.put(tx, scope, k.id, next);
          if (validTo !== undefined) await scheduleWork(tx, { kind: 'expiry', accountId: k.accountId, region: k.region, keyId: k.id, dueAt: validTo });
          return { KeyId: k.arn, KeyMaterialId: id };
        } finally {
          bytes.fill(0);
        }
      });
    },

    async DeleteImportedKeyMaterial(input, ctx) {
      return store.transaction(async (tx) => {
        const k = await requireKey(tx, input.KeyId, ctx, { op: 'DeleteImportedKeyMaterial' });
        checkExternal(k);
        if (input.KeyMaterialId !== undefined && input.KeyMaterialId !== k.importedMaterialId) throw otherMaterial();
        await removeMaterial(tx, k);
        return { KeyId: k.arn, ...(k.importedMaterialId !== undefined ? { KeyMaterialId: k.importedMaterialId } : {}) };
      });
    },
  };
}
