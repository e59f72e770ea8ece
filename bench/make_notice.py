#!/usr/bin/env python3
"""Make the bench notice twice — our tag language and docxtpl's Jinja — with the same layout,
plus the records to fill them with.

Usage: make_notice.py OUT_DIR RECORDS [ROWS]
Writes notice.docx (ours), notice_docxtpl.docx (peer), records.jsonl and records.json.
"""
import json
import os
import random
import sys

import docx

out, count = sys.argv[1], int(sys.argv[2])
rows = int(sys.argv[3]) if len(sys.argv) > 3 else 20
os.makedirs(out, exist_ok=True)
fields = ["doc_no", "org", "code", "address", "basis", "date", "leader", "amount"]


def build(path, value, row_open, row_close, cells):
    d = docx.Document()
    d.add_heading("检查告知书", level=1)
    d.add_paragraph("文号：" + value("doc_no"))
    d.add_paragraph(value("org") + "（统一社会信用代码：" + value("code") + "）：")
    d.add_paragraph("地址：" + value("address"))
    d.add_paragraph("根据" + value("basis") + "，我局定于" + value("date") + "对你单位开展医疗保障基金使用情况检查。")
    d.add_paragraph("检查组组长：" + value("leader") + "；涉及金额：" + value("amount") + "元。")
    table = d.add_table(rows=1, cols=4)
    for cell, title in zip(table.rows[0].cells, ["序号", "检查事项", "依据", "备注"]):
        cell.text = title
    if row_open is not None:
        table.add_row().cells[0].text = row_open
    row = table.add_row().cells
    for cell, text in zip(row, cells):
        cell.text = text
    if row_close is not None:
        table.add_row().cells[0].text = row_close
    d.add_paragraph("特此告知。")
    d.save(path)


build(os.path.join(out, "notice.docx"), lambda f: "{{" + f + "}}", None, None,
      ["{{#each items}}{{no}}", "{{name}}", "{{basis}}", "{{note}}{{/each}}"])
build(os.path.join(out, "notice_docxtpl.docx"), lambda f: "{{ " + f + " }}", "{%tr for r in items %}", "{%tr endfor %}",
      ["{{ r.no }}", "{{ r.name }}", "{{ r.basis }}", "{{ r.note }}"])

rng = random.Random(7)
records = []
for i in range(count):
    records.append({
        "id": f"{i:05d}",
        "doc_no": f"平卫医保〔2024〕{i + 1}号",
        "org": f"平顶山市定点医药机构{i}",
        "code": f"91410400MA{i:08d}",
        "address": f"新华区建设路{i % 300}号 & 附{i % 7}号",
        "basis": "《医疗保障基金使用监督管理条例》第二十七条",
        "date": "2024年3月1日",
        "leader": rng.choice(["王明", "李华", "张伟", "刘洋"]),
        "amount": f"{rng.randint(1000, 99999)}.{rng.randint(0, 99):02d}",
        "items": [{"no": j + 1, "name": f"检查事项{j + 1} <药品进销存>", "basis": "条例第十五条", "note": "符合要求" if j % 3 else "限期整改"}
                  for j in range(rows)],
    })
with open(os.path.join(out, "records.jsonl"), "w", encoding="utf-8") as handle:
    for record in records:
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")
print(f"{count} records of {len(fields)} fields and {rows} rows in {out}")
