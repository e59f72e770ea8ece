#!/usr/bin/env python3
"""Generate a deterministic tree of mixed files for the zip benchmark.

Usage: make_tree.py OUT_DIR [TOTAL_MB]

The mix resembles a folder of case files: XML and CSV text (compresses well), office-like
documents and photos (already compressed, random bytes), and logs with repeated lines.
"""
import os
import random
import sys

out = sys.argv[1]
total = int(sys.argv[2]) if len(sys.argv) > 2 else 200
rng = random.Random(20241122)
words = ["医保", "基金", "检查", "定点", "医院", "药店", "整改", "合规", "record", "item", "amount", "2024", "<w:t>", "</w:t>"]
budget = total << 20
index = 0
while budget > 0:
    kind = rng.choices(["xml", "csv", "bin", "log"], weights=[4, 3, 2, 1])[0]
    size = min(budget, int(rng.lognormvariate(10.5, 1.6)) + 200)  # median ~36 KB, a long tail into MBs
    folder = os.path.join(out, f"case{index // 50:03d}")
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, f"file{index:05d}.{kind}")
    if kind == "bin":
        data = rng.randbytes(size)
    elif kind == "log":
        line = f"{index} 2024-03-01T08:00:00 audit ok " * 3 + "\n"
        data = (line * (size // len(line) + 1)).encode()[:size]
    else:
        parts, length = [], 0
        while length < size:
            piece = " ".join(rng.choice(words) for _ in range(12)) + f",{rng.randint(0, 99999)}\n"
            parts.append(piece)
            length += len(piece.encode())
        data = "".join(parts).encode()[:size]
    with open(path, "wb") as handle:
        handle.write(data)
    budget -= size
    index += 1
print(f"{index} files, {total} MB in {out}")
