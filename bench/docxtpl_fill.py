#!/usr/bin/env python3
"""The peer: fill notice_docxtpl.docx once per record with docxtpl, one core.
Usage: docxtpl_fill.py TEMPLATE RECORDS.jsonl OUT_DIR"""
import json
import os
import sys
import time

from docxtpl import DocxTemplate

template, records, out = sys.argv[1:4]
os.makedirs(out, exist_ok=True)
rows = [json.loads(line) for line in open(records, encoding="utf-8") if line.strip()]
start = time.perf_counter()
for record in rows:
    document = DocxTemplate(template)  # docxtpl cannot reuse a rendered template
    document.render(record)
    document.save(os.path.join(out, record["id"] + ".docx"))
elapsed = time.perf_counter() - start
print(f"{len(rows)} {elapsed:.3f}")
