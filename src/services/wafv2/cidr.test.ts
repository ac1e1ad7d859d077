import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkAddresses, isValidCidr } from './cidr.js';

describe('IP set CIDR validation', () => {
  it('accepts CIDR blocks of the set\'s version, /1 to /32 and /1 to /128', () => {
    for (const a of ['10.0.0.0/8', '192.0.2.44/32', '128.0.0.0/1', '195.178.188.64/29']) assert.ok(isValidCidr(a, 'IPV4'), a);
    for (const a of ['2001:db8::/32', '::1/128', '1111:0000:0000:0000:0000:0000:0000:0111/128', '8000::/1', '::ffff:192.0.2.0/120']) assert.ok(isValidCidr(a, 'IPV6'), a);
  });
  it('refuses bare addresses, /0, host bits, the other version, junk and leading zeros', () => {
    for (const a of ['192.0.2.44', '0.0.0.0/0', '195.178.188.66/29', '10.0.0.0/33', '10.0.0/8', '10.0.0.0/08', ' 10.0.0.0/8', '1.2.3.4/-1', '256.0.0.0/8', '2001:db8::/32', '01.2.3.4/32'])
      assert.equal(isValidCidr(a, 'IPV4'), false, a);
    for (const a of ['::/0', '2001:db8::1/64', '10.0.0.0/8', 'fe80::1%eth0/128', '2001:db8::/129', 'gggg::/16']) assert.equal(isValidCidr(a, 'IPV6'), false, a);
  });
  it('names the first bad address in WAFInvalidParameterException', () => {
    assert.throws(() => checkAddresses(['10.0.0.0/8', '1.2.3.4'], 'IPV4'), (e: Error & { code?: string; fields?: Record<string, unknown> }) => {
      assert.equal(e.code, 'WAFInvalidParameterException');
      assert.deepEqual(e.fields, { Field: 'IP_ADDRESS', Parameter: '1.2.3.4', Reason: 'The parameter contains formatting that is not valid.' });
      assert.equal(e.message, 'Error reason: The parameter contains formatting that is not valid., field: IP_ADDRESS, parameter: 1.2.3.4');
      return true;
    });
    assert.throws(() => checkAddresses(Array<string>(10_001).fill('10.0.0.0/8'), 'IPV4'), /exceeded your resource limit/);
  });
});
