#!/usr/bin/env python3
"""Signature cross-check server built on the vendor's own signers.

Binds 127.0.0.1 on the port given as argv[1] (default 0 = any free port) and prints
``LISTENING <port>`` on stdout. For every request it recomputes the signature with the vendor's
code (PyPI alibabacloud-openapi-util==0.2.4), validates the common parameters, and answers like
SMC. A request whose ``Authorization`` header starts with ``ACS3-HMAC-SHA256`` is checked as v3
(``Client.get_authorization`` over the headers it lists as signed, the received query and the
body's hash); any other as RPC v1 (``Client.get_rpcsignature`` over the query and form
parameters):

* bad/missing common params or signature -> HTTP 400 JSON error (``SignatureDoesNotMatch``,
  ``MissingParameter``, ``InvalidTimeStamp.Expired``, ``SignatureNonceUsed``, ...)
* Action=StopReplicationJob, JobId starting with ``j-running`` -> 200 ``{"RequestId": ...}``
* Action=StopReplicationJob, JobId starting with ``j-flaky`` -> fails on purpose: the first
  verified request for that JobId gets 503 ``ServiceUnavailable``, the second 400
  ``Throttling.User`` with ``x-ratelimit-user-api: Limit:10,Remain:0,TimeLeft:300``, the
  third and later 200 (each one's signature and nonce are checked first, like any other)
* Action=StopReplicationJob, JobId starting with ``j-slow`` -> 200 after 5 seconds
* Action=StopReplicationJob, any other JobId -> 400 ``ReplicationJob.InvalidStatus``

Credentials come from env ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET; when
ALIBABA_CLOUD_SECURITY_TOKEN is set, every request must carry that STS token (v1:
``SecurityToken`` parameter, v3: signed ``x-acs-security-token`` header), and none otherwise.
With VERIFY_SIGNATURE_VERBOSE=1 each request and each verified signature is logged on stderr.
"""

import datetime
import json
import os
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from alibabacloud_openapi_util.client import Client as U

HOST_ID = "smc.aliyuncs.com"
VERSION = "2019-06-01"
MAX_SKEW = datetime.timedelta(minutes=15)

ACCESS_KEY_ID = os.environ.get("ALIBABA_CLOUD_ACCESS_KEY_ID", "")
ACCESS_KEY_SECRET = os.environ.get("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "")
SECURITY_TOKEN = os.environ.get("ALIBABA_CLOUD_SECURITY_TOKEN") or None
V3_ALGORITHM = "ACS3-HMAC-SHA256"
V3_REQUIRED_HEADERS = ("host", "x-acs-action", "x-acs-version", "x-acs-date",
                       "x-acs-signature-nonce", "x-acs-content-sha256")

_used_nonces = set()
_nonce_lock = threading.Lock()
_flaky_counts = {}
_flaky_lock = threading.Lock()


class Reject(Exception):
    """An error answer: HTTP status, code, message."""

    def __init__(self, status, code, message, headers=None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


def check_timestamp(value):
    """Rejects a malformed timestamp or one more than 15 minutes away."""
    try:
        ts = datetime.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        raise Reject(400, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.")
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    if abs(now - ts) > MAX_SKEW:
        raise Reject(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.")


def check_token(token):
    """The STS token sent must be the configured one (or none when none is configured)."""
    if token != SECURITY_TOKEN:
        raise Reject(400, "InvalidSecurityToken.MismatchWithAccessKey",
                     "The security token you provided does not match the access key.")


def use_nonce(nonce):
    """Rejects a nonce seen before."""
    with _nonce_lock:
        if nonce in _used_nonces:
            raise Reject(400, "SignatureNonceUsed", "Specified signature nonce was used already.")
        _used_nonces.add(nonce)


def verbose(message):
    if os.environ.get("VERIFY_SIGNATURE_VERBOSE"):
        sys.stderr.write("verify_signature: " + message + "\n")


class V3Request:
    """The attributes ``get_authorization`` reads."""

    def __init__(self, method, query, headers):
        self.method = method
        self.pathname = "/"
        self.query = query
        self.headers = headers


def check_v3(method, headers, query_pairs, body):
    """Validates a v3 request from its headers, decoded query and body; raises Reject.

    Returns the action and version."""
    auth = headers.get("authorization", "")
    prefix = V3_ALGORITHM + " Credential="
    fields = auth[len(prefix):].split(",") if auth.startswith(prefix) else []
    if len(fields) != 3 or not fields[1].startswith("SignedHeaders=") or not fields[2].startswith("Signature="):
        raise Reject(400, "IncompleteSignature", f"Malformed Authorization header: {auth!r}")
    credential = fields[0]
    signed = fields[1][len("SignedHeaders="):].split(";")
    signature = fields[2][len("Signature="):]
    if credential != ACCESS_KEY_ID:
        raise Reject(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
    for name in V3_REQUIRED_HEADERS:
        if not headers.get(name):
            raise Reject(400, "MissingParameter", f"The header \"{name}\" is required.")
    for name in list(headers):
        if (name.startswith("x-acs-") or name == "host") and name not in signed:
            raise Reject(400, "IncompleteSignature", f"The header {name} must be signed.")
    if body and "content-type" not in signed:
        raise Reject(400, "IncompleteSignature", "The content-type of a body must be signed.")
    if headers["x-acs-version"] != VERSION:
        raise Reject(400, "InvalidVersion", f"Specified parameter Version is not valid: {headers['x-acs-version']}")
    check_timestamp(headers["x-acs-date"])
    payload = U.hex_encode(U.hash(body, V3_ALGORITHM))
    if headers["x-acs-content-sha256"] != payload:
        raise Reject(400, "ContentSHA256NotMatched", "x-acs-content-sha256 is not the body's SHA-256.")
    check_token(headers.get("x-acs-security-token"))
    signed_headers = {}
    for name in signed:
        if name not in headers:
            raise Reject(400, "IncompleteSignature", f"Signed header {name} is missing.")
        signed_headers[name] = headers[name]
    # The vendor encodes query values but not names; SMC names are unreserved, so encoding
    # them first changes nothing for real names and keeps the documented rule for others.
    query = {U.get_encode_param(k): v for k, v in query_pairs}
    expected = U.get_authorization(V3Request(method, query, signed_headers), V3_ALGORITHM,
                                   payload, ACCESS_KEY_ID, ACCESS_KEY_SECRET)
    if expected.rsplit(",Signature=", 1)[1] != signature:
        raise Reject(400, "SignatureDoesNotMatch",
                     "Specified signature is not matched with our calculation. "
                     f"expected {expected}, got {auth}")
    use_nonce(headers["x-acs-signature-nonce"])
    verbose(f"verified v3 {method} {headers['x-acs-action']} sts={'yes' if SECURITY_TOKEN else 'no'}")
    return headers["x-acs-action"], headers["x-acs-version"]


def check_common(params, method):
    """Validates the v1 common parameters and the signature; raises Reject on any problem."""
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
    check_timestamp(params["Timestamp"])
    check_token(params.get("SecurityToken"))

    unsigned = {k: v for k, v in params.items() if k != "Signature"}
    expected = U.get_rpcsignature(unsigned, method, ACCESS_KEY_SECRET)
    if expected != params["Signature"]:
        raise Reject(400, "SignatureDoesNotMatch",
                     "Specified signature is not matched with our calculation. "
                     f"expected {expected}, got {params['Signature']}")

    use_nonce(params["SignatureNonce"])
    verbose(f"verified v1 {method} {params['Action']} sts={'yes' if SECURITY_TOKEN else 'no'}")


def flaky(job_id, headers, request_id):
    """The n-th verified request for a ``j-flaky`` job: 503, then throttled, then 200."""
    with _flaky_lock:
        n = _flaky_counts.get(job_id, 0) + 1
        _flaky_counts[job_id] = n
    verbose(f"flaky {job_id} request {n} x-acs-retry-attempts={headers.get('x-acs-retry-attempts', '-')}")
    if n == 1:
        raise Reject(503, "ServiceUnavailable",
                     "The request has failed due to a temporary failure of the server.")
    if n == 2:
        raise Reject(400, "Throttling.User", "Request was denied due to user flow control.",
                     {"x-ratelimit-user-api": "Limit:10,Remain:0,TimeLeft:300"})
    return 200, {"RequestId": request_id}


def handle(action, params, headers):
    """Returns (status, body dict) for a request whose signature was verified."""
    request_id = str(uuid.uuid4()).upper()
    if action != "StopReplicationJob":
        raise Reject(404, "InvalidApi.NotFound", f"Specified api is not found: {action}")
    job_id = params.get("JobId")
    if not job_id:
        raise Reject(400, "MissingJobId", "JobId is mandatory for this action.")
    if job_id.startswith("j-running"):
        return 200, {"RequestId": request_id}
    if job_id.startswith("j-flaky"):
        return flaky(job_id, headers, request_id)
    if job_id.startswith("j-slow"):
        time.sleep(5)
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
        # http.server reads header bytes as Latin-1; the client sends UTF-8.
        headers = {k.lower(): v.encode("latin-1").decode("utf-8", "replace").strip()
                   for k, v in self.headers.items()}
        try:
            for k, v in pairs:
                if k in params:
                    raise Reject(400, "InvalidParameter", f"Parameter {k} is repeated.")
                params[k] = v
            if headers.get("authorization", "").startswith(V3_ALGORITHM):
                query = parse_qsl(urlsplit(self.path).query, keep_blank_values=True)
                action, _ = check_v3(self.command, headers, query, body)
            else:
                check_common(params, self.command)
                action = params["Action"]
            status, payload = handle(action, params, headers)
            extra = {}
        except Reject as r:
            status, payload = r.status, {
                "RequestId": str(uuid.uuid4()).upper(),
                "HostId": HOST_ID,
                "Code": r.code,
                "Message": r.message,
            }
            extra = r.headers
        data = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json;charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in extra.items():
            self.send_header(name, value)
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
    # One thread per request: a slow answer (``j-slow``) must not hold up the others.
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    print(f"LISTENING {server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
