#!/usr/bin/env python3
"""Writes N dossier folders for bench/archive: each has five documents of 20–60 KB (PDF-headed) and two
300 KB photos (JPEG-headed), incompressible like the real ones, and a metadata.json (~820 KB a dossier).

usage: make_dossiers.py N OUT_FOLDER"""
import json
import os
import random
import sys

count, out = int(sys.argv[1]), sys.argv[2]
rng = random.Random(2024)
for n in range(1, count + 1):
    folder = os.path.join(out, f"{n:05d}")
    os.makedirs(folder, exist_ok=True)
    for d in range(5):
        size = rng.randint(20, 60) * 1024
        with open(os.path.join(folder, f"文书{d + 1}.pdf"), "wb") as f:
            f.write(b"%PDF-1.7\n" + rng.randbytes(size - 9))
    for p in range(2):
        with open(os.path.join(folder, f"照片{p + 1}.jpg"), "wb") as f:
            f.write(b"\xff\xd8\xff\xe0" + rng.randbytes(300 * 1024 - 4))
    meta = {"档号": f"J045-JC·2024-D30-{n:04d}", "题名": f"定点医药机构{n}抽查卷宗（2024年度）", "责任者": "某市医疗保障局",
            "起始日期": "2024-03-01", "终止日期": "2024-06-30", "保管期限": "30年", "到期日期": "2055-01-01"}
    with open(os.path.join(folder, "metadata.json"), "w", encoding="utf-8") as f:
        json.dump(meta, f, ensure_ascii=False)
