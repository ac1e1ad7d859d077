"""Runs the AWS CLI's own CloudTrail digest traverser and validator (awscli.customizations.cloudtrail
.validation, what `aws cloudtrail validate-logs` uses) over a directory delivery target, with an S3
client and a public key provider that read that directory: a third party's verdict on Rampart's files.
Input (stdin, JSON): roots (directories, each checked on its own), bucket, prefix, account, region, trail, start, end (ISO), organization (optional), keys [{Fingerprint,
Value (base64 DER)}]. Output (stdout, JSON): valid digest keys, invalid messages, log files checked."""
import hashlib
import io
import json
import os
import sys
import zlib

from botocore.exceptions import ClientError
from dateutil import parser
from awscli.customizations.cloudtrail.validation import DigestProvider, DigestTraverser

cfg = json.load(sys.stdin)
bucket = cfg['bucket']
root = base = None


def path(key):
    return os.path.join(base, *key.split('/'))


class Page:
    def __init__(self, keys):
        self.keys = keys

    def search(self, _expr):
        return iter(self.keys)


class Paginator:
    def paginate(self, Bucket, Marker, Prefix=None):
        keys = []
        for d, _, files in os.walk(base):
            for f in files:
                keys.append(os.path.relpath(os.path.join(d, f), base).replace(os.sep, '/'))
        return Page(sorted(k for k in keys if k > Marker and (Prefix is None or k.startswith(Prefix))))


class Client:
    def get_paginator(self, _name):
        return Paginator()

    def get_object(self, Bucket, Key):
        if Bucket != bucket or not os.path.isfile(path(Key)):
            raise ClientError({'Error': {'Code': 'NoSuchKey', 'Message': 'not found'}}, 'GetObject')
        meta_path = os.path.join(root, '.metadata', bucket, *Key.split('/')) + '.json'
        meta = json.load(open(meta_path)) if os.path.exists(meta_path) else {}
        return {'Body': io.BytesIO(open(path(Key), 'rb').read()), 'Metadata': meta}


class ClientProvider:
    def get_client(self, _bucket):
        return Client()


class Keys:
    def get_public_keys(self, _start, _end):
        return {k['Fingerprint']: k for k in cfg['keys']}


def validate(directory):
    global root, base
    root, base = directory, os.path.join(directory, bucket)
    invalid = []
    def on_problem(**kw):
        invalid.append(kw.get('message') or 'Digest file\ts3://%s/%s\tINVALID: not found' % (kw['bucket'], kw['last_key']))

    # An organization trail's files are under AWSLogs/O-ID/ACCOUNT/ (validate-logs' --account-id).
    org = {'organization_id': cfg['organization']} if cfg.get('organization') else {}
    provider = DigestProvider(ClientProvider(), cfg['account'], cfg['trail'], cfg['region'], cfg['region'], **org)
    traverser = DigestTraverser(provider, bucket, cfg['prefix'], Keys(), on_invalid=on_problem, on_missing=on_problem, on_gap=None)
    traverse = getattr(traverser, 'traverse_digests', None) or traverser.traverse
    valid, logs_ok, logs_bad = [], 0, []
    for digest in traverse(parser.parse(cfg['start']), parser.parse(cfg['end'])):
        valid.append(digest['digestS3Object'])
        for log in digest['logFiles']:
            try:
                body = Client().get_object(log['s3Bucket'], log['s3Object'])['Body'].read()
                ok = hashlib.sha256(zlib.decompress(body, zlib.MAX_WBITS | 16)).hexdigest() == log['hashValue']
            except ClientError:
                ok = False
            if ok:
                logs_ok += 1
            else:
                logs_bad.append(log['s3Object'])
    return {'valid': valid, 'invalid': invalid, 'logsOk': logs_ok, 'logsBad': logs_bad}


print(json.dumps([validate(d) for d in cfg['roots']]))
