import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchUriTemplate, parseUriTemplate } from '../../../src/protocol/rest/uri-template.js';
import { bucketFromHost } from '../../../src/protocol/rest-xml/s3-addressing.js';
import { splitHeaderList } from '../../../src/protocol/rest/http-bindings.js';
import { parseXml } from '../../../src/protocol/xml/xml-reader.js';

describe('xml reader', () => {
  it('reads elements, attributes, entities and CDATA', () => {
    const el = parseXml('<?xml version="1.0"?><!-- c --><A x="1&amp;2"><B>&lt;&#x4E2D;&#25991;&gt;</B><C><![CDATA[<raw>]]></C><D/></A>');
    assert.equal(el.name, 'A');
    assert.equal(el.attrs['x'], '1&2');
    assert.deepEqual(el.children.map((c) => [c.name, c.text]), [['B', '<中文>'], ['C', '<raw>'], ['D', '']]);
  });
  it('refuses DOCTYPE (no entity expansion) and malformed input as MalformedXML', () => {
    for (const bad of ['<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>', '<a><b></a>', '<a>', 'text', '<a>&unknown;</a>', '<a>&__proto__;</a>', '<a>&constructor;</a>', '<a x="&toString;"/>', '<a>AT&T</a>', '<a>&amp</a>']) {
      assert.throws(() => parseXml(bad), (e: { code?: string }) => e.code === 'MalformedXML', bad);
    }
  });
});

describe('uri templates', () => {
  it('matches labels, greedy labels and literal query keys', () => {
    const t = parseUriTemplate('/{Bucket}/{Key+}?tagging');
    assert.deepEqual(t.query, [['tagging', undefined]]);
    assert.deepEqual(matchUriTemplate(t, '/b/a/b%2Fc/d'), { Bucket: 'b', Key: 'a/b/c/d' });
    assert.equal(matchUriTemplate(t, '/b'), undefined);
    assert.deepEqual(matchUriTemplate(parseUriTemplate('/detector/{DetectorId}'), '/detector/x/'), { DetectorId: 'x' });
    assert.equal(matchUriTemplate(parseUriTemplate('/detector/{DetectorId}'), '/detector/x/y'), undefined);
  });
});

describe('S3 addressing and header lists', () => {
  it('finds the bucket of virtual-hosted requests', () => {
    assert.equal(bucketFromHost('my.bucket.s3.amazonaws.com'), 'my.bucket');
    assert.equal(bucketFromHost('b1.s3.eu-west-1.amazonaws.com:443'), 'b1');
    assert.equal(bucketFromHost('b1.s3-us-west-2.amazonaws.com'), 'b1');
    assert.equal(bucketFromHost('s3.amazonaws.com'), undefined);
    assert.equal(bucketFromHost('127.0.0.1:4566'), undefined);
    assert.equal(bucketFromHost('b2.rampart.local', ['rampart.local']), 'b2');
  });
  it('splits list headers, honouring quotes', () => {
    assert.deepEqual(splitHeaderList('a, "b,c", d'), ['a', 'b,c', 'd']);
  });
});
