#!/usr/bin/env python3
"""Writes a Y4M video (a fake camera for Chromium's --use-file-for-fake-video-capture): each
segment is a QR code picture (an 8-bit grey PNG, as `qrseal render` and `qrencode` write) shown
for some frames on a lit, slightly noisy background, or blank frames between codes.
Standard library only.

usage: y4m.py OUT.y4m WIDTH HEIGHT FPS SEGMENT...
  SEGMENT: CODE.png:FRAMES  or  blank:FRAMES
"""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
from frames import read_gray_png  # noqa: E402  (the CLI tests' PNG reader)


def code_frame(png, width, height):
    pw, ph, rows = png
    side = int(min(width, height) * 0.9)
    scale = side / max(pw, ph)
    out = bytearray(width * height)
    ox, oy = (width - side) // 2, (height - side) // 2
    for y in range(height):
        base = y * width
        for x in range(width):
            out[base + x] = 200 - (x + y) * 40 // (width + height)  # a lit wall, darker to one side
    for y in range(side):
        src = rows[min(ph - 1, int(y / scale))]
        base = (oy + y) * width + ox
        for x in range(side):
            v = src[min(pw - 1, int(x / scale))]
            out[base + x] = 30 if v < 128 else 225
    return out


def noisy(frame, rng):
    f = bytearray(frame)
    for i in range(0, len(f), 97):
        f[i] = max(0, min(255, f[i] + rng.randint(-12, 12)))
    return f


def main():
    if len(sys.argv) < 6:
        sys.exit(__doc__)
    out, width, height, fps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    rng = random.Random(7)
    chroma = bytes([128]) * (width // 2 * height // 2 * 2)
    blank = bytearray([190]) * (width * height)
    with open(out, "wb") as f:
        f.write(f"YUV4MPEG2 W{width} H{height} F{fps}:1 Ip A1:1 C420jpeg\n".encode())
        for segment in sys.argv[5:]:
            what, count = segment.rsplit(":", 1)
            frame = blank if what == "blank" else code_frame(read_gray_png(what), width, height)
            for _ in range(int(count)):
                f.write(b"FRAME\n")
                f.write(noisy(frame, rng))
                f.write(chroma)


if __name__ == "__main__":
    main()
