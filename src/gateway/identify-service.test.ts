import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ServiceModel } from '../protocol/model/service-model.js';
import { queryCodec } from '../protocol/query/query-codec.js';
import type { ServiceDefinition } from '../protocol/service-definition.js';
import { ServiceRegistry } from './identify-service.js';

function svc(name: string, meta: Partial<ServiceModel['metadata']>): ServiceDefinition {
  const model = new ServiceModel({ metadata: { apiVersion: '1', endpointPrefix: name, protocol: 'json', serviceId: name, ...meta }, operations: {}, shapes: {} });
  return { name, model, codec: queryCodec, handlers: {} };
}

describe('ServiceRegistry.identify', () => {
  const sts = svc('sts', { protocol: 'query' });
  const kms = svc('kms', { targetPrefix: 'TrentService' });
  const shield = svc('shield', { targetPrefix: 'AWSShield_20160616' });
  const shieldAlt = svc('shield2', { targetPrefix: 'AWSShield2', signingName: 'shield' });
  const reg = new ServiceRegistry([sts, kms, shield, shieldAlt]);

  it('uses the credential scope first', () => {
    assert.equal(reg.identify({ signingService: 'sts', host: 'kms.amazonaws.com' }), sts);
  });
  it('uses X-Amz-Target to choose among services sharing a signing name', () => {
    assert.equal(reg.identify({ signingService: 'shield', target: 'AWSShield2.CreateProtection' }), shieldAlt);
    assert.equal(reg.identify({ signingService: 'shield', target: 'AWSShield_20160616.CreateProtection' }), shield);
  });
  it('falls back to X-Amz-Target, then the host name', () => {
    assert.equal(reg.identify({ target: 'TrentService.Encrypt' }), kms);
    assert.equal(reg.identify({ host: 'sts.us-east-1.amazonaws.com' }), sts);
  });
  it('returns undefined for an unknown signing name or nothing to go on', () => {
    assert.equal(reg.identify({ signingService: 'nosuch' }), undefined);
    assert.equal(reg.identify({ host: '127.0.0.1:4566' }), undefined);
    assert.equal(reg.identify({}), undefined);
  });
});
