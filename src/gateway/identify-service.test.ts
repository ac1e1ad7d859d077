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
  it('asks the services sharing a signing name whether a request is theirs (S3 Control signs as s3)', () => {
    const s3 = svc('s3', { protocol: 'rest-xml', signingName: 's3' });
    const control: ServiceDefinition = { ...svc('s3control', { protocol: 'rest-xml', signingName: 's3', endpointPrefix: 's3-control' }), claims: (r) => r.rawPath.startsWith('/v20180820/') && r.headers['x-amz-account-id'] !== undefined };
    const both = new ServiceRegistry([s3, control]);
    const request = (rawPath: string, headers: Record<string, string> = {}) => ({ signingService: 's3', request: { rawPath, headers } });
    assert.equal(both.identify(request('/v20180820/configuration/publicAccessBlock', { 'x-amz-account-id': '111122223333' })), control);
    assert.equal(both.identify(request('/v20180820/configuration/publicAccessBlock')), s3);
    assert.equal(both.identify(request('/bucket/key')), s3);
    assert.equal(both.identify({ signingService: 's3' }), s3);
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
