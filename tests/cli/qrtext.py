#!/usr/bin/env python3
"""Helper for the CLI tests: Base45 (RFC 9285) and small, deliberate edits of QS1:/QL1: texts.

The tests use it to make inputs the CLI itself refuses to make (a broken signature, another
alg, a live code signed by the wrong key) and to make the mutated texts of the robustness test.
Written for these tests; it checks nothing itself.

  qrtext.py body TEXT                  -> hex of the bytes after the prefix
  qrtext.py encode PREFIX HEX          -> PREFIX + Base45(bytes)
  qrtext.py xor TEXT INDEX MASK        -> TEXT with body byte INDEX (negative: from the end) ^ MASK
  qrtext.py live-sig LIVE_A LIVE_B     -> LIVE_A with the 64-byte signature of LIVE_B
  qrtext.py live-cred LIVE CRED        -> LIVE with its credential replaced by CRED's raw COSE
  qrtext.py mutate SEED COUNT DIR TEXT...  -> COUNT files DIR/NNN.txt of mutated texts
"""
import random
import sys
import zlib

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"


def b45encode(data: bytes) -> str:
    out = []
    for i in range(0, len(data) - 1, 2):
        n = data[i] * 256 + data[i + 1]
        n, c = divmod(n, 45)
        e, d = divmod(n, 45)
        out += [ALPHABET[c], ALPHABET[d], ALPHABET[e]]
    if len(data) % 2:
        e, d = divmod(data[-1], 45)
        out += [ALPHABET[d], ALPHABET[e]]
    return "".join(out)


def b45decode(text: str) -> bytes:
    values = [ALPHABET.index(ch) for ch in text]
    out = bytearray()
    for i in range(0, len(values), 3):
        group = values[i:i + 3]
        if len(group) == 3:
            out += (group[0] + group[1] * 45 + group[2] * 2025).to_bytes(2, "big")
        elif len(group) == 2:
            out.append(group[0] + group[1] * 45)
        else:
            raise ValueError("dangling Base45 character")
    return bytes(out)


def split(text: str):
    return text[:4], b45decode(text[4:])


def cbor_head(data: bytes, pos: int):
    """(major type, argument, position after the head) of the CBOR item at pos."""
    first = data[pos]
    major, info = first >> 5, first & 31
    if info < 24:
        return major, info, pos + 1
    width = {24: 1, 25: 2, 26: 4, 27: 8}[info]
    return major, int.from_bytes(data[pos + 1:pos + 1 + width], "big"), pos + 1 + width


def cbor_bstr(content: bytes) -> bytes:
    n = len(content)
    if n < 24:
        head = bytes([0x40 + n])
    elif n < 256:
        head = bytes([0x58, n])
    else:
        head = bytes([0x59]) + n.to_bytes(2, "big")
    return head + content


def live_parts(text: str):
    prefix, body = split(text)
    assert prefix == "QL1:" and body[0] == 0x83, "not a live code"
    _, length, pos = cbor_head(body, 1)
    cred = body[pos:pos + length]
    rest = body[pos + length:]  # t, then the signature bstr
    return cred, rest


def mutate(rng: random.Random, seeds):
    text = rng.choice(seeds)
    prefix, body = split(text)
    kind = rng.randrange(10)
    if kind == 0:  # truncate the text
        return text[:rng.randrange(len(text))]
    if kind == 1:  # replace one character by another of the alphabet (or any printable one)
        i = rng.randrange(len(text))
        pool = ALPHABET if rng.random() < 0.8 else "abcxyz!#\"'\\\t~\u00e9\u5f20"
        return text[:i] + rng.choice(pool) + text[i + 1:]
    if kind == 2:  # delete or insert a character
        i = rng.randrange(len(text))
        if rng.random() < 0.5:
            return text[:i] + text[i + 1:]
        return text[:i] + rng.choice(ALPHABET) + text[i:]
    if kind == 3:  # random Base45 after a valid prefix
        n = rng.randrange(0, 400)
        return rng.choice(["QS1:", "QL1:", "QT1:"]) + "".join(rng.choice(ALPHABET) for _ in range(n))
    if kind == 4:  # random well-formed Base45 of random bytes
        data = bytes(rng.randrange(256) for _ in range(rng.randrange(0, 300)))
        if data and rng.random() < 0.5:
            data = bytes([rng.choice([0xD2, 0x78, 0x83])]) + data[1:]
        return rng.choice(["QS1:", "QL1:"]) + b45encode(data)
    if kind in (5, 6):  # flip bits in the decoded body: reaches the CBOR, COSE and claims parsers
        data = bytearray(body)
        for _ in range(rng.randrange(1, 4)):
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        return prefix + b45encode(bytes(data))
    if kind == 7:  # truncate or extend the decoded body
        data = body[:rng.randrange(len(body))] if rng.random() < 0.6 else body + bytes(
            rng.randrange(256) for _ in range(rng.randrange(1, 9)))
        return prefix + b45encode(data)
    if kind == 8:  # zlib of a (possibly damaged) COSE body, with or without trailing bytes
        data = bytearray(body)
        if rng.random() < 0.7:
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        z = zlib.compress(bytes(data), rng.randrange(0, 10))
        if rng.random() < 0.3:
            z = z[:rng.randrange(len(z))]
        elif rng.random() < 0.3:
            z += b"\x00"
        return "QS1:" + b45encode(z)
    # kind 9: overlong text, or one changed byte of the signature area
    if rng.random() < 0.3:
        return text + "0" * rng.randrange(4296, 5000)
    data = bytearray(body)
    data[-rng.randrange(1, 66)] ^= 0xFF
    return prefix + b45encode(bytes(data))


def main(argv):
    cmd = argv[1]
    if cmd == "body":
        print(split(argv[2])[1].hex())
    elif cmd == "encode":
        print(argv[2] + b45encode(bytes.fromhex(argv[3])))
    elif cmd == "xor":
        prefix, body = split(argv[2])
        data = bytearray(body)
        data[int(argv[3])] ^= int(argv[4], 0)
        print(prefix + b45encode(bytes(data)))
    elif cmd == "live-sig":
        _, body_a = split(argv[2])
        _, body_b = split(argv[3])
        print("QL1:" + b45encode(body_a[:-64] + body_b[-64:]))
    elif cmd == "live-cred":
        _, rest = live_parts(argv[2])
        prefix, cose = split(argv[3])
        assert prefix == "QS1:" and cose[0] == 0xD2, "need a raw QS1: credential (--no-compress)"
        print("QL1:" + b45encode(b"\x83" + cbor_bstr(cose) + rest))
    elif cmd == "mutate":
        rng = random.Random(int(argv[2]))
        count, outdir, seeds = int(argv[3]), argv[4], argv[5:]
        for n in range(count):
            with open(f"{outdir}/{n:03d}.txt", "w", encoding="utf-8") as f:
                f.write(mutate(rng, seeds))
    else:
        sys.exit("unknown command " + cmd)


if __name__ == "__main__":
    main(sys.argv)
