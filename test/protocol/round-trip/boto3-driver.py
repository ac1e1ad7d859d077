"""Round-trip driver for boto3: reads a JSON spec on stdin, calls each operation, prints one JSON line per case.

Spec: {"service": "kms", "endpoint": "http://127.0.0.1:PORT", "cases": [{"operation": "Encrypt", "input": {...}}]}
Values are tagged: {"$ts": epoch_seconds} for timestamps, {"$b64": "..."} for bytes.
Output line: {"operation": ..., "output": {...}} or {"operation": ..., "error": {"code": ..., "message": ...}}.
"""
import base64
import datetime
import json
import socket
import sys

import boto3
from botocore.config import Config
from botocore.eventstream import EventStream
from botocore.exceptions import ClientError

# Host prefixes (S3 WriteGetObjectResponse) put a label in front of the endpoint's IP:
# `route.127.0.0.1` resolves nowhere, so every `*.127.0.0.1` name is the loopback address here.
_getaddrinfo = socket.getaddrinfo


def _loopback_getaddrinfo(host, *args, **kwargs):
    if isinstance(host, str) and host.endswith(".127.0.0.1"):
        host = "127.0.0.1"
    return _getaddrinfo(host, *args, **kwargs)


socket.getaddrinfo = _loopback_getaddrinfo


def decode(v):
    if isinstance(v, dict):
        if set(v) == {"$ts"}:
            return datetime.datetime.fromtimestamp(v["$ts"], tz=datetime.timezone.utc)
        if set(v) == {"$b64"}:
            return base64.b64decode(v["$b64"])
        return {k: decode(x) for k, x in v.items()}
    if isinstance(v, list):
        return [decode(x) for x in v]
    return v


def encode(v):
    if isinstance(v, datetime.datetime):
        return {"$ts": v.timestamp()}
    if isinstance(v, EventStream):
        return [encode(event) for event in v]
    if isinstance(v, (bytes, bytearray)):
        return {"$b64": base64.b64encode(v).decode()}
    if hasattr(v, "read"):
        return {"$b64": base64.b64encode(v.read()).decode()}
    if isinstance(v, dict):
        return {k: encode(x) for k, x in v.items()}
    if isinstance(v, list):
        return [encode(x) for x in v]
    return v


def main():
    spec = json.load(sys.stdin)
    cfg = Config(
        parameter_validation=False,
        retries={"max_attempts": 1, "mode": "standard"},
        s3={"addressing_style": "path"},
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
        inject_host_prefix=True,
    )
    client = boto3.client(
        spec["service"], endpoint_url=spec["endpoint"], region_name="us-east-1",
        aws_access_key_id="AKIDROUNDTRIP0000000", aws_secret_access_key="roundtrip-secret", config=cfg,
    )
    names = {v: k for k, v in client.meta.method_to_api_mapping.items()}
    for case in spec["cases"]:
        op = case["operation"]
        try:
            out = getattr(client, names[op])(**decode(case["input"]))
            out.pop("ResponseMetadata", None)
            line = {"operation": op, "output": encode(out)}
        except ClientError as e:
            err = e.response.get("Error", {})
            line = {"operation": op, "error": {"code": err.get("Code"), "message": err.get("Message")}}
        except Exception as e:  # noqa: BLE001 - reported to the test as a failure
            line = {"operation": op, "exception": f"{type(e).__name__}: {e}"}
        print(json.dumps(line), flush=True)


main()
