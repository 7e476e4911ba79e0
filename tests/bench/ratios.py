#!/usr/bin/env python3
"""Turns Google Benchmark JSON (with median aggregates) into the table of ratios."""
import json
import sys

PAIRS = [
    # (what, ours, bare, goal, kind): kind "rate" means ours/bare as a rate (higher is better),
    # "time" means ours/bare as a time multiple (lower is better).
    ("verify QS1 -> outcome", "BM_verify_qs1", "BM_bare_verify", ">= 0.90 of bare rate", "rate"),
    ("verify QL1 (two signatures)", "BM_verify_ql1", "BM_bare_verify_twice", ">= 0.90 of bare rate", "rate"),
    ("issue (sign + self-check)", "BM_issue_credential", "BM_bare_sign_and_verify", ">= 0.90 of bare rate", "rate"),
    ("scan+verify 640x480", "BM_scan_verify/0", "BM_bare_zxing/0", "<= 1.10x bare ZXing", "time"),
    ("scan+verify 1280x720", "BM_scan_verify/1", "BM_bare_zxing/1", "<= 1.10x bare ZXing", "time"),
    ("scan 640x480, no code", "BM_scan_verify/2", "BM_bare_zxing/2", "(cost of the inverted pass)", "time"),
    ("QR matrix", "BM_encode_qr", "BM_bare_qrencode", "~1.0x", "time"),
]
# A camera stream of 10 frames, 9 of a scene without a code and 1 with a code, against bare ZXing
# on the same 10 frames: frame_stream (the camera path), and verify_frame on every frame.
SCENES = ["desk", "printed text", "textured noise"]
for arg in range(6):
    scene, size = SCENES[arg // 2], ("640x480", "1280x720")[arg % 2]
    PAIRS.append((f"camera stream {size}, {scene}, code in 1 frame of 10", f"BM_stream_verify/{arg}",
                  f"BM_bare_zxing_stream/{arg}", "<= 1.5x bare ZXing", "time"))
for arg in range(6):
    scene, size = SCENES[arg // 2], ("640x480", "1280x720")[arg % 2]
    PAIRS.append((f"verify_frame on each frame, {size}, {scene}", f"BM_frame_verify_stream/{arg}",
                  f"BM_bare_zxing_stream/{arg}", "(every pass; for comparison)", "time"))
SINGLES = [
    ("Base45 encode", "BM_base45_encode"),
    ("Base45 decode", "BM_base45_decode"),
    ("strict CBOR decode (COSE + claims)", "BM_strict_cbor_decode_credential"),
    ("revocation lookup, 10^4 entries", "BM_revocation_lookup/10000"),
    ("revocation lookup, 10^6 entries", "BM_revocation_lookup/1000000"),
    ("revocation lookup, 10^7 entries", "BM_revocation_lookup/10000000"),
    ("revocation list load, 10^4", "BM_revocation_list_load/10000"),
    ("revocation list load, 10^6", "BM_revocation_list_load/1000000"),
    ("revocation list load, 10^7", "BM_revocation_list_load/10000000"),
    ("render credential to PNG", "BM_render_png"),
]
UNIT = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}


def medians(path):
    data = json.load(open(path))
    out = {}
    for b in data["benchmarks"]:
        name = b.get("run_name", b["name"]).split("/iterations:")[0]
        if b.get("aggregate_name", "median") != "median":
            continue
        out[name] = b["real_time"] * UNIT[b["time_unit"]]
        out["cpu:" + name] = b["cpu_time"] * UNIT[b["time_unit"]]
    return out, data.get("context", {})


def fmt(seconds):
    for unit, scale in (("s", 1), ("ms", 1e-3), ("us", 1e-6), ("ns", 1e-9)):
        if seconds >= scale:
            return f"{seconds / scale:.2f} {unit}"
    return f"{seconds * 1e9:.2f} ns"


def main():
    m, ctx = medians(sys.argv[1])
    print(f"machine: {ctx.get('num_cpus', '?')} CPUs @ {ctx.get('mhz_per_cpu', '?')} MHz, load {ctx.get('load_avg', '?')}")
    print()
    # The CPU-time ratio beside the wall-clock one: on a loaded machine the single-threaded
    # paths wait for a core, and CPU time is the steadier measure of their work.
    print("| path | ours | bare | ratio | ratio (CPU time) | goal |")
    print("|---|---:|---:|---:|---:|---|")
    for what, ours, bare, goal, kind in PAIRS:
        if ours not in m or bare not in m:
            continue
        labels = []
        for a, b in ((m[ours], m[bare]), (m["cpu:" + ours], m["cpu:" + bare])):
            ratio = b / a if kind == "rate" else a / b
            labels.append(f"{ratio:.2f} of bare rate" if kind == "rate" else f"{ratio:.2f}x")
        print(f"| {what} | {fmt(m[ours])} | {fmt(m[bare])} | {labels[0]} | {labels[1]} | {goal} |")
    print()
    verify = m.get("BM_bare_verify")
    print("| path | time | share of one bare verify |")
    print("|---|---:|---:|")
    for what, name in SINGLES:
        if name in m:
            share = f"{100 * m[name] / verify:.1f} %" if verify else "-"
            print(f"| {what} | {fmt(m[name])} | {share} |")


if __name__ == "__main__":
    main()
