#!/usr/bin/env python3
"""Signature cross-check server built on the vendor's own v1 signer.

Binds 127.0.0.1 on the port given as argv[1] (default 0 = any free port) and prints
``LISTENING <port>`` on stdout. For every request it recomputes the RPC v1 (HMAC-SHA1) signature
of the received query with ``alibabacloud_openapi_util.client.Client.get_rpcsignature``
(PyPI alibabacloud-openapi-util==0.2.4), validates the common parameters, and answers like SMC:

* bad/missing common params or signature -> HTTP 400 JSON error (``SignatureDoesNotMatch``,
  ``MissingParameter``, ``InvalidTimeStamp.Expired``, ``SignatureNonceUsed``, ...)
* Action=StopReplicationJob, JobId starting with ``j-running`` -> 200 ``{"RequestId": ...}``
* Action=StopReplicationJob, any other JobId -> 400 ``ReplicationJob.InvalidStatus``

Credentials come from env ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET.
"""

import datetime
import json
import os
import sys
import threading
import uuid
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qsl, urlsplit

from alibabacloud_openapi_util.client import Client as U

HOST_ID = "smc.aliyuncs.com"
VERSION = "2019-06-01"
MAX_SKEW = datetime.timedelta(minutes=15)

ACCESS_KEY_ID = os.environ.get("ALIBABA_CLOUD_ACCESS_KEY_ID", "")
ACCESS_KEY_SECRET = os.environ.get("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "")

_used_nonces = set()
_nonce_lock = threading.Lock()


class Reject(Exception):
    """An error answer: HTTP status, code, message."""

    def __init__(self, status, code, message):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def check_common(params, method):
    """Validates the common parameters and the signature; raises Reject on any problem."""
    for name in ("Action", "Version", "Format", "AccessKeyId", "SignatureMethod",
                 "SignatureVersion", "SignatureNonce", "Timestamp", "Signature"):
        if not params.get(name):
            raise Reject(400, "MissingParameter", f"The input parameter \"{name}\" that is mandatory "
                                                  "for processing this request is not supplied.")
    if params["Version"] != VERSION:
        raise Reject(400, "InvalidVersion", f"Specified parameter Version is not valid: {params['Version']}")
    if params["Format"] not in ("JSON", "json"):
        raise Reject(400, "InvalidParameter.Format", f"Unexpected Format {params['Format']}")
    if params["SignatureMethod"] != "HMAC-SHA1":
        raise Reject(400, "InvalidSignatureMethod", "SignatureMethod must be HMAC-SHA1")
    if params["SignatureVersion"] != "1.0":
        raise Reject(400, "InvalidSignatureVersion", "SignatureVersion must be 1.0")
    if params["AccessKeyId"] != ACCESS_KEY_ID:
        raise Reject(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
    try:
        ts = datetime.datetime.strptime(params["Timestamp"], "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        raise Reject(400, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.")
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    if abs(now - ts) > MAX_SKEW:
        raise Reject(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.")

    unsigned = {k: v for k, v in params.items() if k != "Signature"}
    expected = U.get_rpcsignature(unsigned, method, ACCESS_KEY_SECRET)
    if expected != params["Signature"]:
        raise Reject(400, "SignatureDoesNotMatch",
                     "Specified signature is not matched with our calculation. "
                     f"expected {expected}, got {params['Signature']}")

    with _nonce_lock:
        if params["SignatureNonce"] in _used_nonces:
            raise Reject(400, "SignatureNonceUsed", "Specified signature nonce was used already.")
        _used_nonces.add(params["SignatureNonce"])


def handle(params, method):
    """Returns (status, body dict) for a validated request."""
    request_id = str(uuid.uuid4()).upper()
    check_common(params, method)
    if params["Action"] != "StopReplicationJob":
        raise Reject(404, "InvalidApi.NotFound", f"Specified api is not found: {params['Action']}")
    job_id = params.get("JobId")
    if not job_id:
        raise Reject(400, "MissingJobId", "JobId is mandatory for this action.")
    if job_id.startswith("j-running"):
        return 200, {"RequestId": request_id}
    return 400, {
        "RequestId": request_id,
        "HostId": HOST_ID,
        "Code": "ReplicationJob.InvalidStatus",
        "Message": "The specified replication job status is invalid.",
        "Recommend": f"https://api.aliyun.com/troubleshoot?q=ReplicationJob.InvalidStatus&product=smc&requestId={request_id}",
    }


class Handler(BaseHTTPRequestHandler):
    """Answers every GET/POST at any path by verifying the signed query."""

    def _serve(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        pairs = parse_qsl(urlsplit(self.path).query, keep_blank_values=True)
        if body and (self.headers.get("Content-Type") or "").startswith("application/x-www-form-urlencoded"):
            pairs += parse_qsl(body.decode("utf-8"), keep_blank_values=True)
        params = {}
        try:
            for k, v in pairs:
                if k in params:
                    raise Reject(400, "InvalidParameter", f"Parameter {k} is repeated.")
                params[k] = v
            status, payload = handle(params, self.command)
        except Reject as r:
            status, payload = r.status, {
                "RequestId": str(uuid.uuid4()).upper(),
                "HostId": HOST_ID,
                "Code": r.code,
                "Message": r.message,
            }
        data = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json;charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = _serve
    do_POST = _serve

    def log_request(self, code="-", size="-"):
        # One line per request only when asked (VERIFY_SIGNATURE_VERBOSE=1); errors always log.
        if os.environ.get("VERIFY_SIGNATURE_VERBOSE"):
            super().log_request(code, size)

    def log_message(self, fmt, *args):  # stderr only: stdout carries just the LISTENING line
        sys.stderr.write("verify_signature: " + (fmt % args) + "\n")


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    if not ACCESS_KEY_ID or not ACCESS_KEY_SECRET:
        sys.stderr.write("set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET\n")
        return 2
    server = HTTPServer(("127.0.0.1", port), Handler)
    print(f"LISTENING {server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
