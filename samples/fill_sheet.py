#!/usr/bin/env python3
"""For the walkthrough only: fills a 结果登记表 the way a clerk would in Excel or WPS for visits where
nothing was found — 处理意见 符合要求, 签字人 负责人 — in every row still blank, and writes it back as it
came (UTF-8 with a BOM). In real work the clerk fills the sheet by hand.

    python3 samples/fill_sheet.py 结果登记表.csv
"""
import csv
import sys

path = sys.argv[1]
with open(path, encoding="utf-8-sig", newline="") as source:
    rows = list(csv.reader(source))
header, body = rows[0], rows[1:]
outcome, signer = header.index("处理意见"), header.index("签字人")
for row in body:
    if not row[outcome]:
        row[outcome] = "符合要求"
    if not row[signer]:
        row[signer] = "负责人"
with open(path, "w", encoding="utf-8-sig", newline="") as target:
    csv.writer(target, lineterminator="\r\n").writerows([header] + body)
print(f"已填写 {len(body)} 行：{path}")
