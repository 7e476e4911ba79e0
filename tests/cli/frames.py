#!/usr/bin/env python3
"""Writes raw camera-like frames to stdout for `qrseal scan --frames`: an 8-bit grey PNG code
pasted on a lit, noisy background; every third frame has no code. Standard library only.

usage: frames.py CODE.png COUNT WIDTH HEIGHT gray|yuyv|nv12 [--invert]
"""
import random
import struct
import sys
import zlib


def read_gray_png(path):
    data = open(path, "rb").read()
    pos, idat, width, height = 8, b"", 0, 0
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos:pos + 4])
        kind, chunk = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8 and colour == 0, "needs an 8-bit grey PNG"
        elif kind == b"IDAT":
            idat += chunk
    raw, rows, prev = zlib.decompress(idat), [], bytearray(width)
    for y in range(height):
        kind = raw[y * (width + 1)]
        line = bytearray(raw[y * (width + 1) + 1:(y + 1) * (width + 1)])
        for x in range(width):
            a = line[x - 1] if x else 0
            b = prev[x]
            c = prev[x - 1] if x else 0
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return width, height, rows


def main():
    png, count, width, height, fmt = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    invert = "--invert" in sys.argv
    cw, ch, rows = read_gray_png(png)
    rnd = random.Random(7)
    background = bytes(min(255, 150 + 80 * x // width + rnd.randrange(8)) for x in range(width))
    out = sys.stdout.buffer
    for i in range(count):
        frame = bytearray(background * height)
        if i % 3 != 2:
            ox, oy = (width - cw) // 2 + (i % 5) - 2, (height - ch) // 2
            for y in range(ch):
                row = rows[y] if not invert else bytes(255 - v for v in rows[y])
                frame[(oy + y) * width + ox:(oy + y) * width + ox + cw] = row
        if fmt == "gray":
            out.write(frame)
        elif fmt == "yuyv":
            packed = bytearray(len(frame) * 2)
            packed[0::2] = frame
            packed[1::2] = b"\x80" * len(frame)
            out.write(packed)
        elif fmt == "nv12":
            out.write(frame + b"\x80" * (len(frame) // 2))
    out.flush()


if __name__ == "__main__":
    main()
