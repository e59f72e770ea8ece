#!/usr/bin/env python3
"""Reads a folder of issued PDFs the way a clerk would before stamping them, with poppler's tools only
(pdftotext, pdffonts, pdfinfo) — not with SpotCheck's code — and says what would stop them going out:

  * a page that holds nothing but a signature block (签字, 签收, the seal, the date);
  * a font that is not embedded, or not one of the office's allowed fonts (a silent substitution);
  * a login name (the user running this, `root`) printed on a form;
  * dates out of order within a task and its visits: 公告 ≤ 告知书 ≤ 检查报告 ≤ 整改通知书 ≤ 公示 ≤ 复查;
  * in a merged print file, page numbers that do not start again at 1 for every notice;
  * a line whose characters justification spread apart (`抽 取 记 录 、 历 次 …`).

    python3 Tests/checker/doccheck.py FOLDER [--fonts FandolFang,FandolSong,...] [--json]

Exit status 0 when nothing was found, 1 otherwise; one summary line in Chinese, then every problem.
"""

import getpass
import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

DEFAULT_FONTS = "FandolFang,FandolSong,FandolHei,FandolKai,NotoSerifCJK,LiberationSerif"
# The order in which a task's documents are issued; a later one is never dated before an earlier one.
ORDER = ["抽查任务公告", "检查告知书", "检查报告", "责令限期整改通知书", "抽查结果公示", "复查结果告知书"]
DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
SIGNATURE_LINE = re.compile(r"签字|签收|签章|盖章|（印章）|_{3,}|日期|^\s*\S*局\s*$|^\s*(\d{4})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")
PAGE_NUMBER = re.compile(r"^\s*—\s*\d+\s*—\s*$")
# Six or more Chinese characters each followed by one space: a justified line spread around something
# that would not break (`抽 取 记 录 、 历 次 …`); a title spaced on purpose (抽 查 卷 宗) is shorter.
SPREAD = re.compile(r"(?:[\u4e00-\u9fff、，。：；] ){6,}[\u4e00-\u9fff]")


def run(*args):
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def pages(path):
    count = int(re.search(r"^Pages:\s+(\d+)", run("pdfinfo", path), re.M).group(1))
    text = run("pdftotext", "-layout", path, "-")
    return count, text.split("\f")[:count]


def fonts(path):
    lines = run("pdffonts", path).splitlines()[2:]
    found = []
    for line in lines:
        parts = line.split()
        if len(parts) < 5:
            continue
        name = parts[0].split("+", 1)[-1]
        embedded = parts[-5] == "yes"
        found.append((name, embedded))
    return found


def form_of(name):
    for form in ORDER + ["行政检查登记表", "随机抽取记录", "卷宗封面", "卷内文件目录", "备考表"]:
        if form in name:
            return form
    return None


def check_one(path, folder, allowed, login_names):
    """The problems of one PDF, and the (task, visit, form) and last date it prints, if it is dated."""
    problems = []
    name = os.path.basename(path)
    where = os.path.relpath(path, folder)
    count, texts = pages(path)
    for number, text in enumerate(texts, start=1):
        lines = [line for line in text.splitlines() if line.strip() and not PAGE_NUMBER.match(line)]
        for line in lines:
            if SPREAD.search(line):
                problems.append(f"{where} 第 {number} 页有字距被拉开的行：{line.strip()}")
        if number > 1 and lines and all(SIGNATURE_LINE.search(line) for line in lines):
            problems.append(f"{where} 第 {number} 页只有签字栏：{' / '.join(l.strip() for l in lines)}")
    whole = "\n".join(texts)
    for login in login_names:
        if re.search(rf"(?<![A-Za-z0-9]){re.escape(login)}(?![A-Za-z0-9])", whole):
            problems.append(f"{where} 印有登录名 “{login}”")
    for font, embedded in fonts(path):
        if not embedded:
            problems.append(f"{where} 字体 {font} 未嵌入")
        elif not any(font.startswith(prefix) for prefix in allowed):
            problems.append(f"{where} 字体 {font} 不在允许的字体之内（{','.join(allowed)}）：被替换了")
    if "合并打印" in name:
        firsts = sum(1 for text in texts if re.search(r"^\s*—\s*1\s*—\s*$", text, re.M))
        titled = sum(1 for text in texts if re.search(r"^\s*(医疗保障基金监督检查告知书|责令限期整改通知书|医疗保障基金监督检查报告)\s*$", text, re.M))
        if titled == 0:
            problems.append(f"{where} 合并打印文件中找不到任何一份文书的标题")
        elif firsts != titled:
            problems.append(f"{where} 合并打印的 {titled} 份文书中只有 {firsts} 份的页码从 1 开始")
        return problems, None
    form = form_of(name)
    match = re.match(r"(\d{4}-\d{2})(?:-(\d{4}))?-", name)
    printed = DATE.findall(whole)
    if form in ORDER and match and printed:
        year, month, day = printed[-1]
        return problems, ((match.group(1), match.group(2), form), (int(year), int(month), int(day)))
    return problems, None


def check(folder, allowed, login_names):
    pdfs = sorted(os.path.join(root, f) for root, _, files in os.walk(folder) for f in files if f.endswith(".pdf"))
    problems = []
    dates = {}  # (task, visit or None, form) -> last date printed
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for found, dated in pool.map(lambda path: check_one(path, folder, allowed, login_names), pdfs):
            problems += found
            if dated:
                dates[dated[0]] = dated[1]
    # Within a task: the task's own documents and each visit's, in the order they are issued.
    for (task, visit, form), date in dates.items():
        for (other_task, other_visit, other_form), other in dates.items():
            if other_task != task or (visit and other_visit and visit != other_visit):
                continue
            if ORDER.index(form) < ORDER.index(other_form) and date > other:
                problems.append(
                    f"{task}{'-' + visit if visit else ''} {form}（{date[0]}年{date[1]}月{date[2]}日）晚于"
                    f" {other_task}{'-' + other_visit if other_visit else ''} {other_form}（{other[0]}年{other[1]}月{other[2]}日）")
    return len(pdfs), problems


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print(__doc__)
        return 2
    folder = argv[1]
    allowed = DEFAULT_FONTS
    if "--fonts" in argv:
        allowed = argv[argv.index("--fonts") + 1]
    logins = {name for name in {getpass.getuser(), "root"} if len(name) >= 3}
    count, problems = check(folder, allowed.split(","), logins)
    if count == 0:
        problems.append(f"{folder} 中没有 PDF：没有可核对的文书（生成时要用 --pdf）")
    if "--json" in argv:
        print(json.dumps({"pdfs": count, "problems": problems}, ensure_ascii=False, indent=2))
    elif problems:
        print(f"文书自检：{count} 份 PDF，发现 {len(problems)} 个问题")
        for problem in problems:
            print("  " + problem)
    else:
        print(f"文书自检：{count} 份 PDF，日期前后一致，字体均为允许的字体且已嵌入、无替换，无登录名，无只有签字栏的页面，无字距拉开的行，合并打印逐份编页")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
