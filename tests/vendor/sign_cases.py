#!/usr/bin/env python3
"""Signs request cases with the vendor's own Python code, for runtime/tests/vendor_interop.rs.

Reads every case from stdin (JSON, one per line) before answering, then prints one JSON line
per case, in order. A case is what the client hands its signer::

    {"id": 0, "access_key_id": "...", "access_key_secret": "...", "security_token": null | "...",
     "host": "smc.aliyuncs.com", "action": "...", "version": "...", "timestamp": "...",
     "nonce": "...", "query": [[name, value], ...], "form": [[name, value], ...]}

The answer holds, for GET and for POST, the v1 string to sign and signature and the v3
``Authorization`` value, payload hash and body. A GET has no body: its form parameters join the
query, as the client sends them.

Vendor code used (pinned in tests/vendor/requirements.txt):

* v1: ``alibabacloud_openapi_util.client.Client.get_rpcsignature`` (the signer of the current
  SDKs' V2 path), and ``aliyunsdkcore``'s RPC composer (``__compose_string_to_sign``) with its
  ``sha_hmac1.get_sign_string`` (the older SDK core). Both must agree, with each other and with
  the Rust signer.
* v3: ``alibabacloud_openapi_util.client.Client.get_authorization`` with the vendor's own
  ``hash``/``hex_encode`` for the payload and ``get_encode_param`` for the form body.

Only the request layout is written here, from the vendor's documentation: which common
parameters v1 adds, which headers v3 signs. One documented quirk of ``get_authorization`` is
worked around: it percent-encodes query values but not names, while the V3 documentation
encodes both (after sorting by raw name). Names are therefore passed already encoded by the
vendor's ``get_encode_param``, as a ``str`` subclass that sorts by the raw name, so the vendor's
``sort()`` keeps the documented order and everything else (assembly, hashing, HMAC) is the
vendor's. For names made of unreserved characters only, which real wire names are, this changes
nothing.
"""

import json
import sys

from alibabacloud_openapi_util.client import Client as Util
from aliyunsdkcore.auth.algorithm import sha_hmac1
from aliyunsdkcore.auth.composer import rpc_signature_composer as core_composer

ALGORITHM = "ACS3-HMAC-SHA256"
compose_string_to_sign = getattr(core_composer, "__compose_string_to_sign")


class RawOrderName(str):
    """A query name already percent-encoded, that sorts by the raw name it encodes."""

    def __new__(cls, raw):
        obj = super().__new__(cls, Util.get_encode_param(raw))
        obj.raw = raw
        return obj

    def __lt__(self, other):
        return self.raw < other.raw

    def __gt__(self, other):
        return self.raw > other.raw


class V3Request:
    """The attributes ``get_authorization`` reads."""

    def __init__(self, method, query, headers):
        self.method = method
        self.pathname = "/"
        self.query = query
        self.headers = headers


def v1(case, method):
    params = {
        "Action": case["action"],
        "Version": case["version"],
        "Format": "JSON",
        "AccessKeyId": case["access_key_id"],
        "SignatureMethod": "HMAC-SHA1",
        "SignatureVersion": "1.0",
        "SignatureNonce": case["nonce"],
        "Timestamp": case["timestamp"],
    }
    if case["security_token"] is not None:
        params["SecurityToken"] = case["security_token"]
    # Query and form parameters are signed together, whatever the method.
    for name, value in case["query"] + case["form"]:
        params[name] = value
    secret = case["access_key_secret"]
    string_to_sign = compose_string_to_sign(method, dict(params))
    return {
        "string_to_sign": string_to_sign,
        "signature_core": sha_hmac1.get_sign_string(string_to_sign, secret + "&"),
        "signature_util": Util.get_rpcsignature(dict(params), method, secret),
    }


def v3(case, method):
    query_pairs = case["query"] + (case["form"] if method == "GET" else [])
    form_pairs = case["form"] if method == "POST" else []
    body = "&".join(
        f"{Util.get_encode_param(k)}={Util.get_encode_param(v)}" for k, v in form_pairs
    ).encode("utf-8")
    payload = Util.hex_encode(Util.hash(body, ALGORITHM))
    headers = {
        "host": case["host"],
        "x-acs-action": case["action"],
        "x-acs-version": case["version"],
        "x-acs-date": case["timestamp"],
        "x-acs-signature-nonce": case["nonce"],
        "x-acs-content-sha256": payload,
    }
    if case["security_token"] is not None:
        headers["x-acs-security-token"] = case["security_token"]
    if body:
        headers["content-type"] = "application/x-www-form-urlencoded"
    query = {RawOrderName(k): v for k, v in query_pairs}
    authorization = Util.get_authorization(
        V3Request(method, query, headers),
        ALGORITHM,
        payload,
        case["access_key_id"],
        case["access_key_secret"],
    )
    return {
        "authorization": authorization,
        "content_sha256": payload,
        "body": body.decode("utf-8"),
    }


def main():
    cases = [json.loads(line) for line in sys.stdin.read().splitlines() if line.strip()]
    out = sys.stdout
    for case in cases:
        answer = {"id": case["id"], "v1": {}, "v3": {}}
        for method in ("GET", "POST"):
            answer["v1"][method] = v1(case, method)
            answer["v3"][method] = v3(case, method)
        out.write(json.dumps(answer, ensure_ascii=False) + "\n")
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
