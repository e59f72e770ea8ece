#!/usr/bin/env python3
"""The DOCX peer of bench/render: docxtpl (python-docx-template) filling the same 检查告知书 with the
same values, one document per visit, one core.

Our template is translated to docxtpl's Jinja once, before timing: {{a.b}} → {{ a.b }}, the paragraph
section {{#each 检查.事项}} → {%p for 事项 in 检查.事项 %}, the table-row section {{#each 检查.检查组}} →
{%tr for 成员 in 检查.检查组 %} rows, {{@index}} → {{ loop.index }}, the filter 中文日期 → cn_date.
Usage: peer_notice.py TEMPLATE VALUES.json OUT_DIR   (VALUES: `spotcheck render 检查告知书 --values`)
Prints: documents seconds"""
import json
import os
import re
import sys
import time
import zipfile

import jinja2
from docxtpl import DocxTemplate

template, values_file, out = sys.argv[1:4]
os.makedirs(out, exist_ok=True)
jinja_template = os.path.join(out, "notice_jinja.docx")

with zipfile.ZipFile(template) as source, zipfile.ZipFile(jinja_template, "w", zipfile.ZIP_DEFLATED) as target:
    for item in source.infolist():
        data = source.read(item.filename)
        if item.filename == "word/document.xml":
            xml = data.decode("utf-8")
            # Table rows: {%tr %} rows before and after the repeated row.
            def rows(match):
                row = match.group(0)
                opened = re.search(r"\{\{#each ([^}]+)\}\}", row)
                if not opened:
                    return row
                field = opened.group(1).strip()
                name = "成员"
                body = row.replace(opened.group(0), "").replace("{{/each}}", "")
                body = re.sub(r"\{\{\s*([^#/@}][^}|]*?)\s*\}\}", lambda m: "{{ %s.%s }}" % (name, m.group(1).strip()), body)
                body = body.replace("{{@index}}", "{{ loop.index }}")
                marker = '<w:tr><w:tc><w:p><w:r><w:t>{%%tr %s %%}</w:t></w:r></w:p></w:tc></w:tr>'
                return marker % f"for {name} in {field}" + body + marker % "endfor"
            xml = re.sub(r"<w:tr>.*?</w:tr>", rows, xml, flags=re.S)
            # Paragraph sections.
            xml = re.sub(r"\{\{#each ([^}]+)\}\}", lambda m: "{%%p for 事项 in %s %%}" % m.group(1).strip(), xml)
            xml = xml.replace("{{/each}}", "{%p endfor %}")
            xml = re.sub(r"\{\{@index\}\}\. \{\{名称\}\}（依据：\{\{依据\}\}）", "{{ loop.index }}. {{ 事项.名称 }}（依据：{{ 事项.依据 }}）", xml)
            xml = xml.replace("| 中文日期", "| cn_date")
            xml = re.sub(r"\{\{\s*([^%{}]+?)\s*\}\}", r"{{ \1 }}", xml)
            data = xml.encode("utf-8")
        target.writestr(item, data)


def cn_date(text):
    year, month, day = (int(part) for part in str(text)[:10].split("-"))
    return f"{year}年{month}月{day}日"


environment = jinja2.Environment()
environment.filters["cn_date"] = cn_date
records = json.load(open(values_file, encoding="utf-8"))
start = time.perf_counter()
for record in records:
    document = DocxTemplate(jinja_template)  # docxtpl cannot reuse a rendered template
    document.render(record, environment)
    document.save(os.path.join(out, record["检查"]["编号"] + ".docx"))
elapsed = time.perf_counter() - start
print(f"{len(records)} {elapsed:.3f}")
