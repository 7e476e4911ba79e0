#!/usr/bin/python3
"""Independent reference implementation of the qrseal wire format, version 1.

Written only from shared/spec/qrseal-format-v1.md (the contract) and the
appendix of docs/format.md (list check order, policy combination, JSON names).
It does not share code or reading with the C++ implementation: it exists to
cross-check it in both directions (tests/independent/crosscheck.sh).

Dependencies: the Python 3 standard library and Debian's python3-cryptography
(Ed25519 only).  Everything libsodium would decide on its own before the curve
equation (S < L, small-order or non-canonical A and R) is checked here with our
own Edwards25519 arithmetic before cryptography's verify is called.

Library use:   import qrseal_ref as q; q.verify_text(...)
Command line:  qrseal_ref.py verify|issue|live|trust-build|revoke|variants|
               list-variants|batch|body-info|pub|selftest ...   (see --help)
"""

import argparse
import hashlib
import json
import os
import sys
import zlib

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey, Ed25519PublicKey)


class Malformed(Exception):
    """Any input that the spec calls malformed."""


# ---------------------------------------------------------------------------
# Base45 (RFC 9285), strict
# ---------------------------------------------------------------------------

B45_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_B45_INDEX = {c: i for i, c in enumerate(B45_ALPHABET)}


def b45encode(data):
    out = []
    for i in range(0, len(data) - 1, 2):
        n = data[i] * 256 + data[i + 1]
        c, n = n % 45, n // 45
        d, e = n % 45, n // 45
        out += [B45_ALPHABET[c], B45_ALPHABET[d], B45_ALPHABET[e]]
    if len(data) % 2:
        n = data[-1]
        out += [B45_ALPHABET[n % 45], B45_ALPHABET[n // 45]]
    return "".join(out)


def b45decode(text):
    vals = []
    for ch in text:
        if ch not in _B45_INDEX:
            raise Malformed("base45: character %r not in the alphabet" % ch)
        vals.append(_B45_INDEX[ch])
    if len(vals) % 3 == 1:
        raise Malformed("base45: dangling character")
    out = bytearray()
    for i in range(0, len(vals), 3):
        chunk = vals[i:i + 3]
        if len(chunk) == 3:
            n = chunk[0] + chunk[1] * 45 + chunk[2] * 45 * 45
            if n > 0xFFFF:
                raise Malformed("base45: group above 65535")
            out += bytes([n >> 8, n & 0xFF])
        else:
            n = chunk[0] + chunk[1] * 45
            if n > 0xFF:
                raise Malformed("base45: final pair above 255")
            out.append(n)
    return bytes(out)


# ---------------------------------------------------------------------------
# Edwards25519 arithmetic (only what the key checks need)
# ---------------------------------------------------------------------------

P = 2 ** 255 - 19
L = 2 ** 252 + 27742317777372353535851937790883648493
_D = (-121665 * pow(121666, P - 2, P)) % P
_SQRT_M1 = pow(2, (P - 1) // 4, P)
_IDENTITY = (0, 1, 1, 0)


def _pt_add(p1, p2):
    x1, y1, z1, t1 = p1
    x2, y2, z2, t2 = p2
    a = (y1 - x1) * (y2 - x2) % P
    b = (y1 + x1) * (y2 + x2) % P
    c = t1 * 2 * _D * t2 % P
    d = z1 * 2 * z2 % P
    e, f, g, h = b - a, d - c, d + c, b + a
    return (e * f % P, g * h % P, f * g % P, e * h % P)


def _pt_mul(k, pt):
    acc = _IDENTITY
    while k:
        if k & 1:
            acc = _pt_add(acc, pt)
        pt = _pt_add(pt, pt)
        k >>= 1
    return acc


def _pt_is_identity(pt):
    x, y, z, _ = pt
    return x % P == 0 and (y - z) % P == 0


def _pt_affine(pt):
    x, y, z, _ = pt
    zi = pow(z, P - 2, P)
    return x * zi % P, y * zi % P


def _recover_x(y, sign):
    """RFC 8032 5.1.3 decoding of x; None when there is no such point."""
    if y >= P:
        return None
    x2 = (y * y - 1) * pow(_D * y * y + 1, P - 2, P) % P
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (P + 3) // 8, P)
    if (x * x - x2) % P:
        x = x * _SQRT_M1 % P
    if (x * x - x2) % P:
        return None
    if (x & 1) != sign:
        x = P - x
    return x


def point_decode(enc):
    """32-byte encoding -> extended point, or None (non-canonical / off curve)."""
    if len(enc) != 32:
        return None
    v = int.from_bytes(enc, "little")
    y, sign = v & ((1 << 255) - 1), v >> 255
    x = _recover_x(y, sign)
    if x is None:
        return None
    return (x, y, 1, x * y % P)


def point_encode(pt):
    x, y = _pt_affine(pt)
    return (y | ((x & 1) << 255)).to_bytes(32, "little")


def _torsion_points():
    """The 8 points of small order, found as [L]Q for a point Q with a full
    8-torsion component (our own arithmetic, no table copied from anywhere)."""
    y = 2
    while True:
        q = point_decode(y.to_bytes(32, "little"))
        y += 1
        if q is None:
            continue
        t = _pt_mul(L, q)
        if not _pt_is_identity(_pt_mul(4, t)):
            pts = []
            acc = _IDENTITY
            for _ in range(8):
                pts.append(acc)
                acc = _pt_add(acc, t)
            assert _pt_is_identity(acc)
            return pts


SMALL_ORDER_POINTS = [point_encode(p) for p in _torsion_points()]
# libsodium compares the encoding with the sign bit masked, so every encoding
# whose y is the y of a small-order point is small order.
_SMALL_ORDER_Y = {int.from_bytes(e, "little") & ((1 << 255) - 1)
                  for e in SMALL_ORDER_POINTS}


def enc_y(enc):
    return int.from_bytes(enc, "little") & ((1 << 255) - 1)


def is_canonical_point(enc):
    return len(enc) == 32 and enc_y(enc) < P


def is_small_order(enc):
    return enc_y(enc) in _SMALL_ORDER_Y


def key_acceptable(pub):
    """A trust-list or cnf key: 32 bytes, canonical y, not small order."""
    return len(pub) == 32 and is_canonical_point(pub) and not is_small_order(pub)


def ed25519_verify(pub, sig, msg):
    """libsodium 1.0.18 crypto_sign_verify_detached semantics."""
    if len(pub) != 32 or len(sig) != 64:
        return False
    if int.from_bytes(sig[32:], "little") >= L:
        return False                        # non-canonical S
    r = sig[:32]
    if not is_canonical_point(r) or is_small_order(r):
        return False                        # R small order / non-canonical
    if not is_canonical_point(pub) or is_small_order(pub):
        return False                        # A small order / non-canonical
    try:
        Ed25519PublicKey.from_public_bytes(pub).verify(sig, msg)
        return True
    except (InvalidSignature, ValueError):
        return False


def ed25519_public(seed):
    return Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def ed25519_sign(seed, msg):
    return Ed25519PrivateKey.from_private_bytes(seed).sign(msg)


def kid_of(pub):
    return hashlib.sha256(pub).digest()[:8]


# ---------------------------------------------------------------------------
# Strict CBOR decoding
# ---------------------------------------------------------------------------

MAX_DEPTH = 8


class Tag:
    def __init__(self, number, value):
        self.number, self.value = number, value


class CMap:
    """A decoded map: pairs in wire order, looked up by deterministic key encoding."""

    def __init__(self):
        self.pairs = []
        self._by_enc = {}

    def add(self, key_enc, key, value):
        self.pairs.append((key, value))
        self._by_enc[key_enc] = value

    def get(self, key, default=None):
        return self._by_enc.get(cbor_encode(key), default)

    def __contains__(self, key):
        return cbor_encode(key) in self._by_enc

    def keys(self):
        return [k for k, _ in self.pairs]

    def __len__(self):
        return len(self.pairs)


class _Decoder:
    def __init__(self, data, allow_tag18):
        self.data, self.pos, self.allow_tag18 = data, 0, allow_tag18

    def _take(self, n):
        if n > len(self.data) - self.pos:
            raise Malformed("cbor: truncated")
        b = self.data[self.pos:self.pos + n]
        self.pos += n
        return b

    def _argument(self, ai):
        if ai < 24:
            return ai
        if ai == 31:
            raise Malformed("cbor: indefinite length")
        if ai > 27:
            raise Malformed("cbor: reserved additional information %d" % ai)
        width = {24: 1, 25: 2, 26: 4, 27: 8}[ai]
        v = int.from_bytes(self._take(width), "big")
        minimum = {24: 24, 25: 0x100, 26: 0x10000, 27: 0x100000000}[ai]
        if v < minimum:
            raise Malformed("cbor: non-shortest integer or length")
        return v

    def item(self, level):
        """Decode one item; `level` is the nesting level of the enclosing
        container (0 at top); a container here is at level + 1."""
        ib = self._take(1)[0]
        major, ai = ib >> 5, ib & 31
        if major == 7:
            raise Malformed("cbor: major type 7 (float/simple) not allowed")
        arg = self._argument(ai)
        if major == 0:
            return arg
        if major == 1:
            return -1 - arg
        if major == 2:
            return bytes(self._take(arg))
        if major == 3:
            raw = self._take(arg)
            try:
                return bytes(raw).decode("utf-8", errors="strict")
            except UnicodeDecodeError:
                raise Malformed("cbor: invalid UTF-8")
        if level + 1 > MAX_DEPTH:
            raise Malformed("cbor: nesting deeper than %d" % MAX_DEPTH)
        if major == 4:
            if arg > len(self.data) - self.pos:
                raise Malformed("cbor: truncated array")
            return [self.item(level + 1) for _ in range(arg)]
        if major == 5:
            if arg > len(self.data) - self.pos:
                raise Malformed("cbor: truncated map")
            m = CMap()
            prev = None
            for _ in range(arg):
                start = self.pos
                key = self.item(level + 1)
                kenc = bytes(self.data[start:self.pos])
                if prev is not None:
                    if kenc == prev:
                        raise Malformed("cbor: duplicate map key")
                    if kenc < prev:
                        raise Malformed("cbor: map keys not sorted")
                prev = kenc
                m.add(kenc, key, self.item(level + 1))
            return m
        # major == 6
        if not (self.allow_tag18 and level == 0 and arg == 18):
            raise Malformed("cbor: tag %d not allowed here" % arg)
        return Tag(arg, self.item(level + 1))


def cbor_decode(data, allow_tag18=False):
    """Strict decode of exactly one item filling all of `data`."""
    dec = _Decoder(bytes(data), allow_tag18)
    item = dec.item(0)
    if dec.pos != len(dec.data):
        raise Malformed("cbor: trailing bytes")
    return item


# ---------------------------------------------------------------------------
# CBOR encoding (deterministic), plus raw helpers for making broken variants
# ---------------------------------------------------------------------------

class Raw:
    """Pre-encoded CBOR bytes, inserted as they are."""

    def __init__(self, data):
        self.data = bytes(data)


class RawMap:
    """A map written with pairs in the given order (no sorting), optionally
    with indefinite length."""

    def __init__(self, pairs, indefinite=False):
        self.pairs, self.indefinite = list(pairs), indefinite


class RawArray:
    def __init__(self, items, indefinite=False):
        self.items, self.indefinite = list(items), indefinite


class WideInt:
    """An integer written with a given additional-information width (24..27)."""

    def __init__(self, value, ai):
        self.value, self.ai = value, ai


def cbor_head(major, n):
    if n < 24:
        return bytes([major << 5 | n])
    for ai, width in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * width):
            return bytes([major << 5 | ai]) + n.to_bytes(width, "big")
    raise ValueError("integer too large for CBOR")


def cbor_encode(obj):
    if isinstance(obj, Raw):
        return obj.data
    if isinstance(obj, bool) or obj is None:
        raise TypeError("no simple values in this profile")
    if isinstance(obj, WideInt):
        major, n = (0, obj.value) if obj.value >= 0 else (1, -1 - obj.value)
        width = {24: 1, 25: 2, 26: 4, 27: 8}[obj.ai]
        return bytes([major << 5 | obj.ai]) + n.to_bytes(width, "big")
    if isinstance(obj, int):
        return cbor_head(0, obj) if obj >= 0 else cbor_head(1, -1 - obj)
    if isinstance(obj, (bytes, bytearray)):
        return cbor_head(2, len(obj)) + bytes(obj)
    if isinstance(obj, str):
        b = obj.encode("utf-8")
        return cbor_head(3, len(b)) + b
    if isinstance(obj, RawArray):
        body = b"".join(cbor_encode(i) for i in obj.items)
        if obj.indefinite:
            return b"\x9f" + body + b"\xff"
        return cbor_head(4, len(obj.items)) + body
    if isinstance(obj, (list, tuple)):
        return cbor_head(4, len(obj)) + b"".join(cbor_encode(i) for i in obj)
    if isinstance(obj, RawMap):
        body = b"".join(cbor_encode(k) + cbor_encode(v) for k, v in obj.pairs)
        if obj.indefinite:
            return b"\xbf" + body + b"\xff"
        return cbor_head(5, len(obj.pairs)) + body
    if isinstance(obj, dict):
        pairs = sorted((cbor_encode(k), cbor_encode(v)) for k, v in obj.items())
        for a, b in zip(pairs, pairs[1:]):
            if a[0] == b[0]:
                raise ValueError("duplicate key")
        return cbor_head(5, len(pairs)) + b"".join(k + v for k, v in pairs)
    if isinstance(obj, Tag):
        return cbor_head(6, obj.number) + cbor_encode(obj.value)
    raise TypeError("cannot encode %r" % type(obj))


# ---------------------------------------------------------------------------
# COSE_Sign1
# ---------------------------------------------------------------------------

AAD_CREDENTIAL = b"qrseal/1 credential"
AAD_TRUST = b"qrseal/1 trust-list"
AAD_REVOCATION = b"qrseal/1 revocation-list"


def sig_structure(protected, external_aad, payload):
    return cbor_encode(["Signature1", bytes(protected), bytes(external_aad),
                        bytes(payload)])


def cose_sign1(seed, payload, aad, alg=-8, kid=None, protected=None,
               unprotected=None, tag=18, sig_mutate=None, elements=None):
    """Make tagged COSE_Sign1 bytes.  The optional arguments exist to build
    broken variants: raw protected header bytes, a raw unprotected item, a
    different tag, a function applied to the signature, or a function that
    rewrites the 4-element list before encoding."""
    if kid is None:
        kid = kid_of(ed25519_public(seed))
    if protected is None:
        protected = cbor_encode({1: alg, 4: kid})
    sig = ed25519_sign(seed, sig_structure(protected, aad, payload))
    if sig_mutate is not None:
        sig = sig_mutate(sig)
    items = [bytes(protected), unprotected if unprotected is not None else {},
             bytes(payload), sig]
    if elements is not None:
        items = elements(items)
    body = cbor_encode(items)
    if tag is None:
        return body
    return cbor_head(6, tag) + body


class Cose:
    def __init__(self, protected, alg, kid, payload, signature):
        self.protected, self.alg, self.kid = protected, alg, kid
        self.payload, self.signature = payload, signature


def parse_cose(data):
    """Parse tagged COSE_Sign1 bytes under the §1 rules (alg not judged)."""
    item = cbor_decode(data, allow_tag18=True)
    if not isinstance(item, Tag) or item.number != 18:
        raise Malformed("cose: not tag 18")
    arr = item.value
    if not isinstance(arr, list) or len(arr) != 4:
        raise Malformed("cose: not a 4-element array")
    protected, unprotected, payload, signature = arr
    if not isinstance(protected, bytes):
        raise Malformed("cose: protected header is not a bstr")
    hdr = cbor_decode(protected)
    if not isinstance(hdr, CMap) or len(hdr) != 2 or 1 not in hdr or 4 not in hdr:
        raise Malformed("cose: protected header is not exactly {1: alg, 4: kid}")
    alg, kid = hdr.get(1), hdr.get(4)
    if not isinstance(alg, (int, str)):
        raise Malformed("cose: alg is not an integer or text")
    if not isinstance(kid, bytes) or len(kid) != 8:
        raise Malformed("cose: kid is not 8 bytes")
    if not isinstance(unprotected, CMap) or len(unprotected) != 0:
        raise Malformed("cose: unprotected header not empty")
    if not isinstance(payload, bytes):
        raise Malformed("cose: payload is not a bstr")
    if not isinstance(signature, bytes) or len(signature) != 64:
        raise Malformed("cose: signature is not 64 bytes")
    return Cose(protected, alg, kid, payload, signature)


def cose_signature_ok(cose, pub, aad):
    return ed25519_verify(pub, cose.signature,
                          sig_structure(cose.protected, aad, cose.payload))


# ---------------------------------------------------------------------------
# Text and body
# ---------------------------------------------------------------------------

MAX_TEXT = 4296
MAX_INFLATE = 4096


def inflate_body(body):
    """zlib body -> COSE bytes, strictly (no FDICT, <= 4096 bytes, no trailer)."""
    if len(body) < 2:
        raise Malformed("zlib: truncated header")
    if body[1] & 0x20:
        raise Malformed("zlib: preset dictionary (FDICT)")
    d = zlib.decompressobj()
    try:
        out = d.decompress(body, MAX_INFLATE + 1)
    except zlib.error as e:
        raise Malformed("zlib: %s" % e)
    if len(out) > MAX_INFLATE:
        raise Malformed("zlib: more than %d output bytes" % MAX_INFLATE)
    if not d.eof:
        raise Malformed("zlib: stream does not end")
    if d.unused_data:
        raise Malformed("zlib: bytes after the stream")
    return out


def body_to_cose(body):
    if not body:
        raise Malformed("body: empty")
    if body[0] == 0x78:
        return inflate_body(body)
    if body[0] == 0xD2:
        return body
    raise Malformed("body: first byte 0x%02x" % body[0])


def cose_to_body(cose_bytes, compress="auto", level=9):
    if compress == "never":
        return cose_bytes
    z = zlib.compress(cose_bytes, level)
    if compress == "always" or len(z) < len(cose_bytes):
        return z
    return cose_bytes


# ---------------------------------------------------------------------------
# Claims
# ---------------------------------------------------------------------------

STATUS_NAMES = ["green", "yellow", "red"]
RESULT_NAMES = ["negative", "positive"]
CLAIM_STATUS = -65537


def _is_uint(v):
    return isinstance(v, int) and v >= 0


def _tstr(v, lo, hi, what):
    if not isinstance(v, str):
        raise Malformed("%s is not a text string" % what)
    n = len(v.encode("utf-8"))
    if n < lo or n > hi:
        raise Malformed("%s is %d bytes (allowed %d-%d)" % (what, n, lo, hi))
    return v


def _uint(v, what, hi=None):
    if not _is_uint(v):
        raise Malformed("%s is not an unsigned integer" % what)
    if hi is not None and v > hi:
        raise Malformed("%s above %d" % (what, hi))
    return v


def _only_keys(m, allowed, required, what):
    if not isinstance(m, CMap):
        raise Malformed("%s is not a map" % what)
    for k in m.keys():
        if not isinstance(k, int) or k not in allowed:
            raise Malformed("%s: unknown key %r" % (what, k))
    for k in required:
        if k not in m:
            raise Malformed("%s: missing key %r" % (what, k))


class Claims:
    pass


def parse_cose_key(m):
    _only_keys(m, {1, -1, -2}, {1, -1, -2}, "COSE_Key")
    if m.get(1) != 1 or isinstance(m.get(1), bool):
        raise Malformed("COSE_Key: kty is not 1 (OKP)")
    if m.get(-1) != 6:
        raise Malformed("COSE_Key: crv is not 6 (Ed25519)")
    x = m.get(-2)
    if not isinstance(x, bytes) or len(x) != 32:
        raise Malformed("COSE_Key: x is not 32 bytes")
    if not key_acceptable(x):
        raise Malformed("COSE_Key: small-order or non-canonical key")
    return x


def parse_claims(payload):
    m = cbor_decode(payload)
    if not isinstance(m, CMap):
        raise Malformed("claims: not a map")
    for k in m.keys():
        if not isinstance(k, (int, str)):
            raise Malformed("claims: key that is neither integer nor text")
    c = Claims()
    for k in (1, 4, 6, 7, CLAIM_STATUS):
        if k not in m:
            raise Malformed("claims: missing claim %d" % k)
    c.iss = _tstr(m.get(1), 1, 32, "iss")
    c.exp = _uint(m.get(4), "exp")
    c.nbf = _uint(m.get(5), "nbf") if 5 in m else None
    c.iat = _uint(m.get(6), "iat")
    cti = m.get(7)
    if not isinstance(cti, bytes) or len(cti) != 16:
        raise Malformed("cti is not 16 bytes")
    c.cti = cti
    c.cnf = None
    if 8 in m:
        cnf = m.get(8)
        _only_keys(cnf, {1}, {1}, "cnf")
        c.cnf = parse_cose_key(cnf.get(1))
    st = m.get(CLAIM_STATUS)
    _only_keys(st, {1, 2, 3, 4, 5, 6}, {1, 2}, "status")
    if _uint(st.get(1), "profile") != 1:
        raise Malformed("status: profile is not 1")
    c.status = _uint(st.get(2), "status", 2)
    c.name = _tstr(st.get(3), 0, 48, "name") if 3 in st else None
    c.id_hint = _tstr(st.get(4), 0, 8, "id_hint") if 4 in st else None
    c.test = None
    if 5 in st:
        t = st.get(5)
        _only_keys(t, {1, 2, 3}, {1, 2}, "test")
        c.test = {"result": _uint(t.get(1), "result", 1),
                  "sampled_at": _uint(t.get(2), "sampled_at")}
        if 3 in t:
            c.test["site"] = _tstr(t.get(3), 0, 16, "site")
    c.vaccination = None
    if 6 in st:
        v = st.get(6)
        _only_keys(v, {1, 2}, {1, 2}, "vaccination")
        c.vaccination = {"doses": _uint(v.get(1), "doses"),
                         "last_dose": _uint(v.get(2), "last_dose")}
    return c


def display_fields(c):
    d = {"iss": c.iss, "iat": c.iat, "exp": c.exp, "cti": c.cti.hex(),
         "status": STATUS_NAMES[c.status]}
    if c.nbf is not None:
        d["nbf"] = c.nbf
    if c.name is not None:
        d["name"] = c.name
    if c.id_hint is not None:
        d["id_hint"] = c.id_hint
    if c.test is not None:
        t = {"result": RESULT_NAMES[c.test["result"]],
             "sampled_at": c.test["sampled_at"]}
        if "site" in c.test:
            t["site"] = c.test["site"]
        d["test"] = t
    if c.vaccination is not None:
        d["vaccination"] = dict(c.vaccination)
    if c.cnf is not None:
        d["cnf"] = c.cnf.hex()
    return d


def claims_map(iss, iat, exp, profile, cti, nbf=None, cnf_pub=None):
    """Deterministic claims map (dict) from a JSON-style status profile."""
    st = {1: 1, 2: STATUS_NAMES.index(profile.get("status", "green"))}
    if "name" in profile:
        st[3] = profile["name"]
    if "id_hint" in profile:
        st[4] = profile["id_hint"]
    if "test" in profile:
        t = profile["test"]
        tm = {1: RESULT_NAMES.index(t["result"]), 2: int(t["sampled_at"])}
        if "site" in t:
            tm[3] = t["site"]
        st[5] = tm
    if "vaccination" in profile:
        v = profile["vaccination"]
        st[6] = {1: int(v["doses"]), 2: int(v["last_dose"])}
    m = {1: iss, 4: exp, 6: iat, 7: cti, CLAIM_STATUS: st}
    if nbf is not None:
        m[5] = nbf
    if cnf_pub is not None:
        if not key_acceptable(cnf_pub):
            raise ValueError("holder key is small-order or non-canonical")
        m[8] = {1: {1: 1, -1: 6, -2: cnf_pub}}
    return m


# ---------------------------------------------------------------------------
# Issuing and live codes
# ---------------------------------------------------------------------------

def issue(seed, claims, compress="auto"):
    """claims: dict (or RawMap) -> QS1 text."""
    pub = ed25519_public(seed)
    if not key_acceptable(pub):
        raise ValueError("issuing key is small-order or non-canonical")
    payload = cbor_encode(claims)
    cose = cose_sign1(seed, payload, AAD_CREDENTIAL)
    return "QS1:" + b45encode(cose_to_body(cose, compress))


def text_to_cose(text):
    if not text.startswith("QS1:"):
        raise Malformed("not a QS1 text")
    return body_to_cose(b45decode(text[4:]))


def live_message(cred, t):
    return (b"qrseal-live/1" + b"\x00" + hashlib.sha256(cred).digest()
            + t.to_bytes(8, "big"))


def make_live(holder_seed, cred_cose, t, sig_mutate=None, items=None):
    sig = ed25519_sign(holder_seed, live_message(cred_cose, t))
    if sig_mutate is not None:
        sig = sig_mutate(sig)
    arr = [cred_cose, t, sig]
    if items is not None:
        arr = items(arr)
    return "QL1:" + b45encode(cbor_encode(arr))


# ---------------------------------------------------------------------------
# Trust list and revocation list
# ---------------------------------------------------------------------------

MAX_LIST_FILE = 128 * 1024 * 1024


class Policy:
    def __init__(self, accepted=None, max_test_age=None, require_live=None,
                 max_stale=None, max_validity=None):
        self.accepted, self.max_test_age = accepted, max_test_age
        self.require_live, self.max_stale = require_live, max_stale
        self.max_validity = max_validity


class TrustList:
    pass


class RevocationList:
    pass


class ListError(Exception):
    def __init__(self, result, why=""):
        Exception.__init__(self, "%s: %s" % (result, why))
        self.result, self.why = result, why


def _list_header(m, label, allowed_keys, what):
    _only_keys(m, allowed_keys, {1, 2, 3, 4, 5}, what)
    if m.get(1) != label or not isinstance(m.get(1), str):
        raise Malformed("%s: wrong label" % what)
    return (_uint(m.get(2), "seq"), _uint(m.get(3), "issued_at"),
            _uint(m.get(4), "next_update"))


def parse_policy(m):
    _only_keys(m, {1, 2, 3, 4, 5}, set(), "policy")
    p = Policy()
    if 1 in m:
        acc = m.get(1)
        if not isinstance(acc, list):
            raise Malformed("policy: accepted is not an array")
        p.accepted = {_uint(s, "accepted status", 2) for s in acc}
    if 2 in m:
        p.max_test_age = _uint(m.get(2), "max_test_age")
    if 3 in m:
        p.require_live = bool(_uint(m.get(3), "require_live", 1))
    if 4 in m:
        p.max_stale = _uint(m.get(4), "max_stale")
    if 5 in m:
        p.max_validity = _uint(m.get(5), "max_validity")
    return p


def parse_trust_payload(payload, roots):
    m = cbor_decode(payload)
    tl = TrustList()
    tl.seq, tl.issued_at, tl.next_update = _list_header(
        m, "trust-list/1", {1, 2, 3, 4, 5, 6}, "trust list")
    entries = m.get(5)
    if not isinstance(entries, list):
        raise Malformed("trust list: entries is not an array")
    tl.entries = []
    key_by_kid = {}
    for e in entries:
        _only_keys(e, {1, 2, 3, 4, 5}, {1, 2, 3, 4, 5}, "trust entry")
        kid, pub = e.get(1), e.get(2)
        if not isinstance(kid, bytes) or len(kid) != 8:
            raise Malformed("trust entry: kid is not 8 bytes")
        if not isinstance(pub, bytes) or len(pub) != 32:
            raise Malformed("trust entry: key is not 32 bytes")
        if not key_acceptable(pub):
            raise Malformed("trust entry: small-order or non-canonical key")
        if kid_of(pub) != kid:
            raise Malformed("trust entry: kid is not its key's kid")
        if key_by_kid.setdefault(kid, pub) != pub:
            raise Malformed("trust entry: one kid with two keys")
        if pub in roots:
            raise Malformed("trust entry: names a pinned root key")
        tl.entries.append({"kid": kid, "pub": pub,
                           "iss": _tstr(e.get(3), 1, 32, "entry iss"),
                           "not_before": _uint(e.get(4), "not_before"),
                           "not_after": _uint(e.get(5), "not_after")})
    tl.policy = parse_policy(m.get(6)) if 6 in m else None
    return tl


def parse_revocation_payload(payload):
    m = cbor_decode(payload)
    rl = RevocationList()
    rl.seq, rl.issued_at, rl.next_update = _list_header(
        m, "revocation-list/1", {1, 2, 3, 4, 5}, "revocation list")
    blob = m.get(5)
    if not isinstance(blob, bytes):
        raise Malformed("revocation list: blob is not a bstr")
    if len(blob) % 8:
        raise Malformed("revocation list: blob length not a multiple of 8")
    prefixes = [blob[i:i + 8] for i in range(0, len(blob), 8)]
    for a, b in zip(prefixes, prefixes[1:]):
        if not a < b:
            raise Malformed("revocation list: prefixes do not strictly ascend")
    rl.prefixes = set(prefixes)
    return rl


def load_list(data, kind, roots, held=None):
    """Offer list bytes; returns (result, list).  Order as docs/format.md A.1."""
    roots = [bytes(r) for r in roots]
    aad = AAD_TRUST if kind == "trust" else AAD_REVOCATION
    try:
        if len(data) > MAX_LIST_FILE:
            raise Malformed("list file above 128 MiB")
        cose = parse_cose(data)
        if kind == "trust":
            lst = parse_trust_payload(cose.payload, set(roots))
        else:
            lst = parse_revocation_payload(cose.payload)
    except Malformed as e:
        return "list_malformed", str(e)
    root = [r for r in roots if kid_of(r) == cose.kid]
    if not root:
        return "list_unknown_root", None
    if cose.alg != -8 or isinstance(cose.alg, bool) or \
            not cose_signature_ok(cose, root[0], aad):
        return "list_bad_signature", None
    lst.raw = bytes(data)
    if held is not None:
        if lst.seq < held.seq or (lst.seq == held.seq and lst.raw != held.raw):
            return "list_rollback", held
        if lst.seq == held.seq:
            return "list_unchanged", held
    return "list_accepted", lst


def trust_payload(entries, seq, issued_at, next_update, policy=None):
    """entries: list of (pub, iss, not_before, not_after)."""
    m = {1: "trust-list/1", 2: seq, 3: issued_at, 4: next_update,
         5: [{1: kid_of(p), 2: p, 3: iss, 4: nb, 5: na}
             for p, iss, nb, na in entries]}
    if policy is not None:
        m[6] = policy
    return m


def revocation_payload(ctis, seq, issued_at, next_update):
    prefixes = sorted({hashlib.sha256(c).digest()[:8] for c in ctis})
    return {1: "revocation-list/1", 2: seq, 3: issued_at, 4: next_update,
            5: b"".join(prefixes)}


def sign_list(root_seed, payload_map, kind, **kw):
    aad = AAD_TRUST if kind == "trust" else AAD_REVOCATION
    return cose_sign1(root_seed, cbor_encode(payload_map), aad, **kw)


# ---------------------------------------------------------------------------
# Verifier (spec §5)
# ---------------------------------------------------------------------------

class Local:
    """Local verifier settings (docs/format.md A.2)."""

    def __init__(self, skew=300, window=60, accepted=None, max_test_age=None,
                 require_live=False, max_stale=None, max_validity=None,
                 reject_clock_behind=False, high_water=None):
        self.skew, self.window = skew, window
        self.accepted, self.max_test_age = accepted, max_test_age
        self.require_live, self.max_stale = require_live, max_stale
        self.max_validity = max_validity
        self.reject_clock_behind = reject_clock_behind
        self.high_water = high_water


def _smaller(a, b):
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)


def effective_policy(trust, local):
    tp = trust.policy if trust is not None and trust.policy is not None else Policy()
    p = Policy()
    if tp.accepted is not None and local.accepted is not None:
        p.accepted = tp.accepted & local.accepted
    elif tp.accepted is not None:
        p.accepted = tp.accepted
    elif local.accepted is not None:
        p.accepted = local.accepted
    else:
        p.accepted = {0}
    p.max_test_age = _smaller(tp.max_test_age, local.max_test_age)
    p.max_stale = _smaller(tp.max_stale, local.max_stale)
    p.max_validity = _smaller(tp.max_validity, local.max_validity)
    p.require_live = bool(tp.require_live) or bool(local.require_live)
    return p


class Result:
    def __init__(self, outcome, warnings, detail="", display=None):
        self.outcome, self.warnings = outcome, warnings
        self.detail, self.display = detail, display

    def to_json(self):
        d = {"outcome": self.outcome, "warnings": self.warnings,
             "detail": self.detail}
        if self.display:
            d.update(self.display)
        return d


def parse_text(text):
    """QS1/QL1 text -> (cose, claims, live) where live is None or (cred, t, sig)."""
    if len(text) > MAX_TEXT:
        raise Malformed("text longer than %d characters" % MAX_TEXT)
    live = None
    if text.startswith("QS1:"):
        cose_bytes = body_to_cose(b45decode(text[4:]))
    elif text.startswith("QL1:"):
        arr = cbor_decode(b45decode(text[4:]))
        if not isinstance(arr, list) or len(arr) != 3:
            raise Malformed("live: not a 3-element array")
        cred, t, sig = arr
        if not isinstance(cred, bytes) or not cred or cred[0] != 0xD2:
            raise Malformed("live: cred is not COSE bytes starting 0xD2")
        _uint(t, "live t")
        if not isinstance(sig, bytes) or len(sig) != 64:
            raise Malformed("live: sig is not 64 bytes")
        cose_bytes, live = cred, (cred, t, sig)
    else:
        raise Malformed("unknown prefix")
    cose = parse_cose(cose_bytes)
    claims = parse_claims(cose.payload)
    return cose, claims, live


def verify_text(text, trust, revocations, now, local=None):
    local = local or Local()
    pol = effective_policy(trust, local)
    warnings = []
    if trust is not None and now > trust.next_update:
        warnings.append("trust_list_stale")
    if revocations is not None and now > revocations.next_update:
        warnings.append("revocation_list_stale")
    marks = [l.issued_at for l in (trust, revocations) if l is not None]
    if local.high_water is not None:
        marks.append(local.high_water)
    clock_behind = bool(marks) and now + local.skew < max(marks)
    if clock_behind:
        warnings.append("clock_behind")

    def out(outcome, detail="", display=None):
        return Result(outcome, warnings, detail, display)

    try:
        cose, c, live = parse_text(text)
    except Malformed as e:
        return out("malformed", str(e))
    if cose.alg != -8:
        return out("unsupported_alg", "alg %r" % (cose.alg,))
    entries = [e for e in (trust.entries if trust else []) if e["kid"] == cose.kid]
    if not entries:
        return out("unknown_key", "kid %s" % cose.kid.hex())
    if not cose_signature_ok(cose, entries[0]["pub"], AAD_CREDENTIAL):
        return out("bad_signature")
    disp = display_fields(c)
    if not any(e["iss"] == c.iss and e["not_before"] <= c.iat <= e["not_after"]
               for e in entries):
        return out("key_not_valid", "no entry for iss/iat", disp)
    if pol.max_validity is not None and c.exp - c.iat > pol.max_validity:
        return out("key_not_valid", "exp - iat above max_validity", disp)
    if c.nbf is not None and now + local.skew < c.nbf:
        return out("not_yet_valid", "", disp)
    if now >= c.exp + local.skew:
        return out("expired", "", disp)
    if revocations is not None and \
            hashlib.sha256(c.cti).digest()[:8] in revocations.prefixes:
        return out("revoked", "", disp)
    if live is not None:
        cred, t, sig = live
        if abs(now - t) > local.window:
            return out("live_stale", "", disp)
        if c.cnf is None or not ed25519_verify(c.cnf, sig, live_message(cred, t)):
            return out("live_bad_signature", "", disp)
    elif pol.require_live and c.cnf is not None:
        return out("live_required", "", disp)
    if c.status not in pol.accepted:
        return out("status_not_accepted", "", disp)
    if pol.max_test_age is not None:
        if c.test is not None and c.test["result"] == 1:
            return out("test_positive", "", disp)
        if c.test is None or max(0, now - c.test["sampled_at"]) > pol.max_test_age:
            return out("test_too_old", "", disp)
    if pol.max_stale is not None:
        for lst in (trust, revocations):
            if lst is not None and now > lst.next_update + pol.max_stale:
                return out("lists_too_stale", "", disp)
    if local.reject_clock_behind and clock_behind:
        return out("clock_behind", "", disp)
    return out("valid", "", disp)


# ---------------------------------------------------------------------------
# Broken variants (for the cross-check)
# ---------------------------------------------------------------------------

def _flip_b45(text, pos):
    body = text[4:]
    i = pos % len(body)
    c = body[i]
    n = B45_ALPHABET[(B45_ALPHABET.index(c) + 1) % 45]
    return text[:4] + body[:i] + n + body[i + 1:]


def _base_point():
    y = 4 * pow(5, P - 2, P) % P
    return point_decode(y.to_bytes(32, "little"))


_B = _base_point()


def _secret_scalar(seed):
    h = hashlib.sha512(seed).digest()
    a = int.from_bytes(h[:32], "little")
    a &= (1 << 254) - 8
    a |= 1 << 254
    return a


def mixed_order_key(seed):
    """Encoding of [a]B + T, T of order 8: canonical and not small order, but
    not in the prime-order subgroup.  libsodium 1.0.18's verify accepts such a
    key (it checks only small order and canonical encoding)."""
    t = point_decode(SMALL_ORDER_POINTS[1])
    assert not _pt_is_identity(_pt_mul(4, t))
    return point_encode(_pt_add(_pt_mul(_secret_scalar(seed), _B), t))


def off_curve_key():
    """A canonical 32-byte string that decodes to no curve point."""
    y = 2
    while point_decode(y.to_bytes(32, "little")) is not None:
        y += 1
    return y.to_bytes(32, "little")


def sign_for_mixed_key(seed, pub_enc, msg):
    """A signature that the cofactorless equation accepts for the mixed-order
    key: retry r until h = H(R || A' || M) mod L is a multiple of 8, so the
    torsion part of A' vanishes from [h]A'."""
    a = _secret_scalar(seed)
    i = 0
    while True:
        r = int.from_bytes(hashlib.sha512(b"r%d" % i + seed + msg).digest(), "little") % L
        i += 1
        R = point_encode(_pt_mul(r, _B))
        h = int.from_bytes(hashlib.sha512(R + pub_enc + msg).digest(), "little") % L
        if h % 8 == 0:
            return R + ((r + h * a) % L).to_bytes(32, "little")


def _zlib_fdict(data):
    """A zlib stream with FDICT set (dictionary id of an empty dictionary)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 15, 9, zlib.Z_DEFAULT_STRATEGY, zdict=b"qrseal")
    z = comp.compress(data) + comp.flush()
    assert z[1] & 0x20
    return z


def credential_variants(seed, holder_seed, other_seed, iss, iat, exp, now):
    """-> list of (name, expected outcome, text).  Verified against a trust
    list holding `seed` for `iss` over a window containing iat, at `now`."""
    holder_pub = ed25519_public(holder_seed)
    cti = hashlib.sha256(b"ref-cti").digest()[:16]
    prof = {"status": "green", "name": "A*B", "id_hint": "1234",
            "test": {"result": "negative", "sampled_at": iat}}
    base = claims_map(iss, iat, exp, prof, cti)
    st = base[CLAIM_STATUS]
    V = []

    def add(name, expected, text):
        V.append((name, expected, text))

    def cose_of(claims, **kw):
        return cose_sign1(seed, cbor_encode(claims), AAD_CREDENTIAL, **kw)

    def qs1(cose, compress="never"):
        return "QS1:" + b45encode(cose_to_body(cose, compress))

    def with_claims(_extra=None, **changes):
        m = dict(base)
        changes = dict(changes) if _extra is None else dict(list(changes.items()) + list(_extra.items()))
        for k, v in changes.items():
            key = {"iss": 1, "exp": 4, "nbf": 5, "iat": 6, "cti": 7, "cnf": 8,
                   "status": CLAIM_STATUS}.get(k, k)
            if v is _DROP:
                m.pop(key, None)
            else:
                m[key] = v
        return m

    def with_status(_extra=None, **changes):
        s = dict(st)
        changes = dict(changes) if _extra is None else dict(list(changes.items()) + list(_extra.items()))
        for k, v in changes.items():
            key = {"profile": 1, "status": 2, "name": 3, "id_hint": 4,
                   "test": 5, "vaccination": 6}.get(k, k)
            if v is _DROP:
                s.pop(key, None)
            else:
                s[key] = v
        return with_claims(status=s)

    def pairs_of(m):
        return sorted(((k, v) for k, v in m.items()),
                      key=lambda kv: cbor_encode(kv[0]))

    good = cose_of(base)
    add("ref_valid_raw", "valid", qs1(good))
    add("ref_valid_zlib_forced", "valid", qs1(good, "always"))
    add("ref_valid_zlib_level0", "valid",
        "QS1:" + b45encode(zlib.compress(good, 0)))
    add("ref_valid_zlib_level1", "valid",
        "QS1:" + b45encode(zlib.compress(good, 1)))
    # Base45 / text layer
    t = qs1(good)
    for pos in (5, 40, 100, len(t) - 10):
        add("b45_flip_at_%d" % pos, None, _flip_b45(t, pos))
    add("truncate_1_char", "malformed", t[:-1])
    add("truncate_3_chars", "malformed", t[:-3])
    add("truncate_half", "malformed", t[:len(t) // 2])
    add("b45_lowercase_char", "malformed", t[:10] + t[10].lower() + t[11:]
        if t[10].isalpha() else t[:10] + "a" + t[11:])
    add("b45_group_above_range", "malformed", t + "GGW")
    add("b45_invalid_char_hash", "malformed", t[:20] + "#" + t[21:])
    add("prefix_lowercase", "malformed", "qs1:" + t[4:])
    add("prefix_missing", "malformed", t[4:])
    add("prefix_HC1", "malformed", "HC1:" + t[4:])
    add("leading_space", "malformed", " " + t)
    add("trailing_space", "malformed", t + " ")
    add("trailing_newline", "malformed", t + "\n")
    add("empty_body", "malformed", "QS1:")
    add("qt1_text_as_credential", "malformed", "QT1:" + t[4:])
    add("untagged_cose", "malformed",
        qs1(cose_of(base, tag=None)))
    add("body_first_byte_other", "malformed",
        "QS1:" + b45encode(b"\x00" + good))
    # text length bound: a raw body of 2861 bytes is 4296 characters
    filler_text_ok = _pad_to(lambda n: cose_of(with_claims({99: _prng(n)})), 2861)
    add("text_4296_chars", "valid", qs1(filler_text_ok))
    filler_text_bad = _pad_to(lambda n: cose_of(with_claims({99: _prng(n)})), 2862)
    add("text_4297_chars", "malformed", qs1(filler_text_bad))
    # zlib
    add("zlib_trailing_byte", "malformed",
        "QS1:" + b45encode(zlib.compress(good, 9) + b"\x00"))
    add("zlib_truncated", "malformed",
        "QS1:" + b45encode(zlib.compress(good, 9)[:-2]))
    add("zlib_fdict", "malformed", "QS1:" + b45encode(_zlib_fdict(good)))
    big4096 = _pad_to(lambda n: cose_of(with_claims({99: bytes(n)})), 4096)
    add("zlib_exactly_4096", "valid", qs1(big4096, "always"))
    big4097 = _pad_to(lambda n: cose_of(with_claims({99: bytes(n)})), 4097)
    add("zlib_4097_bytes", "malformed", qs1(big4097, "always"))
    big = cose_of(with_claims({99: bytes(20000)}))
    add("zlib_20000_bytes", "malformed", qs1(big, "always"))
    add("zlib_of_garbage", "malformed", "QS1:" + b45encode(zlib.compress(b"\x00" * 10)))
    add("zlib_of_zlib", "malformed", "QS1:" + b45encode(zlib.compress(zlib.compress(good))))
    add("raw_body_trailing_byte", "malformed", "QS1:" + b45encode(good + b"\x00"))
    # strict CBOR in claims (re-signed)
    pairs = pairs_of(base)
    add("nonshortest_exp", "malformed", qs1(cose_of(RawMap(
        [(k, WideInt(v, 27) if k == 4 else v) for k, v in pairs]))))
    add("nonshortest_key", "malformed", qs1(cose_of(RawMap(
        [(WideInt(k, 24) if k == 7 else k, v) for k, v in pairs]))))
    add("nonshortest_small_in_status", "malformed", qs1(cose_of(with_status(
        profile=WideInt(1, 24)))))
    add("nonshortest_text_length", "malformed", qs1(cose_of(with_claims(
        iss=Raw(b"\x78" + bytes([len(iss)]) + iss.encode())))))
    add("nonshortest_alg_in_protected", "malformed", qs1(cose_of(base, protected=cbor_encode(
        RawMap([(1, WideInt(-8, 24)), (4, kid_of(ed25519_public(seed)))])))))
    add("nonshortest_cose_array_length", "malformed", qs1(cose_of(base, elements=lambda it: Raw(
        b"\x98\x04" + b"".join(cbor_encode(i) for i in it)))))
    add("indefinite_status_map", "malformed", qs1(cose_of(with_claims(
        status=RawMap(pairs_of(st), indefinite=True)))))
    add("indefinite_claims_map", "malformed", qs1(cose_of(RawMap(pairs, indefinite=True))))
    add("indefinite_cti_bstr", "malformed", qs1(cose_of(with_claims(
        cti=Raw(b"\x5f" + cbor_encode(cti[:8]) + cbor_encode(cti[8:]) + b"\xff")))))
    add("indefinite_unknown_array", "malformed", qs1(cose_of(with_claims(
        {99: RawArray([1, 2], indefinite=True)}))))
    add("duplicate_claim_key", "malformed", qs1(cose_of(RawMap(
        [pairs[0]] + pairs))))
    add("duplicate_status_key", "malformed", qs1(cose_of(with_claims(
        status=RawMap([(1, 1), (2, 0), (2, 0)])))))
    add("unsorted_claim_keys", "malformed", qs1(cose_of(RawMap(
        [pairs[1], pairs[0]] + pairs[2:]))))
    add("unsorted_status_last_first", "malformed", qs1(cose_of(RawMap(
        [pairs[-1]] + pairs[:-1]))))
    # RFC 7049 "length first" order puts -1 (0x20) before 100 (0x1864):
    # not the bytewise order RFC 8949 section 4.2.1 asks for.
    add("unsorted_length_first_order", "malformed", qs1(cose_of(RawMap(
        sorted(pairs + [(-1, 0), (100, 0)],
               key=lambda kv: (len(cbor_encode(kv[0])), cbor_encode(kv[0])))))))
    add("sorted_bytewise_extra_keys", "valid", qs1(cose_of(with_claims({-1: 0, 100: 0}))))
    add("float_unknown_claim", "malformed", qs1(cose_of(with_claims(
        {99: Raw(b"\xf9\x3c\x00")}))))
    add("float_exp", "malformed", qs1(cose_of(with_claims(
        exp=Raw(b"\xfb" + _f64(exp))))))
    add("bool_unknown_claim", "malformed", qs1(cose_of(with_claims({99: Raw(b"\xf5")}))))
    add("null_unknown_claim", "malformed", qs1(cose_of(with_claims({99: Raw(b"\xf6")}))))
    add("simple_value_unknown_claim", "malformed", qs1(cose_of(with_claims({99: Raw(b"\xf8\x20")}))))
    add("undefined_in_status", "malformed", qs1(cose_of(with_status(name=Raw(b"\xf7")))))
    add("trailing_byte_in_payload", "malformed", qs1(cose_sign1(
        seed, cbor_encode(base) + b"\x00", AAD_CREDENTIAL)))
    add("trailing_byte_in_protected", "malformed", qs1(cose_of(base, protected=cbor_encode(
        {1: -8, 4: kid_of(ed25519_public(seed))}) + b"\x00")))
    add("tag_61_outer", "malformed", qs1(cose_of(base, tag=61)))
    add("tag_98_outer", "malformed", qs1(cose_of(base, tag=98)))
    add("tag_18_twice", "malformed", "QS1:" + b45encode(b"\xd2" + good))
    add("tag_1_in_claims", "malformed", qs1(cose_of(with_claims({99: Tag(1, 0)}))))
    add("tag_18_in_payload", "malformed", qs1(cose_sign1(
        seed, b"\xd2" + cbor_encode(base), AAD_CREDENTIAL)))
    add("tag_24_on_payload", "malformed", qs1(cose_of(base, elements=lambda it: [
        it[0], it[1], Tag(24, it[2]), it[3]])))
    add("reserved_ai_28", "malformed", qs1(cose_of(with_claims({99: Raw(b"\x1c")}))))
    add("nint_as_exp", "malformed", qs1(cose_of(with_claims(exp=-5))))
    # depth: claims map level 1, unknown claim arrays at levels 2..
    add("depth_8_unknown_claim", "valid", qs1(cose_of(with_claims({99: _nest(7)}))))
    add("depth_9_unknown_claim", "malformed", qs1(cose_of(with_claims({99: _nest(8)}))))
    add("unknown_int_claim", "valid", qs1(cose_of(with_claims({99: {"a": [1, b"x"]}}))))
    add("unknown_text_claim", "valid", qs1(cose_of(with_claims({"foo": "bar"}))))
    add("unknown_negative_claim", "valid", qs1(cose_of(with_claims({-70000: 1}))))
    add("bstr_claim_key", "malformed", qs1(cose_of(_dict_with(base, b"k", 1))))
    add("array_claim_key", "malformed", qs1(cose_of(RawMap(pairs + [(Raw(b"\x80"), 1)]))))
    # COSE structure
    add("kid_7_bytes", "malformed", qs1(cose_of(base, kid=kid_of(ed25519_public(seed))[:7])))
    add("kid_9_bytes", "malformed", qs1(cose_of(base, kid=kid_of(ed25519_public(seed)) + b"\x00")))
    add("kid_text", "malformed", qs1(cose_of(base, kid="abcdefgh")))
    add("alg_minus7", "unsupported_alg", qs1(cose_of(base, alg=-7)))
    add("alg_text_EdDSA", "unsupported_alg", qs1(cose_of(base, alg="EdDSA")))
    add("alg_0", "unsupported_alg", qs1(cose_of(base, alg=0)))
    add("alg_bstr", "malformed", qs1(cose_of(base, alg=b"\xf8")))
    add("alg_minus7_kid_7", "malformed", qs1(cose_of(base, alg=-7,
                                                     kid=kid_of(ed25519_public(seed))[:7])))
    add("alg_minus7_bad_claims", "malformed", qs1(cose_of(with_claims(cti=b"short"), alg=-7)))
    add("alg_minus7_sig_63", "malformed", qs1(cose_of(base, alg=-7, sig_mutate=lambda s: s[:63])))
    add("alg_minus7_unknown_kid", "unsupported_alg", qs1(cose_sign1(
        other_seed, cbor_encode(base), AAD_CREDENTIAL, alg=-7)))
    add("protected_extra_key", "malformed", qs1(cose_of(base, protected=cbor_encode(
        {1: -8, 3: 0, 4: kid_of(ed25519_public(seed))}))))
    add("protected_missing_kid", "malformed", qs1(cose_of(base, protected=cbor_encode({1: -8}))))
    add("protected_empty_bstr", "malformed", qs1(cose_of(base, protected=b"")))
    add("protected_not_bstr", "malformed", qs1(cose_of(base, elements=lambda it: [
        {1: -8, 4: kid_of(ed25519_public(seed))}, it[1], it[2], it[3]])))
    add("unprotected_nonempty", "malformed", qs1(cose_of(base, unprotected={
        4: kid_of(ed25519_public(seed))})))
    add("unprotected_bstr", "malformed", qs1(cose_of(base, unprotected=b"")))
    add("cose_5_elements", "malformed", qs1(cose_of(base, elements=lambda it: it + [b""])))
    add("cose_3_elements", "malformed", qs1(cose_of(base, elements=lambda it: it[:3])))
    add("payload_text", "malformed", qs1(cose_of(base, elements=lambda it: [
        it[0], it[1], Raw(cbor_head(3, len(it[2])) + it[2]), it[3]])))
    add("signature_63_bytes", "malformed", qs1(cose_of(base, sig_mutate=lambda s: s[:63])))
    add("signature_65_bytes", "malformed", qs1(cose_of(base, sig_mutate=lambda s: s + b"\x00")))
    add("signature_bit_flip", "bad_signature", qs1(cose_of(base, sig_mutate=lambda s: bytes(
        [s[0] ^ 1]) + s[1:])))
    add("signature_S_plus_L", "bad_signature", qs1(cose_of(base, sig_mutate=lambda s: s[:32] + (
        int.from_bytes(s[32:], "little") + L).to_bytes(32, "little"))))
    add("signature_R_small_order", "bad_signature", qs1(cose_of(base, sig_mutate=lambda s:
        SMALL_ORDER_POINTS[0] + s[32:])))
    add("signature_zero", "bad_signature", qs1(cose_of(base, sig_mutate=lambda s: bytes(64))))
    add("signed_with_trust_list_aad", "bad_signature", qs1(cose_sign1(
        seed, cbor_encode(base), AAD_TRUST)))
    add("signed_with_other_key_same_kid", "bad_signature", qs1(cose_sign1(
        other_seed, cbor_encode(base), AAD_CREDENTIAL, kid=kid_of(ed25519_public(seed)))))
    add("signed_by_unknown_key", "unknown_key", qs1(cose_sign1(
        other_seed, cbor_encode(base), AAD_CREDENTIAL)))
    # claims content
    add("missing_iss", "malformed", qs1(cose_of(with_claims(iss=_DROP))))
    add("iss_empty", "malformed", qs1(cose_of(with_claims(iss=""))))
    add("iss_33_bytes", "malformed", qs1(cose_of(with_claims(iss="X" * 33))))
    add("iss_32_bytes_not_in_list", "key_not_valid", qs1(cose_of(with_claims(iss="X" * 32))))
    add("iss_bstr", "malformed", qs1(cose_of(with_claims(iss=iss.encode()))))
    add("missing_exp", "malformed", qs1(cose_of(with_claims(exp=_DROP))))
    add("missing_iat", "malformed", qs1(cose_of(with_claims(iat=_DROP))))
    add("exp_text", "malformed", qs1(cose_of(with_claims(exp=str(exp)))))
    add("nbf_negative", "malformed", qs1(cose_of(with_claims(nbf=-1))))
    add("missing_cti", "malformed", qs1(cose_of(with_claims(cti=_DROP))))
    add("cti_15_bytes", "malformed", qs1(cose_of(with_claims(cti=cti[:15]))))
    add("cti_17_bytes", "malformed", qs1(cose_of(with_claims(cti=cti + b"\x00"))))
    add("cti_text", "malformed", qs1(cose_of(with_claims(cti="0123456789abcdef"))))
    add("missing_status_claim", "malformed", qs1(cose_of(with_claims(status=_DROP))))
    add("status_claim_array", "malformed", qs1(cose_of(with_claims(status=[1, 0]))))
    add("profile_2", "malformed", qs1(cose_of(with_status(profile=2))))
    add("profile_missing", "malformed", qs1(cose_of(with_status(profile=_DROP))))
    add("status_3", "malformed", qs1(cose_of(with_status(status=3))))
    add("status_missing", "malformed", qs1(cose_of(with_status(status=_DROP))))
    add("status_unknown_key_7", "malformed", qs1(cose_of(with_status({7: 0}))))
    add("status_text_key", "malformed", qs1(cose_of(with_status({"x": 0}))))
    add("name_48_bytes_utf8", "valid", qs1(cose_of(with_status(name="\u5f20" * 16))))
    add("name_49_bytes", "malformed", qs1(cose_of(with_status(name="\u5f20" * 16 + "a"))))
    add("name_empty", "valid", qs1(cose_of(with_status(name="", id_hint=""))))
    add("name_invalid_utf8", "malformed", qs1(cose_of(with_status(name=Raw(b"\x62\xff\x41")))))
    add("name_utf8_surrogate", "malformed", qs1(cose_of(with_status(name=Raw(b"\x63\xed\xa0\x80")))))
    add("name_utf8_overlong", "malformed", qs1(cose_of(with_status(name=Raw(b"\x62\xc0\x80")))))
    add("name_utf8_above_10ffff", "malformed", qs1(cose_of(with_status(
        name=Raw(b"\x64\xf4\x90\x80\x80")))))
    add("name_utf8_truncated_seq", "malformed", qs1(cose_of(with_status(name=Raw(b"\x62\xe5\xbc")))))
    add("unknown_claim_invalid_utf8", "malformed", qs1(cose_of(with_claims(
        {99: Raw(b"\x61\x80")}))))
    add("id_hint_8_bytes", "valid", qs1(cose_of(with_status(id_hint="12345678"))))
    add("id_hint_9_bytes", "malformed", qs1(cose_of(with_status(id_hint="123456789"))))
    add("test_result_2", "malformed", qs1(cose_of(with_status(test={1: 2, 2: iat}))))
    add("test_missing_sampled_at", "malformed", qs1(cose_of(with_status(test={1: 0}))))
    add("test_site_16", "valid", qs1(cose_of(with_status(test={1: 0, 2: iat, 3: "S" * 16}))))
    add("test_site_17", "malformed", qs1(cose_of(with_status(test={1: 0, 2: iat, 3: "S" * 17}))))
    add("test_unknown_key", "malformed", qs1(cose_of(with_status(test={1: 0, 2: iat, 4: 0}))))
    add("vaccination_ok", "valid", qs1(cose_of(with_status(vaccination={1: 3, 2: iat - 100}))))
    add("vaccination_missing_last_dose", "malformed", qs1(cose_of(with_status(vaccination={1: 3}))))
    add("vaccination_unknown_key", "malformed", qs1(cose_of(with_status(
        vaccination={1: 3, 2: 0, 3: 0}))))
    cnf = {1: {1: 1, -1: 6, -2: holder_pub}}
    add("cnf_ok_qs1", "valid", qs1(cose_of(with_claims(cnf=cnf))))
    add("cnf_unknown_key", "malformed", qs1(cose_of(with_claims(cnf={1: cnf[1], 2: 0}))))
    add("cnf_kty_2", "malformed", qs1(cose_of(with_claims(cnf={1: {1: 2, -1: 6, -2: holder_pub}}))))
    add("cnf_crv_7", "malformed", qs1(cose_of(with_claims(cnf={1: {1: 1, -1: 7, -2: holder_pub}}))))
    add("cnf_x_31_bytes", "malformed", qs1(cose_of(with_claims(
        cnf={1: {1: 1, -1: 6, -2: holder_pub[:31]}}))))
    add("cnf_missing_crv", "malformed", qs1(cose_of(with_claims(cnf={1: {1: 1, -2: holder_pub}}))))
    add("cnf_extra_alg", "malformed", qs1(cose_of(with_claims(
        cnf={1: {1: 1, 3: -8, -1: 6, -2: holder_pub}}))))
    for i, so in enumerate(SMALL_ORDER_POINTS):
        add("cnf_small_order_%d" % i, "malformed", qs1(cose_of(with_claims(
            cnf={1: {1: 1, -1: 6, -2: so}}))))
    noncanon = (P + 1).to_bytes(32, "little")     # y = p + 1 (= 1)
    add("cnf_noncanonical_p_plus_1", "malformed", qs1(cose_of(with_claims(
        cnf={1: {1: 1, -1: 6, -2: noncanon}}))))
    noncanon2 = (P + 3).to_bytes(32, "little")    # y = p + 3, non-canonical
    add("cnf_noncanonical_p_plus_3", "malformed", qs1(cose_of(with_claims(
        cnf={1: {1: 1, -1: 6, -2: noncanon2}}))))
    # times (no wrap-around)
    add("exp_u64_max", "valid", qs1(cose_of(with_claims(exp=2 ** 64 - 1))))
    add("nbf_u64_max", "not_yet_valid", qs1(cose_of(with_claims(nbf=2 ** 64 - 1))))
    add("iat_after_exp", "valid", qs1(cose_of(with_claims(iat=iat + 10, exp=now + 1))))
    add("exp_zero", "expired", qs1(cose_of(with_claims(exp=0))))
    add("nbf_now_plus_300", "valid", qs1(cose_of(with_claims(nbf=now + 300))))
    add("nbf_now_plus_301", "not_yet_valid", qs1(cose_of(with_claims(nbf=now + 301))))
    add("exp_now_minus_299", "valid", qs1(cose_of(with_claims(exp=now - 299))))
    add("exp_now_minus_300", "expired", qs1(cose_of(with_claims(exp=now - 300))))
    add("status_yellow", "status_not_accepted", qs1(cose_of(with_status(status=1))))
    # live codes (made by this reference)
    hc = cose_of(with_claims(cnf=cnf))
    add("ref_live_valid", "valid", make_live(holder_seed, hc, now))
    add("ref_live_t_minus_60", "valid", make_live(holder_seed, hc, now - 60))
    add("ref_live_t_plus_60", "valid", make_live(holder_seed, hc, now + 60))
    add("ref_live_t_minus_61", "live_stale", make_live(holder_seed, hc, now - 61))
    add("ref_live_t_plus_61", "live_stale", make_live(holder_seed, hc, now + 61))
    add("ref_live_other_holder", "live_bad_signature", make_live(other_seed, hc, now))
    add("ref_live_stale_and_bad", "live_stale", make_live(other_seed, hc, now - 1000))
    add("ref_live_no_cnf", "live_bad_signature", make_live(holder_seed, good, now))
    add("ref_live_sig_S_plus_L", "live_bad_signature", make_live(holder_seed, hc, now,
        sig_mutate=lambda s: s[:32] + (int.from_bytes(s[32:], "little") + L).to_bytes(32, "little")))
    add("ref_live_sig_63", "malformed", make_live(holder_seed, hc, now, sig_mutate=lambda s: s[:63]))
    add("ref_live_4_items", "malformed", make_live(holder_seed, hc, now, items=lambda a: a + [0]))
    add("ref_live_t_text", "malformed", make_live(holder_seed, hc, now, items=lambda a: [a[0], str(a[1]), a[2]]))
    add("ref_live_t_negative", "malformed", make_live(holder_seed, hc, now, items=lambda a: [a[0], -1, a[2]]))
    add("ref_live_cred_zlib", "malformed", make_live(holder_seed, zlib.compress(hc, 9), now))
    add("ref_live_cred_trailing", "malformed", make_live(holder_seed, hc + b"\x00", now))
    add("ref_live_cred_tampered", "bad_signature", make_live(holder_seed, cose_of(
        with_claims(cnf=cnf), sig_mutate=lambda s: bytes([s[0] ^ 4]) + s[1:]), now))
    add("ref_live_expired_cred", "expired", make_live(holder_seed, cose_of(
        with_claims(cnf=cnf, exp=now - 300)), now))
    add("ref_live_yellow", "status_not_accepted", make_live(holder_seed, cose_of(
        with_claims(cnf=cnf, status={**st, 2: 1})), now))
    add("ref_live_tagged_array", "malformed", "QL1:" + b45encode(cbor_head(6, 18) + cbor_encode(
        [hc, now, ed25519_sign(holder_seed, live_message(hc, now))])))
    add("ref_live_zlib_whole", "malformed", "QL1:" + b45encode(zlib.compress(cbor_encode(
        [hc, now, ed25519_sign(holder_seed, live_message(hc, now))]))))
    add("ref_live_wrong_t_signed", "live_bad_signature", "QL1:" + b45encode(cbor_encode(
        [hc, now, ed25519_sign(holder_seed, live_message(hc, now + 1))])))
    # --- more edge cases
    kid = kid_of(ed25519_public(seed))
    for tagno in (17, 61, 98):
        add("tag_%d_outer_in_zlib" % tagno, "malformed", qs1(cose_of(base, tag=tagno), "always"))
    add("untagged_cose_in_zlib", "malformed", qs1(cose_of(base, tag=None), "always"))
    add("b45_group_above_range_aligned", "malformed", t[:4] + "GGW" + t[7:])
    add("b45_non_ascii_char", "malformed", t[:30] + "\u00c0" + t[31:])
    add("payload_text_utf8", "malformed", qs1(cose_of(base, elements=lambda it: [
        it[0], it[1], "abc", it[3]])))
    add("payload_map_not_bstr", "malformed", qs1(cose_of(base, elements=lambda it: [
        it[0], it[1], Raw(it[2]), it[3]])))
    add("protected_unsorted", "malformed", qs1(cose_of(base, protected=cbor_encode(
        RawMap([(4, kid), (1, -8)])))))
    add("protected_duplicate_alg", "malformed", qs1(cose_of(base, protected=cbor_encode(
        RawMap([(1, -8), (1, -8), (4, kid)])))))
    add("protected_indefinite", "malformed", qs1(cose_of(base, protected=cbor_encode(
        RawMap([(1, -8), (4, kid)], indefinite=True)))))
    add("protected_array", "malformed", qs1(cose_of(base, protected=cbor_encode([-8, kid]))))
    add("alg_text_minus8", "unsupported_alg", qs1(cose_of(base, alg="-8")))
    add("alg_u64_max", "unsupported_alg", qs1(cose_of(base, alg=2 ** 64 - 1)))
    add("alg_n64_min", "unsupported_alg", qs1(cose_of(base, alg=-2 ** 64)))
    add("signed_with_empty_aad", "bad_signature", qs1(cose_sign1(
        seed, cbor_encode(base), b"")))
    add("signed_with_revocation_aad", "bad_signature", qs1(cose_sign1(
        seed, cbor_encode(base), AAD_REVOCATION)))
    prot = cbor_encode({1: -8, 4: kid})
    pl = cbor_encode(base)
    add("signed_as_cose_sign_context", "bad_signature", qs1(cbor_head(6, 18) + cbor_encode(
        [prot, {}, pl, ed25519_sign(seed, cbor_encode(["Signature", prot, AAD_CREDENTIAL, pl]))])))
    add("signed_over_payload_only", "bad_signature", qs1(cbor_head(6, 18) + cbor_encode(
        [prot, {}, pl, ed25519_sign(seed, pl)])))
    add("signature_R_noncanonical", "bad_signature", qs1(cose_of(base, sig_mutate=lambda s:
        (P + 5).to_bytes(32, "little") + s[32:])))
    add("signature_R_identity_signbit", "bad_signature", qs1(cose_of(base, sig_mutate=lambda s:
        (1 | 1 << 255).to_bytes(32, "little") + s[32:])))
    add("signature_S_is_L", "bad_signature", qs1(cose_of(base, sig_mutate=lambda s:
        s[:32] + L.to_bytes(32, "little"))))
    add("signature_S_top_bits", "bad_signature", qs1(cose_of(base, sig_mutate=lambda s:
        s[:63] + bytes([s[63] | 0xe0]))))
    z = zlib.compress(good, 9)
    add("zlib_bad_adler", "malformed", "QS1:" + b45encode(z[:-1] + bytes([z[-1] ^ 1])))
    co = zlib.compressobj(9, zlib.DEFLATED, 9)
    z9 = co.compress(good) + co.flush()
    add("zlib_window_512_first_byte_0x18", "malformed", "QS1:" + b45encode(z9))
    add("zlib_level6", "valid", "QS1:" + b45encode(zlib.compress(good, 6)))
    add("zlib_level4", "valid", "QS1:" + b45encode(zlib.compress(good, 4)))
    add("zlib_empty_output", "malformed", "QS1:" + b45encode(zlib.compress(b"")))
    add("zlib_body_2_bytes", "malformed", "QS1:" + b45encode(b"\x78\x9c"))
    add("zlib_header_only_fdict", "malformed", "QS1:" + b45encode(b"\x78\xbb"))
    nm = 0
    for _ in range(7):
        nm = {1: nm}
    add("depth_8_maps_unknown_claim", "valid", qs1(cose_of(with_claims({99: nm}))))
    add("depth_9_maps_unknown_claim", "malformed", qs1(cose_of(with_claims({99: {1: nm}}))))
    add("unknown_text_claim_named_iss", "valid", qs1(cose_of(_dict_with(base, "iss", 5))))
    add("unknown_claim_u64_key", "valid", qs1(cose_of(with_claims({2 ** 64 - 1: 0}))))
    add("unknown_claim_n64_key", "valid", qs1(cose_of(with_claims({-2 ** 64: 0}))))
    add("unknown_claim_big_bstr", "valid", qs1(cose_of(with_claims({99: _prng(1000)}))))
    add("exp_needs_8_bytes", "valid", qs1(cose_of(with_claims(exp=2 ** 33))))
    add("nbf_needs_8_bytes", "not_yet_valid", qs1(cose_of(with_claims(nbf=2 ** 33))))
    add("nbf_zero", "valid", qs1(cose_of(with_claims(nbf=0))))
    add("iat_zero", "key_not_valid", qs1(cose_of(with_claims(iat=0))))
    live_sig = ed25519_sign(holder_seed, live_message(hc, now))
    add("ref_live_trailing_byte", "malformed", "QL1:" + b45encode(
        cbor_encode([hc, now, live_sig]) + b"\x00"))
    add("ref_live_indefinite_array", "malformed", "QL1:" + b45encode(cbor_encode(
        RawArray([hc, now, live_sig], indefinite=True))))
    add("ref_live_t_nonshortest", "malformed", "QL1:" + b45encode(cbor_encode(
        [hc, WideInt(now, 27), live_sig])))
    add("ref_live_cred_empty", "malformed", "QL1:" + b45encode(cbor_encode([b"", now, live_sig])))
    add("ref_live_map", "malformed", "QL1:" + b45encode(cbor_encode({1: hc, 2: now, 3: live_sig})))
    add("ref_live_lowercase_prefix", "malformed", "ql1:" + make_live(holder_seed, hc, now)[4:])
    add("ref_live_cred_untagged", "malformed", make_live(holder_seed, hc[1:], now))
    add("ref_live_t_u64_max", "live_stale", make_live(holder_seed, hc, 2 ** 64 - 1))
    add("ref_live_t_zero", "live_stale", make_live(holder_seed, hc, 0))
    # integers beyond 32/64-bit views: compared as mathematical integers
    add("unknown_claim_key_2p32_plus_1", "valid", qs1(cose_of(with_claims({2 ** 32 + 1: 0}))))
    add("unknown_claim_key_u64_is_minus65537_as_i64", "valid", qs1(cose_of(
        with_claims({2 ** 64 - 65537: 0}))))
    add("unknown_claim_key_minus65537_minus_2p32", "valid", qs1(cose_of(
        with_claims({-65537 - 2 ** 32: 0}))))
    add("alg_u64_is_minus8_as_i64", "unsupported_alg", qs1(cose_of(base, alg=2 ** 64 - 8)))
    add("alg_minus8_minus_2p32", "unsupported_alg", qs1(cose_of(base, alg=-8 - 2 ** 32)))
    add("profile_2p32_plus_1", "malformed", qs1(cose_of(with_status(profile=2 ** 32 + 1))))
    add("status_2p32", "malformed", qs1(cose_of(with_status(status=2 ** 32))))
    add("status_2p64_minus_1", "malformed", qs1(cose_of(with_status(status=2 ** 64 - 1))))
    add("test_result_2p32_plus_1", "malformed", qs1(cose_of(with_status(test={1: 2 ** 32 + 1, 2: iat}))))
    add("status_key_2p32_plus_2", "malformed", qs1(cose_of(with_status({2 ** 32 + 2: 0}))))
    add("cnf_kty_2p32_plus_1", "malformed", qs1(cose_of(with_claims(
        cnf={1: {1: 2 ** 32 + 1, -1: 6, -2: holder_pub}}))))
    add("cnf_crv_2p32_plus_6", "malformed", qs1(cose_of(with_claims(
        cnf={1: {1: 1, -1: 2 ** 32 + 6, -2: holder_pub}}))))
    add("iss_11_cjk_33_bytes", "malformed", qs1(cose_of(with_claims(iss="\u5f20" * 11))))
    add("iss_10_cjk_30_bytes_not_in_list", "key_not_valid", qs1(cose_of(with_claims(iss="\u5f20" * 10))))
    # holder keys that are neither small order nor non-canonical
    mixed = mixed_order_key(holder_seed)
    mc = cose_of(with_claims(cnf={1: {1: 1, -1: 6, -2: mixed}}))
    add("cnf_mixed_order_qs1", "valid", qs1(mc))
    add("ref_live_cnf_mixed_order", "valid", "QL1:" + b45encode(cbor_encode(
        [mc, now, sign_for_mixed_key(holder_seed, mixed, live_message(mc, now))])))
    oc = off_curve_key()
    occ = cose_of(with_claims(cnf={1: {1: 1, -1: 6, -2: oc}}))
    add("cnf_off_curve_qs1", None, qs1(occ))
    add("ref_live_cnf_off_curve", None, make_live(holder_seed, occ, now))
    return V


class _Drop:
    pass


_DROP = _Drop()


def _dict_with(m, k, v):
    d = dict(m)
    d[k] = v
    return d


def _nest(n):
    v = 0
    for _ in range(n):
        v = [v]
    return v


def _prng(n):
    out = b""
    i = 0
    while len(out) < n:
        out += hashlib.sha256(b"filler%d" % i).digest()
        i += 1
    return out[:n]


def _f64(x):
    import struct
    return struct.pack(">d", float(x))


def _pad_to(make, size):
    """Find a filler length n so that make(n) is exactly `size` bytes."""
    n = max(0, size - len(make(0)) - 3)
    for _ in range(20):
        got = len(make(n))
        if got == size:
            return make(n)
        n += size - got
        if n < 0:
            break
    raise ValueError("cannot pad to %d" % size)


def list_variants(root_seed, other_root_seed, issuer_pub, iss, issued_at, next_update,
                  cred_seed, cred_iat, cred_exp):
    """-> list of (name, kind, expected, bytes) for lists made here.  `kind`
    is trust or revocation; `expected` is the list result when the list is
    refused, else the outcome for a plain valid credential of `iss` (issued
    inside the window and not revoked) verified with it.  A fifth element,
    when present, is the credential text to verify instead (made with the
    issuing key seed `cred_seed`, iat `cred_iat`, exp `cred_exp`)."""
    root_pub = ed25519_public(root_seed)
    entries = [(issuer_pub, iss, 0, 2 ** 40)]
    V = []

    def tl(m, **kw):
        return sign_list(root_seed, m, "trust", **kw)

    def rl(m, **kw):
        return sign_list(root_seed, m, "revocation", **kw)

    good = trust_payload(entries, 5, issued_at, next_update)
    ent = good[5][0]
    V.append(("trust_ok", "trust", "valid", tl(good)))
    V.append(("trust_policy_empty_map", "trust", "valid", tl({**good, 6: {}})))
    V.append(("trust_policy_full", "trust", "valid", tl({**good, 6: {
        1: [0, 1], 2: 86400, 3: 0, 4: 3600, 5: 10 ** 6}})))
    V.append(("trust_not_before_after_not_after", "trust", "key_not_valid", tl({**good, 5: [
        {**ent, 4: 10, 5: 5}]})))
    V.append(("trust_no_entries", "trust", "unknown_key", tl({**good, 5: []})))
    V.append(("trust_same_key_two_iss", "trust", "valid", tl({**good, 5: [
        ent, {**ent, 3: "OTHER"}]})))
    V.append(("trust_wrong_label", "trust", "list_malformed", tl({**good, 1: "trust-list/2"})))
    V.append(("trust_revocation_label", "trust", "list_malformed", tl({**good, 1: "revocation-list/1"})))
    V.append(("trust_extra_key_7", "trust", "list_malformed", tl({**good, 7: 0})))
    V.append(("trust_missing_next_update", "trust", "list_malformed",
              tl({k: v for k, v in good.items() if k != 4})))
    V.append(("trust_seq_text", "trust", "list_malformed", tl({**good, 2: "5"})))
    V.append(("trust_entries_map", "trust", "list_malformed", tl({**good, 5: {}})))
    V.append(("trust_entry_kid_mismatch", "trust", "list_malformed", tl({**good, 5: [
        {**ent, 1: bytes(8)}]})))
    V.append(("trust_entry_kid_7", "trust", "list_malformed", tl({**good, 5: [
        {**ent, 1: ent[1][:7]}]})))
    V.append(("trust_entry_extra_key", "trust", "list_malformed", tl({**good, 5: [
        {**ent, 6: 0}]})))
    V.append(("trust_entry_missing_not_after", "trust", "list_malformed", tl({**good, 5: [
        {k: v for k, v in ent.items() if k != 5}]})))
    V.append(("trust_entry_iss_empty", "trust", "list_malformed", tl({**good, 5: [
        {**ent, 3: ""}]})))
    V.append(("trust_entry_iss_33", "trust", "list_malformed", tl({**good, 5: [
        {**ent, 3: "Y" * 33}]})))
    V.append(("trust_entry_is_root", "trust", "list_malformed", tl({**good, 5: [
        ent, {1: kid_of(root_pub), 2: root_pub, 3: iss, 4: 0, 5: 2 ** 40}]})))
    so = SMALL_ORDER_POINTS[3]
    V.append(("trust_entry_small_order", "trust", "list_malformed", tl({**good, 5: [
        {1: kid_of(so), 2: so, 3: iss, 4: 0, 5: 2 ** 40}]})))
    nc = (P + 3).to_bytes(32, "little")
    V.append(("trust_entry_noncanonical", "trust", "list_malformed", tl({**good, 5: [
        {1: kid_of(nc), 2: nc, 3: iss, 4: 0, 5: 2 ** 40}]})))
    V.append(("trust_policy_unknown_key", "trust", "list_malformed", tl({**good, 6: {9: 0}})))
    V.append(("trust_policy_require_live_2", "trust", "list_malformed", tl({**good, 6: {3: 2}})))
    V.append(("trust_policy_status_3", "trust", "list_malformed", tl({**good, 6: {1: [0, 3]}})))
    V.append(("trust_policy_not_map", "trust", "list_malformed", tl({**good, 6: [0]})))
    V.append(("trust_nonshortest_seq", "trust", "list_malformed", tl(RawMap(sorted(
        [(k, WideInt(v, 26) if k == 2 else v) for k, v in good.items()],
        key=lambda kv: cbor_encode(kv[0]))))))
    V.append(("trust_float_in_policy", "trust", "list_malformed", tl({**good, 6: {2: Raw(b"\xf9\x3c\x00")}})))
    V.append(("trust_trailing_byte_file", "trust", "list_malformed", tl(good) + b"\x00"))
    V.append(("trust_zlib_file", "trust", "list_malformed", zlib.compress(tl(good), 9)))
    V.append(("trust_untagged", "trust", "list_malformed", tl(good, tag=None)))
    V.append(("trust_kid_7", "trust", "list_malformed", tl(good, kid=kid_of(root_pub)[:7])))
    V.append(("trust_unknown_root", "trust", "list_unknown_root",
              sign_list(other_root_seed, good, "trust")))
    V.append(("trust_bad_signature", "trust", "list_bad_signature",
              tl(good, sig_mutate=lambda s: s[:10] + bytes([s[10] ^ 1]) + s[11:])))
    V.append(("trust_alg_minus7", "trust", "list_bad_signature", tl(good, alg=-7)))
    V.append(("trust_signed_as_revocation", "trust", "list_bad_signature",
              cose_sign1(root_seed, cbor_encode(good), AAD_REVOCATION)))
    V.append(("trust_other_key_root_kid", "trust", "list_bad_signature",
              sign_list(other_root_seed, good, "trust", kid=kid_of(root_pub))))
    V.append(("trust_bad_sig_and_malformed", "trust", "list_malformed",
              tl({**good, 7: 0}, sig_mutate=lambda s: bytes(64))))
    V.append(("trust_unknown_root_and_malformed", "trust", "list_malformed",
              sign_list(other_root_seed, {**good, 1: "x"}, "trust")))
    # revocation lists
    rgood = revocation_payload([b"\x01" * 16, b"\x02" * 16], 3, issued_at, next_update)
    V.append(("rev_ok", "revocation", "valid", rl(rgood)))
    V.append(("rev_empty_blob", "revocation", "valid", rl({**rgood, 5: b""})))
    V.append(("rev_blob_12_bytes", "revocation", "list_malformed", rl({**rgood, 5: rgood[5][:12]})))
    V.append(("rev_blob_unsorted", "revocation", "list_malformed", rl({**rgood, 5: rgood[5][8:] + rgood[5][:8]})))
    V.append(("rev_blob_duplicate", "revocation", "list_malformed", rl({**rgood, 5: rgood[5][:8] * 2})))
    V.append(("rev_blob_array", "revocation", "list_malformed", rl({**rgood, 5: [rgood[5]]})))
    V.append(("rev_key_6", "revocation", "list_malformed", rl({**rgood, 6: {}})))
    V.append(("rev_trust_label", "revocation", "list_malformed", rl({**rgood, 1: "trust-list/1"})))
    V.append(("rev_trust_list_file", "revocation", "list_malformed", tl(good)))
    V.append(("rev_signed_as_trust", "revocation", "list_bad_signature",
              cose_sign1(root_seed, cbor_encode(rgood), AAD_TRUST)))
    V.append(("rev_unknown_root", "revocation", "list_unknown_root",
              sign_list(other_root_seed, rgood, "revocation")))
    V.append(("rev_alg_text", "revocation", "list_bad_signature", rl(rgood, alg="EdDSA")))
    V.append(("trust_unknown_root_alg_minus7", "trust", "list_unknown_root",
              sign_list(other_root_seed, good, "trust", alg=-7)))
    V.append(("trust_alg_u64_is_minus8_as_i64", "trust", "list_bad_signature", tl(good, alg=2 ** 64 - 8)))
    V.append(("trust_policy_accept_2p32", "trust", "list_malformed", tl({**good, 6: {1: [2 ** 32]}})))
    V.append(("trust_policy_require_live_2p32_plus_1", "trust", "list_malformed",
              tl({**good, 6: {3: 2 ** 32 + 1}})))
    V.append(("trust_key_2p32_plus_1", "trust", "list_malformed", tl({**good, 2 ** 32 + 1: 0})))
    V.append(("trust_alg_text", "trust", "list_bad_signature", tl(good, alg="EdDSA")))
    V.append(("trust_alg_bstr", "trust", "list_malformed", tl(good, alg=b"-8")))
    V.append(("trust_unprotected_kid", "trust", "list_malformed", tl(good, unprotected={4: kid_of(root_pub)})))
    V.append(("trust_policy_accept_duplicates", "trust", "valid", tl({**good, 6: {1: [0, 0]}})))
    V.append(("trust_policy_accept_unsorted", "trust", "valid", tl({**good, 6: {1: [1, 0]}})))
    V.append(("trust_policy_accept_not_green", "trust", "status_not_accepted", tl({**good, 6: {1: [1, 2]}})))
    V.append(("trust_policy_max_validity_0", "trust", "key_not_valid", tl({**good, 6: {5: 0}})))
    V.append(("trust_policy_require_live_0", "trust", "valid", tl({**good, 6: {3: 0}})))
    V.append(("trust_seq_u64_max", "trust", "valid", tl({**good, 2: 2 ** 64 - 1})))
    V.append(("trust_entry_window_u64", "trust", "valid", tl({**good, 5: [{**ent, 4: 0, 5: 2 ** 64 - 1}]})))
    V.append(("trust_entries_indefinite", "trust", "list_malformed", tl({**good, 5: RawArray(good[5], indefinite=True)})))
    V.append(("trust_entry_iss_invalid_utf8", "trust", "list_malformed", tl({**good, 5: [{**ent, 3: Raw(b"\x62\xc3\x28")}]})))
    mixed = mixed_order_key(cred_seed)
    mixed_ent = {1: kid_of(mixed), 2: mixed, 3: iss, 4: 0, 5: 2 ** 40}
    V.append(("trust_entry_mixed_order", "trust", "valid", tl({**good, 5: [ent, mixed_ent]})))
    cl = claims_map(iss, cred_iat, cred_exp, {"status": "green"}, bytes(range(16)))
    prot = cbor_encode({1: -8, 4: kid_of(mixed)})
    pl = cbor_encode(cl)
    msig = sign_for_mixed_key(cred_seed, mixed, sig_structure(prot, AAD_CREDENTIAL, pl))
    mtext = "QS1:" + b45encode(cbor_head(6, 18) + cbor_encode([prot, {}, pl, msig]))
    V.append(("trust_entry_mixed_order_signs", "trust", "valid",
              tl({**good, 5: [ent, mixed_ent]}), mtext))
    oc = off_curve_key()
    V.append(("trust_entry_off_curve", "trust", None, tl({**good, 5: [
        ent, {1: kid_of(oc), 2: oc, 3: iss, 4: 0, 5: 2 ** 40}]})))
    return V


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _dur(s):
    s = str(s).strip()
    if s and s[-1] in _UNITS:
        return int(s[:-1]) * _UNITS[s[-1]]
    return int(s)


def _hex(s, n=None):
    b = bytes.fromhex(s)
    if n is not None and len(b) != n:
        raise argparse.ArgumentTypeError("expected %d bytes of hex" % n)
    return b


def _statuses(s):
    return {STATUS_NAMES.index(x) for x in s.split(",") if x}


def _load_json_arg(s):
    if s.lstrip().startswith("{"):
        return json.loads(s)
    with open(s, encoding="utf-8") as f:
        return json.load(f)


def cmd_verify(a):
    roots = [_hex(r, 32) for r in a.root]
    lists = {}
    for kind, path in (("trust", a.trust), ("revocation", a.revocations)):
        if path is None:
            lists[kind] = None
            continue
        if os.path.getsize(path) > MAX_LIST_FILE:
            result, lst = "list_malformed", "list file above 128 MiB"
        else:
            with open(path, "rb") as f:
                data = f.read()
            result, lst = load_list(data, kind, roots)
        if result != "list_accepted":
            print(json.dumps({"outcome": None, "list": kind, "list_error": result,
                              "detail": lst if isinstance(lst, str) else ""}))
            return 2
        lists[kind] = lst
    local = Local(skew=_dur(a.skew), window=_dur(a.window),
                  accepted=_statuses(a.accept) if a.accept is not None else None,
                  max_test_age=_dur(a.max_test_age) if a.max_test_age else None,
                  require_live=a.require_live,
                  max_stale=_dur(a.max_stale) if a.max_stale else None,
                  max_validity=_dur(a.max_validity) if a.max_validity else None,
                  reject_clock_behind=a.reject_clock_behind)
    text = sys.stdin.read() if a.text == "-" else a.text
    r = verify_text(text, lists["trust"], lists["revocation"], int(a.now), local)
    print(json.dumps(r.to_json(), ensure_ascii=False))
    return 0 if r.outcome == "valid" else 1


def cmd_issue(a):
    prof = _load_json_arg(a.claims)
    unknown = set(prof) - {"status", "name", "id_hint", "test", "vaccination", "cti", "nbf"}
    if unknown:
        raise SystemExit("unknown claim fields: %s" % ", ".join(sorted(unknown)))
    cti = bytes.fromhex(prof["cti"]) if "cti" in prof else os.urandom(16)
    holder = _hex(a.holder_pub, 32) if a.holder_pub else None
    m = claims_map(a.iss, a.iat, a.exp, prof, cti, prof.get("nbf"), holder)
    print(issue(_hex(a.seed, 32), m, "never" if a.no_compress else "auto"))
    return 0


def cmd_live(a):
    cose = text_to_cose(a.cred)
    print(make_live(_hex(a.seed, 32), cose, a.t))
    return 0


def cmd_trust_build(a):
    entries = []
    for e in a.entry:
        pub, iss, nb, na = e.split(",")
        entries.append((_hex(pub, 32), iss, int(nb), int(na)))
    pol = {}
    if a.policy_accept is not None:
        pol[1] = sorted(_statuses(a.policy_accept))
    if a.policy_max_test_age:
        pol[2] = _dur(a.policy_max_test_age)
    if a.policy_require_live:
        pol[3] = 1
    if a.policy_max_stale:
        pol[4] = _dur(a.policy_max_stale)
    if a.policy_max_validity:
        pol[5] = _dur(a.policy_max_validity)
    m = trust_payload(entries, a.seq, a.issued_at, a.next_update, pol or None)
    with open(a.out, "wb") as f:
        f.write(sign_list(_hex(a.root_seed, 32), m, "trust"))
    return 0


def cmd_revoke(a):
    m = revocation_payload([_hex(c, 16) for c in a.cti], a.seq, a.issued_at, a.next_update)
    with open(a.out, "wb") as f:
        f.write(sign_list(_hex(a.root_seed, 32), m, "revocation"))
    return 0


def cmd_variants(a):
    V = credential_variants(_hex(a.seed, 32), _hex(a.holder_seed, 32),
                            _hex(a.other_seed, 32), a.iss, a.iat, a.exp, a.now)
    with open(a.out, "w", encoding="utf-8") as f:
        for name, expected, text in V:
            f.write(json.dumps({"name": name, "expected": expected, "text": text}) + "\n")
    return 0


def cmd_list_variants(a):
    issuer_seed = _hex(a.issuer_seed, 32)
    V = list_variants(_hex(a.root_seed, 32), _hex(a.other_root_seed, 32),
                      ed25519_public(issuer_seed), a.iss, a.issued_at, a.next_update,
                      issuer_seed, a.cred_iat, a.cred_exp)
    os.makedirs(a.outdir, exist_ok=True)
    with open(os.path.join(a.outdir, "lists.tsv"), "w") as f:
        for name, kind, expected, data, *text in V:
            path = os.path.join(a.outdir, name + ".cose")
            with open(path, "wb") as g:
                g.write(data)
            tpath = "-"
            if text:
                tpath = os.path.join(a.outdir, name + ".txt")
                with open(tpath, "w", encoding="utf-8") as g:
                    g.write(text[0])
            f.write("%s\t%s\t%s\t%s\t%s\n" % (name, kind, expected or "-", path, tpath))
    return 0


def cmd_batch(a):
    """Run many sub-commands in one process: each input line is a JSON array
    of arguments; each output line is {"rc", "stdout", "error"}."""
    import contextlib
    import io
    import traceback
    with open(a.file, encoding="utf-8") as f, \
            open(a.out, "w", encoding="utf-8") as out:
        for line in f:
            if not line.strip():
                continue
            argv = json.loads(line)
            buf = io.StringIO()
            err = ""
            try:
                with contextlib.redirect_stdout(buf):
                    rc = main(argv)
            except SystemExit as e:
                rc = e.code if isinstance(e.code, int) else 2
            except Exception:                       # a crash is a finding
                rc, err = 99, traceback.format_exc()
            out.write(json.dumps({"rc": rc, "stdout": buf.getvalue(),
                                  "error": err}) + "\n")
    return 0


def cmd_body_info(a):
    """How a QS1 text's body was sent, and whether that obeys section 1
    (the zlib form only when it is shorter than the raw COSE)."""
    body = b45decode(a.text[4:]) if a.text.startswith("QS1:") else b""
    cose = body_to_cose(body)
    form = "zlib" if body[:1] == b"\x78" else "raw"
    ok = form == "raw" or len(body) < len(cose)
    print(json.dumps({"form": form, "body_len": len(body), "cose_len": len(cose),
                      "zlib9_len": len(zlib.compress(cose, 9)), "ok": ok}))
    return 0 if ok else 1


def cmd_pub(a):
    print(ed25519_public(_hex(a.seed, 32)).hex())
    return 0


def cmd_selftest(_a):
    # RFC 9285 examples
    assert b45encode(b"AB") == "BB8"
    assert b45encode(b"Hello!!") == "%69 VD92EX0"
    assert b45encode(b"base-45") == "UJCLQE7W581"
    assert b45decode("QED8WEX0") == b"ietf!"
    for bad in ("GGW", "A", "aa", "::"):
        try:
            b45decode(bad)
        except Malformed:
            continue
        raise AssertionError(bad)
    assert len(SMALL_ORDER_POINTS) == 8 and len(set(SMALL_ORDER_POINTS)) == 8
    for e in SMALL_ORDER_POINTS:
        assert _pt_is_identity(_pt_mul(8, point_decode(e)))
    seed = hashlib.sha256(b"selftest").digest()
    pub = ed25519_public(seed)
    assert _pt_is_identity(_pt_mul(L, point_decode(pub)))
    msg = b"m"
    sig = ed25519_sign(seed, msg)
    assert ed25519_verify(pub, sig, msg)
    assert not ed25519_verify(pub, sig[:32] + (int.from_bytes(sig[32:], "little") + L)
                              .to_bytes(32, "little"), msg)
    # strict CBOR
    for bad in (b"\x18\x01", b"\x19\x00\x01", b"\xbf\xff", b"\xa2\x01\x00\x01\x00",
                b"\xa2\x02\x00\x01\x00", b"\xf9\x3c\x00", b"\x00\x00", b"\xc1\x00",
                b"\x61\xff", b"\x1c"):
        try:
            cbor_decode(bad)
        except Malformed:
            continue
        raise AssertionError(bad.hex())
    assert cbor_encode({-65537: 0, 1: 0, 8: 0}).hex() == "a301000800" + "3a0001000000"
    assert cbor_decode(cbor_encode(_nest(8))) == _nest(8)
    root = hashlib.sha256(b"root").digest()
    rpub = ed25519_public(root)
    lst = lambda seq, nu=100: sign_list(root, trust_payload([(pub, "X", 0, 9)], seq, 1, nu), "trust")
    r5, held = load_list(lst(5), "trust", [rpub])
    assert r5 == "list_accepted"
    assert load_list(lst(5), "trust", [rpub], held)[0] == "list_unchanged"
    assert load_list(lst(5, 101), "trust", [rpub], held)[0] == "list_rollback"
    assert load_list(lst(4), "trust", [rpub], held)[0] == "list_rollback"
    assert load_list(lst(6), "trust", [rpub], held)[0] == "list_accepted"
    assert load_list(lst(6), "trust", [pub])[0] == "list_malformed"          # entry is a pinned root
    assert load_list(lst(6), "trust", [ed25519_public(seed[::-1])])[0] == "list_unknown_root"
    assert load_list(lst(6), "revocation", [rpub])[0] == "list_malformed"
    assert point_encode(_pt_mul(_secret_scalar(seed), _B)) == pub
    mixed = mixed_order_key(seed)
    assert key_acceptable(mixed)
    assert ed25519_verify(mixed, sign_for_mixed_key(seed, mixed, msg), msg)
    print("selftest ok (%d small-order points)" % len(SMALL_ORDER_POINTS))
    return 0


def main(argv=None):
    ap = argparse.ArgumentParser(prog="qrseal_ref.py", description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)

    v = sub.add_parser("verify", help="verify a QS1/QL1 text; prints JSON {outcome, warnings, ...}")
    v.add_argument("--root", action="append", required=True, help="pinned root public key, 64 hex")
    v.add_argument("--trust", required=True)
    v.add_argument("--revocations")
    v.add_argument("--now", required=True)
    v.add_argument("--skew", default="300")
    v.add_argument("--window", default="60")
    v.add_argument("--accept")
    v.add_argument("--max-test-age")
    v.add_argument("--require-live", action="store_true")
    v.add_argument("--max-stale")
    v.add_argument("--max-validity")
    v.add_argument("--reject-clock-behind", action="store_true")
    v.add_argument("text")
    v.set_defaults(fn=cmd_verify)

    i = sub.add_parser("issue", help="sign a credential, print QS1 text")
    i.add_argument("--seed", required=True)
    i.add_argument("--iss", required=True)
    i.add_argument("--claims", required=True, help="JSON text or file (status profile fields, cti, nbf)")
    i.add_argument("--iat", type=int, required=True)
    i.add_argument("--exp", type=int, required=True)
    i.add_argument("--holder-pub")
    i.add_argument("--no-compress", action="store_true")
    i.set_defaults(fn=cmd_issue)

    li = sub.add_parser("live", help="make a QL1 live code")
    li.add_argument("--seed", required=True, help="holder seed, 64 hex")
    li.add_argument("--cred", required=True)
    li.add_argument("--t", type=int, required=True)
    li.set_defaults(fn=cmd_live)

    t = sub.add_parser("trust-build", help="sign a trust list")
    t.add_argument("--root-seed", required=True)
    t.add_argument("--entry", action="append", default=[], help="PUBHEX,ISS,NOT_BEFORE,NOT_AFTER")
    t.add_argument("--seq", type=int, required=True)
    t.add_argument("--issued-at", type=int, required=True)
    t.add_argument("--next-update", type=int, required=True)
    t.add_argument("--policy-accept")
    t.add_argument("--policy-max-test-age")
    t.add_argument("--policy-require-live", action="store_true")
    t.add_argument("--policy-max-stale")
    t.add_argument("--policy-max-validity")
    t.add_argument("--out", required=True)
    t.set_defaults(fn=cmd_trust_build)

    r = sub.add_parser("revoke", help="sign a revocation list")
    r.add_argument("--root-seed", required=True)
    r.add_argument("--cti", nargs="*", default=[])
    r.add_argument("--seq", type=int, required=True)
    r.add_argument("--issued-at", type=int, required=True)
    r.add_argument("--next-update", type=int, required=True)
    r.add_argument("--out", required=True)
    r.set_defaults(fn=cmd_revoke)

    va = sub.add_parser("variants", help="write broken/edge credential variants as JSON lines")
    va.add_argument("--seed", required=True)
    va.add_argument("--holder-seed", required=True)
    va.add_argument("--other-seed", required=True)
    va.add_argument("--iss", required=True)
    va.add_argument("--iat", type=int, required=True)
    va.add_argument("--exp", type=int, required=True)
    va.add_argument("--now", type=int, required=True)
    va.add_argument("--out", required=True)
    va.set_defaults(fn=cmd_variants)

    lv = sub.add_parser("list-variants", help="write trust/revocation list variants")
    lv.add_argument("--root-seed", required=True)
    lv.add_argument("--other-root-seed", required=True)
    lv.add_argument("--issuer-seed", required=True)
    lv.add_argument("--cred-iat", type=int, required=True)
    lv.add_argument("--cred-exp", type=int, required=True)
    lv.add_argument("--iss", required=True)
    lv.add_argument("--issued-at", type=int, required=True)
    lv.add_argument("--next-update", type=int, required=True)
    lv.add_argument("--outdir", required=True)
    lv.set_defaults(fn=cmd_list_variants)

    bi = sub.add_parser("body-info", help="body form of a QS1 text and whether it obeys section 1")
    bi.add_argument("text")
    bi.set_defaults(fn=cmd_body_info)

    p = sub.add_parser("pub", help="public key hex of a seed")
    p.add_argument("--seed", required=True)
    p.set_defaults(fn=cmd_pub)

    b = sub.add_parser("batch", help="run JSON-lines of sub-command argument arrays")
    b.add_argument("file")
    b.add_argument("--out", required=True)
    b.set_defaults(fn=cmd_batch)

    s = sub.add_parser("selftest")
    s.set_defaults(fn=cmd_selftest)

    a = ap.parse_args(argv)
    return a.fn(a)


if __name__ == "__main__":
    sys.exit(main())
