#!/usr/bin/env python3
"""Writes the sample workspace inputs of one district bureau (平顶山市卫东区医疗保障局) into samples/卫东区/:

  事项清单.csv   the checklist (003 annex 1 columns)
  名录库.csv     ~300 designated institutions (hospitals, clinics, pharmacies; grades A–D; valid 统一社会信用代码;
                 five blacklisted, two deregistered, one unreachable)
  执法人员.csv   25 inspectors in three departments (one certificate expired, one declared conflict) and two experts
  计划.csv       the 2024 annual plan: the bureau's joint task with the market regulator, and one it joins
  现场照片.jpg   a (1×1) photo to attach as evidence in the README's walkthrough

Synthetic, deterministic (fixed seed): regenerate at any size with `python3 samples/make_sample.py [N] [FOLDER]`.
"""
import base64
import csv
import os
import random
import sys

N = int(sys.argv[1]) if len(sys.argv) > 1 else 300
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "卫东区")
os.makedirs(OUT, exist_ok=True)
rng = random.Random(20240301)

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def credit_code(n):
    """GB 32100-2015: 91 (enterprise) + 410403 (卫东区) + a 9-character organisation code + the check character."""
    body = "91410403" + "MA" + f"{n:07d}"
    return body + ALPHABET[(31 - sum(ALPHABET.index(c) * w for c, w in zip(body, WEIGHTS)) % 31) % 31]


def write(name, header, rows):
    with open(os.path.join(OUT, name), "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


# 003 annex 1: the checklist.
write("事项清单.csv", ["事项名称", "抽查依据", "抽查主体", "抽查内容", "事项类别", "检查对象", "抽查比例", "抽查频次", "检查方式", "备注", "需要专家"], [
    ["医保基金使用情况检查", "《医疗保障基金使用监督管理条例》", "卫东区医疗保障局", "医保结算、进销存、诊疗服务的真实性与合规性", "一般",
     "定点医药机构", "A级5%、B级10%、C级15%、D级20%", "2", "现场检查", "跨部门开展", "否"],
    ["医保服务协议履行情况检查", "《医疗机构医疗保障定点管理暂行办法》", "卫东区医疗保障局", "服务协议约定事项的履行", "一般",
     "定点医药机构", "A级5%、B级10%、C级15%、D级20%", "1", "现场检查", "", "否"],
    ["医疗服务价格执行情况检查", "《医疗保障基金使用监督管理条例》", "卫东区医疗保障局", "收费项目与价格", "一般", "定点医院",
     "A级5%、B级10%、C级15%、D级20%", "1", "现场检查", "需医疗专家参与", "是"],
])

streets = ["建设路", "五一路", "东环路", "光明路", "开源路", "平安大道", "育英街", "和平路", "矿工路", "鹰城路"]
surnames = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
rows = []
for n in range(1, N + 1):
    if n <= N // 10:
        kind, name = "定点医院", f"卫东区第{n}人民医院" if n < 4 else f"卫东区{rng.choice(['仁和', '康宁', '济民', '博爱', '惠民'])}医院{n}"
    elif n <= N * 4 // 10:
        kind, name = "定点基层医疗机构", f"卫东区{rng.choice(['东安', '五一', '光明', '建设', '东高皇'])}社区卫生服务站{n}"
    else:
        kind, name = "定点零售药店", f"{rng.choice(['百姓', '康佳', '益丰', '张仲景', '老百姓'])}大药房卫东{n}店"
    grade = rng.choices("ABCD", weights=[2, 4, 3, 1])[0]
    status = "注销" if n in (N - 1, N - 2) else ("无法联系" if n == N - 3 else "正常")
    rows.append([credit_code(n), name, kind, grade, "卫东区", f"卫东区{rng.choice(streets)}{rng.randint(1, 300)}号",
                 rng.choice(surnames) + "某", "是" if n % 61 == 0 else "否", "否", "否", "否", status])
write("名录库.csv", ["统一社会信用代码", "机构名称", "机构类型", "风险等级", "所属区域", "地址", "法定代表人", "黑名单", "经营异常", "失信", "严重违法", "状态"], rows)

departments = ["基金监管科", "医药服务管理科", "稽核科"]
people = []
for n in range(25):
    expired = n == 7
    conflict = credit_code(1) if n == 3 else ""
    people.append([f"检查员{n + 1:02d}", "男" if n % 2 else "女", f"139{3730000 + n * 17:08d}", "卫东区医疗保障局",
                   departments[n % 3], "科员", "", f"豫医保{41040300 + n}", "2023-12-31" if expired else "2028-12-31", "否", conflict])
people.append(["专家甲", "男", "13937500001", "平顶山市第一人民医院", "医疗专家组", "主任医师", "主任医师", "", "", "是", ""])
people.append(["专家乙", "女", "13937500002", "平顶山市中医医院", "医疗专家组", "副主任药师", "副主任药师", "", "", "是", ""])
write("执法人员.csv", ["姓名", "性别", "手机号码", "单位", "部门", "职务", "职称", "执法证号", "证件有效期至", "专家", "回避对象"], people)

write("计划.csv", ["任务编号", "年度", "任务名称", "抽查事项", "开始日期", "结束日期", "发起部门", "检查对象类型", "所属区域", "抽查比例", "配合部门"], [
    ["2024-01", "2024", "定点医药机构医保基金使用情况双随机抽查", "医保基金使用情况检查、医保服务协议履行情况检查", "2024-03-01", "2024-06-28",
     "基金监管科", "定点医院、定点基层医疗机构、定点零售药店", "", "A:5%、B:10%、C:15%、D:20%", "区市场监督管理局"],
    ["2024-09", "2024", "医疗机构监督检查", "医疗服务价格执行情况检查", "2024-09-02", "2024-10-31", "区卫生健康委员会", "定点医院", "",
     "A:5%、B:10%、C:15%、D:20%", "平顶山市卫东区医疗保障局"],
])
# A real JPEG (the archive checks that a .jpg is one), as small as one can be.
with open(os.path.join(OUT, "现场照片.jpg"), "wb") as f:
    f.write(base64.b64decode(
        "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////"
        "wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA="))
print(f"wrote {N} institutions, {len(people)} inspectors and experts, 3 checklist items and 2 tasks in {OUT}")
