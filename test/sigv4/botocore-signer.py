"""Signs request specs with botocore, as an independent SigV4 reference for test/sigv4/generated.test.ts.

Reads a JSON list of specs on stdin, writes a JSON list of signed requests on stdout:
  spec: {id, s3, service, region, mode: header|presigned, method, url, headers: [[name, value]...],
         body_b64, access_key, secret_key, token, timestamp (YYYYMMDDTHHMMSSZ), expires,
         unsigned_payload, trailer: {algorithm: CRC32|SHA1|SHA256, chunk_size} | null, use_date_header}
  out:  {id, method, url, headers: [[name, value]...], body_b64}
Header lines are kept as given (repeats stay separate lines); botocore signs them as AWS does.
"""
import base64
import datetime
import io
import json
import sys

import botocore.auth as auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.httpchecksum import AwsChunkedWrapper, Crc32Checksum, Sha1Checksum, Sha256Checksum

CHECKSUMS = {"CRC32": Crc32Checksum, "SHA1": Sha1Checksum, "SHA256": Sha256Checksum}


def sign(spec):
    stamp = datetime.datetime.strptime(spec["timestamp"], "%Y%m%dT%H%M%SZ")
    auth.get_current_datetime = lambda *args, **kwargs: stamp
    body = base64.b64decode(spec["body_b64"])
    request = AWSRequest(method=spec["method"], url=spec["url"])
    for name, value in spec["headers"]:
        request.headers[name] = value  # HTTPHeaders appends: repeated names stay separate values
    if spec.get("use_date_header"):
        request.headers["Date"] = "placeholder"  # botocore replaces it with the signing time
    trailer = spec.get("trailer")
    if trailer:
        algorithm = trailer["algorithm"]
        name = "x-amz-checksum-" + algorithm.lower()
        wrapper = AwsChunkedWrapper(io.BytesIO(body), CHECKSUMS[algorithm], name, trailer["chunk_size"])
        request.data = wrapper.read()
        request.headers["Content-Encoding"] = "aws-chunked"
        request.headers["X-Amz-Trailer"] = name
        request.headers["X-Amz-Decoded-Content-Length"] = str(len(body))
        request.context["checksum"] = {"request_algorithm": {"in": "trailer", "algorithm": algorithm.lower(), "name": name}}
    else:
        request.data = body
    if spec.get("unsigned_payload"):
        request.context["client_config"] = Config(s3={"payload_signing_enabled": False})
    credentials = Credentials(spec["access_key"], spec["secret_key"], spec.get("token"))
    if spec["mode"] == "presigned":
        signer_cls = auth.S3SigV4QueryAuth if spec["s3"] else auth.SigV4QueryAuth
        signer = signer_cls(credentials, spec["service"], spec["region"], expires=spec["expires"])
    else:
        signer_cls = auth.S3SigV4Auth if spec["s3"] else auth.SigV4Auth
        signer = signer_cls(credentials, spec["service"], spec["region"])
    signer.add_auth(request)
    sent = request.body or b""
    if isinstance(sent, str):
        sent = sent.encode("utf-8")
    return {
        "id": spec["id"],
        "method": request.method,
        "url": request.url,
        "headers": [[k, v] for k, v in request.headers.items()],
        "body_b64": base64.b64encode(sent).decode("ascii"),
    }


def main():
    specs = json.load(sys.stdin)
    json.dump([sign(spec) for spec in specs], sys.stdout)


if __name__ == "__main__":
    main()
