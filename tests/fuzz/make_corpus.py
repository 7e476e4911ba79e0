#!/usr/bin/env python3
"""Writes the seed corpora tests/fuzz/corpus/<target>/ from real outputs: the conformance
vectors (vectors/cases, vectors/lists, vectors/keys, vectors/images) and key files made by the
qrseal CLI. Run it again only to refresh the seeds:

    python3 tests/fuzz/make_corpus.py build/qrseal
"""
import glob
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
out = os.path.join(root, "tests", "fuzz", "corpus")
cli = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(root, "build", "qrseal")


def put(target, data):
    if isinstance(data, str):
        data = data.encode()
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()[:16]), "wb") as f:
        f.write(data)


shutil.rmtree(out, ignore_errors=True)
cases = [json.load(open(p)) for p in sorted(glob.glob(os.path.join(root, "vectors/cases/*.json")))]
for i, case in enumerate(cases):
    layers = case.get("layers") or {}
    text = layers.get("text") or (case.get("input") or {}).get("text")
    if text:
        # Every credential, live code and QT1 text reaches the whole verify path.
        put("fuzz_verify", text)
        if i % 4 == 0 and ":" in text:
            put("fuzz_base45", text.split(":", 1)[1])
    for key, targets in (("cose_hex", ["fuzz_cose", "fuzz_cbor", "fuzz_cbor_differential", "fuzz_cbor_heads"]),
                         ("payload_hex", ["fuzz_claims", "fuzz_cbor", "fuzz_cbor_differential", "fuzz_cbor_heads"]),
                         ("live_array_hex", ["fuzz_cbor", "fuzz_cbor_differential", "fuzz_cbor_heads"])):
        value = layers.get(key)
        if value and i % 3 == 0:
            for t in targets:
                put(t, bytes.fromhex(value))
    claims = layers.get("claims")
    if claims and i % 6 == 0:
        put("fuzz_claims_json", json.dumps(claims, ensure_ascii=False))

for path in sorted(glob.glob(os.path.join(root, "vectors/lists/*.cose"))):
    data = open(path, "rb").read()
    put("fuzz_lists", data)
    if "current" in path:
        put("fuzz_cbor", data)
        put("fuzz_cbor_differential", data)
        put("fuzz_cbor_heads", data)
        put("fuzz_cose", data)

for path in sorted(glob.glob(os.path.join(root, "vectors/keys/*.pub"))):
    put("fuzz_key_file", open(path, "rb").read())

# Small pictures only (the image target skips inputs over 64 KiB).
for path in sorted(glob.glob(os.path.join(root, "vectors/images/*.png"))):
    data = open(path, "rb").read()
    if len(data) <= 16 * 1024:
        put("fuzz_image", data)

# Secret key files and PEMs from the CLI: unencrypted, and encrypted with the interactive preset.
with tempfile.TemporaryDirectory() as tmp:
    def run(*args):
        subprocess.run([cli, *args], cwd=tmp, check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(tmp, "pw"), "w") as f:
        f.write("correct horse battery staple\n")
    run("keygen", "--out", "plain", "--no-passphrase")
    run("keygen", "--out", "locked", "--passphrase-file", "pw", "--kdf", "interactive")
    run("key", "export-pem", "--in", "plain.key", "--out", "plain-secret.pem")
    run("key", "export-pem", "--in", "plain.pub", "--out", "plain-public.pem")
    for name in ("plain.key", "plain.pub", "locked.key", "plain-secret.pem", "plain-public.pem"):
        put("fuzz_key_file", open(os.path.join(tmp, name), "rb").read())

total = sum(os.path.getsize(p) for p in glob.glob(os.path.join(out, "*", "*")))
print(f"{len(glob.glob(os.path.join(out, '*', '*')))} seeds, {total} bytes")
