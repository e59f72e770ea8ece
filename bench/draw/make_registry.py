#!/usr/bin/env python3
"""Writes a synthetic workspace input of any size for bench/draw: N targets with valid
统一社会信用代码 (GB 32100-2015), 500 inspectors, one checklist item and a plan whose task draws
about 10,000 targets (1 % of each grade) over the working days of 2024. The targets are written twice:
targets.csv, and targets.xlsx as Excel saves it (shared strings).

usage: make_registry.py N OUT_FOLDER
"""
import os
import sys

ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
INDEX = {c: i for i, c in enumerate(ALPHABET)}


def code(n):
    body = '91' + str(410000 + n % 90000).zfill(6) + 'MA' + str(n).zfill(8)[-8:]
    body = body[:17]
    check = (31 - sum(INDEX[c] * w for c, w in zip(body, WEIGHTS)) % 31) % 31
    return body + ALPHABET[check]


def write_xlsx(csv_path, xlsx_path):
    """The same registry as Excel saves it: text in the shared-strings table, one sheet, deflated."""
    import csv
    import zipfile
    from xml.sax.saxutils import escape
    main_ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
    rel_ns = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
    strings, index = [], {}

    def shared(text):
        if text not in index:
            index[text] = len(strings)
            strings.append(text)
        return index[text]

    def column(n):
        name = ''
        while n:
            n, r = divmod(n - 1, 26)
            name = chr(65 + r) + name
        return name

    with zipfile.ZipFile(xlsx_path, 'w', zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        with z.open('xl/worksheets/sheet1.xml', 'w', force_zip64=True) as sheet, open(csv_path, encoding='utf-8') as f:
            sheet.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{main_ns}"><sheetData>'.encode())
            rows = []
            for r, record in enumerate(csv.reader(f), start=1):
                cells = ''.join(f'<c r="{column(c)}{r}" t="s"><v>{shared(v)}</v></c>' for c, v in enumerate(record, start=1))
                rows.append(f'<row r="{r}">{cells}</row>')
                if len(rows) == 10000:
                    sheet.write(''.join(rows).encode())
                    rows = []
            sheet.write((''.join(rows) + '</sheetData></worksheet>').encode())
        with z.open('xl/sharedStrings.xml', 'w', force_zip64=True) as sst:
            sst.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{main_ns}" count="{len(strings)}" uniqueCount="{len(strings)}">'.encode())
            for start in range(0, len(strings), 10000):
                sst.write(''.join(f'<si><t>{escape(s)}</t></si>' for s in strings[start:start + 10000]).encode())
            sst.write(b'</sst>')
        z.writestr('xl/workbook.xml', f'<workbook xmlns="{main_ns}" xmlns:r="{rel_ns}"><sheets><sheet name="名录库" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr('xl/_rels/workbook.xml.rels', '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   f'<Relationship Id="rId1" Type="{rel_ns}/worksheet" Target="worksheets/sheet1.xml"/>'
                   f'<Relationship Id="rId2" Type="{rel_ns}/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
        z.writestr('[Content_Types].xml', '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                   '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                   '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                   '</Types>')
        z.writestr('_rels/.rels', '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
                   '</Relationships>')


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    os.makedirs(out, exist_ok=True)
    kinds = ['定点医院', '定点基层医疗机构', '定点零售药店']
    with open(f'{out}/targets.csv', 'w', encoding='utf-8') as f:
        f.write('统一社会信用代码,机构名称,机构类型,风险等级,所属区域,地址,黑名单,状态\n')
        seen = set()
        for i in range(n):
            c = code(i)
            assert c not in seen
            seen.add(c)
            status = '注销' if i % 997 == 0 else '正常'
            f.write(f'{c},第{i}号定点机构,{kinds[i % 3]},{"ABCD"[i % 4]},区{i % 12},某市某区某路{i % 500}号,{"是" if i % 101 == 0 else "否"},{status}\n')
    write_xlsx(f'{out}/targets.csv', f'{out}/targets.xlsx')
    with open(f'{out}/inspectors.csv', 'w', encoding='utf-8') as f:
        f.write('姓名,单位,部门,执法证号,证件有效期至,手机号码,专家\n')
        for i in range(500):
            f.write(f'检查员{i},某市医疗保障局,科室{i % 5},医保{i:05d},2028-12-31,139{i:08d},否\n')
    with open(f'{out}/items.csv', 'w', encoding='utf-8') as f:
        f.write('事项名称,抽查依据,抽查主体,事项类别,检查对象\n医保基金使用情况检查,《医疗保障基金使用监督管理条例》,某市医疗保障局,一般,定点医药机构\n')
    with open(f'{out}/plan.csv', 'w', encoding='utf-8') as f:
        f.write('任务编号,年度,任务名称,抽查事项,开始日期,结束日期,发起部门,抽查比例\n'
                '2024-01,2024,全市定点医药机构双随机抽查,医保基金使用情况检查,2024-01-02,2024-12-31,基金监管科,A:1%、B:1%、C:1%、D:1%\n')


if __name__ == '__main__':
    main()
