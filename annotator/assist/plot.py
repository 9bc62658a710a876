"""A small PNG line plot (dev F over steps, F over corpus size), standard library only.

matplotlib is not a dependency and Qt may not be imported outside the window,
so the plot is drawn into a pixel buffer and written with ``zlib``: axes, a
grid at F = 0.25/0.5/0.75, one coloured line per series and tick numbers in a
3x5 pixel font. The series names go in the report beside the file (colour
order: ``COLOURS``).
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Mapping, Sequence
from pathlib import Path

COLOURS = [(31, 119, 180), (214, 39, 40), (44, 160, 44), (148, 103, 189), (255, 127, 14), (23, 190, 207)]
_DIGITS = {
    "0": "111101101101111",
    "1": "010110010010111",
    "2": "111001111100111",
    "3": "111001111001111",
    "4": "101101111001001",
    "5": "111100111001111",
    "6": "111100111101111",
    "7": "111001001001001",
    "8": "111101111101111",
    "9": "111101111001111",
    ".": "000000000000010",
    "%": "101001010100101",
}


class _Canvas:
    def __init__(self, width: int, height: int) -> None:
        self.w, self.h = width, height
        self.px = bytearray(b"\xff" * (width * height * 3))

    def dot(self, x: int, y: int, rgb: tuple[int, int, int]) -> None:
        if 0 <= x < self.w and 0 <= y < self.h:
            i = (y * self.w + x) * 3
            self.px[i : i + 3] = bytes(rgb)

    def line(self, x0: int, y0: int, x1: int, y1: int, rgb: tuple[int, int, int], thick: int = 1) -> None:
        n = max(abs(x1 - x0), abs(y1 - y0), 1)
        for i in range(n + 1):
            x, y = round(x0 + (x1 - x0) * i / n), round(y0 + (y1 - y0) * i / n)
            for dx in range(thick):
                for dy in range(thick):
                    self.dot(x + dx, y + dy, rgb)

    def text(self, x: int, y: int, s: str, rgb: tuple[int, int, int] = (60, 60, 60), scale: int = 2) -> None:
        for ch in s:
            bits = _DIGITS.get(ch)
            if bits is not None:
                for i, b in enumerate(bits):
                    if b == "1":
                        for dx in range(scale):
                            for dy in range(scale):
                                self.dot(x + (i % 3) * scale + dx, y + (i // 3) * scale + dy, rgb)
            x += 4 * scale

    def png(self) -> bytes:
        raw = b"".join(b"\x00" + bytes(self.px[y * self.w * 3 : (y + 1) * self.w * 3]) for y in range(self.h))

        def chunk(kind: bytes, data: bytes) -> bytes:
            return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

        head = struct.pack(">IIBBBBB", self.w, self.h, 8, 2, 0, 0, 0)
        return (
            b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", head)
            + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b"")
        )


def line_plot(
    path: str | Path,
    series: Mapping[str, Sequence[tuple[float, float]]],
    *,
    width: int = 560,
    height: int = 320,
    x_suffix: str = "",
) -> Path:
    """Write ``series`` (name -> [(x, y)], y in 0..1) as a PNG at ``path``; returns the path."""
    c = _Canvas(width, height)
    left, right, top, bottom = 44, width - 16, 14, height - 28
    xs = [x for points in series.values() for x, _ in points] or [0.0, 1.0]
    x_lo, x_hi = min(xs), max(xs)
    if x_hi == x_lo:
        x_hi = x_lo + 1

    def at(x: float, y: float) -> tuple[int, int]:
        px = left + (x - x_lo) / (x_hi - x_lo) * (right - left)
        py = bottom - max(0.0, min(1.0, y)) * (bottom - top)
        return round(px), round(py)

    for frac in (0.25, 0.5, 0.75, 1.0):
        y = at(x_lo, frac)[1]
        c.line(left, y, right, y, (225, 225, 225))
        c.text(4, y - 5, f"{frac:.2f}")
    c.line(left, top, left, bottom, (90, 90, 90))
    c.line(left, bottom, right, bottom, (90, 90, 90))
    c.text(4, bottom - 5, "0.00")
    c.text(left, bottom + 8, f"{x_lo:g}{x_suffix}")
    label = f"{x_hi:g}{x_suffix}"
    c.text(right - 8 * len(label), bottom + 8, label)
    for n, points in enumerate(series.values()):
        rgb = COLOURS[n % len(COLOURS)]
        pts = [at(x, y) for x, y in sorted(points)]
        for (x0, y0), (x1, y1) in zip(pts, pts[1:], strict=False):
            c.line(x0, y0, x1, y1, rgb, thick=2)
        if len(pts) < 12:  # few points (a curve over corpus sizes): mark each
            for x, y in pts:
                c.line(x - 2, y - 2, x + 2, y - 2, rgb, thick=4)
    out = Path(path)
    out.write_bytes(c.png())
    return out
