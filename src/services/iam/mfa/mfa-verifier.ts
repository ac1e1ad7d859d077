/**
 * IAM's `MfaVerifier` (src/authz/sources.ts): checks the SerialNumber/TokenCode that STS
 * AssumeRole and GetSessionToken receive against the caller's enabled virtual MFA device.
 * A code is accepted for the device's current time step (corrected by the drift measured at
 * enable/resync) or one step either side, and only once: the accepted step is recorded and that
 * step and every earlier one are refused afterwards (RFC 6238 §5.2), atomically with the check.
 */
import type { MfaCheck, MfaVerifier } from '../../../authz/sources.js';
import type { Store } from '../../../storage/types.js';
import { putDevice, type MfaOwner } from '../store/mfa-store.js';
import { accountScope } from '../store/tables.js';
import { findStep, timeStep } from '../totp.js';
import { deviceKeyBytes, findDevice, sameOwner, VERIFY_TOLERANCE } from './mfa-support.js';

/** The MFA verifier over IAM's devices in `store`. */
export function createMfaVerifier(store: Store): MfaVerifier {
  return {
    async verify(check: MfaCheck): Promise<boolean> {
      if (!/^\d{6}$/.test(check.tokenCode)) return false;
      const scope = accountScope(check.accountId);
      const owner: MfaOwner = check.userName === undefined ? { kind: 'root' } : { kind: 'user', userName: check.userName };
      return store.transaction(async (tx) => {
        const d = await findDevice(tx, scope, check.accountId, check.serialNumber);
        if (!d || !sameOwner(d.owner, owner)) return false;
        const now = timeStep(check.now) + (d.driftSteps ?? 0);
        const from = Math.max(now - VERIFY_TOLERANCE, (d.lastStep ?? -Infinity) + 1);
        const step = findStep(deviceKeyBytes(store.sealer, scope, d), check.tokenCode, from, now + VERIFY_TOLERANCE);
        if (step === undefined) return false;
        await putDevice(tx, scope, { ...d, lastStep: step }, d);
        return true;
      });
    },
  };
}
