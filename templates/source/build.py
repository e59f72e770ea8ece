#!/usr/bin/env python3
"""Writes SpotCheck's standard forms (templates/*.docx) and their catalogue (templates/catalog.json).

    python3 templates/source/build.py [FOLDER]

The forms are ordinary Word files: an office may open one, change its wording or layout and save it
over the original (or drop its own form beside it); `spotcheck template check FORM.docx --form 名称`
then says whether every field it uses is one SpotCheck provides. The fields are documented in
docs/FORMS.md. Layout: GB/T 9704-2012 (see wordml.py).
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from wordml import BODY_FONT, HEI, KAI, SONG, TITLE_FONT, cell, keep_together, para, row, run, table, text_width, write_docx  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)


# MARK: - Pieces every form shares

def title(*lines):
    """The title (2号 小标宋, centred): one paragraph, its lines broken where the form says — a title
    that runs over lines is one block, not several titles with gaps between them."""
    runs = []
    for index, line in enumerate(lines):
        if index:
            runs.append("<w:r><w:br/></w:r>")
        runs.append(run(line))
    return para(runs, style="Title", after=312)


def body(text):
    return para(text, style="Body")


def heading(text):
    return para(text, style="Heading1")


def subheading(text):
    return para(text, style="Heading2")


def docno(right=False):
    # GB/T 9704-2012 7.2.4: 发文字号 as 机关代字〔年份〕序号号; forms print it under the title.
    return para("{{文号}}", style="DocNo", align="right" if right else "center", after=312)


def banner():
    # 版头: 发文机关标志 in red, then the number, then the red separator line (GB/T 9704-2012 7.2.3, 7.2.6).
    return [
        para("{{机关.名称}}", style="Banner", color="C00000", before=600),
        para("{{文号}}", style="DocNo", before=312),
        para("", border_bottom=(12, "C00000"), after=312),
    ]


def signature(date_field, seal=True, before=None, receipt=False):
    """发文机关署名 above 成文日期 (GB/T 9704-2012 7.3.5.1), the date four characters in from the right, in
    Arabic numerals (7.3.5.3) — kept on one page together with `before`, the paragraph that ends the
    text, so that a signature never stands alone on a page (7.3.5.1: 不得采取标识"此页无正文"的方法);
    with `receipt`, the target's acknowledgement of receipt below it, one line short enough that no
    blank to be filled in by hand is broken."""
    parts = [before] if before else []
    parts += [para("")]
    if seal:
        # Room for the seal, pressed over the 署名 and the date, its top within a line of the text
        # (7.3.5.1); nothing is printed there.
        parts.append(para(""))
    parts.append(para("{{机关.名称}}", align="right", right=2))
    parts.append(para("{{" + date_field + " | 中文日期}}", align="right", right=4))
    if receipt:
        parts += [
            para(""),
            para("被检查单位签收：________　日期：____年___月___日", first_line=0),
        ]
    return keep_together(parts)


def title_lines(field, prefix="", suffix=""):
    """A title line built from data (a task's name), broken into lines without splitting a word, the
    upper lines longer (GB/T 9704-2012 7.3.1: 回行时词意完整，排列对称，长短适宜)."""
    return "{{" + field + f' | 回行(20, "{prefix}", "{suffix}")' + "}}"


def section_each(field, paragraphs):
    return [para("{{#each " + field + "}}")] + paragraphs + [para("{{/each}}")]


def list_table(columns, field, landscape=False, empty="（无）"):
    """A list table: header row repeated on every page, one row per item, "（无）" under an empty list.

    `columns` are (header, value template, relative width, alignment)."""
    total = text_width(landscape)
    weights = sum(c[2] for c in columns)
    widths = [int(total * c[2] / weights) for c in columns]
    header = row([cell(c[0], w, header=True, shade="F2F2F2") for c, w in zip(columns, widths)], header=True)
    cells = []
    for index, (column, width) in enumerate(zip(columns, widths)):
        value = column[1]
        if index == 0:
            value = "{{#each " + field + "}}" + value
        if index == len(columns) - 1:
            value = value + "{{/each}}"
        style = "TableLeft" if (len(column) > 3 and column[3] == "left") else "TableText"
        cells.append(cell([para(value, style=style)], width))
    parts = [table(widths, [header, row(cells, height=454)])]
    if empty:
        parts += [para("{{#if empty " + field + "}}"), para(empty, align="center"), para("{{/if}}")]
    return parts


def grid(rows, widths):
    """A form grid: rows of (label, value, span) pairs — labels shaded, values left-aligned."""
    out = []
    for cells, height in rows:
        tcs = []
        column = 0
        for kind, text, span in cells:
            width = sum(widths[column:column + span])
            column += span
            if kind == "label":
                tcs.append(cell([para(line, style="FormText", font=HEI) for line in text.split("\n")], width, span=span, shade="F2F2F2"))
            else:
                paragraphs = text if isinstance(text, list) else [para(line, style="FormLeft") for line in text.split("\n")]
                tcs.append(cell(paragraphs, width, span=span, valign="top" if height and height > 800 else "center"))
        out.append(row(tcs, height=height))
    return table(widths, out)


def label(text, span=1):
    return ("label", text, span)


def value(text, span=1):
    return ("value", text, span)


FORMS = []


def form(name, scope, output, public=False, numbered=None, when=None, landscape=False, needs=(), description=""):
    def register(builder):
        FORMS.append(dict(name=name, scope=scope, output=output, public=public, numbered=numbered, when=when,
                          landscape=landscape, needs=list(needs), description=description, builder=builder))
        return builder
    return register


# MARK: - Year: the checklist and the plans (published each year)

@form("随机抽查事项清单", "year", "{{年度}}年度随机抽查事项清单.docx", public=True, landscape=True, needs=["事项"],
      description="一单：抽查事项的清单，003 附件1 的列（000 §8；004 §8）")
def checklist():
    return [
        title("{{机关.名称}}{{年度}}年度“双随机、一公开”", "监督检查事项清单"),
        *list_table([
            ("序号", "{{@index}}", 4), ("部门名称", "{{部门名称}}", 9), ("抽查事项名称", "{{名称}}", 12, "left"),
            ("抽查依据", "{{依据}}", 14, "left"), ("检查主体", "{{主体}}", 9), ("事项类别", "{{类别}}", 7),
            ("检查对象", "{{检查对象}}", 9), ("抽查比例", "{{比例}}", 12, "left"), ("抽查频次/年", "{{频次}}", 6),
            ("检查方式", "{{方式}}", 7), ("备注", "{{备注}}", 9, "left"),
        ], "事项", landscape=True),
    ]


PLAN_COLUMNS = [
    ("序号", "{{@index}}", 4), ("计划名称", "{{名称}}", 12, "left"), ("抽查事项", "{{事项}}", 14, "left"),
    ("检查对象", "{{对象范围}}", 10, "left"), ("发起部门", "{{发起部门}}", 9), ("配合部门", "{{配合部门}}", 9),
    ("检查方式", "{{方式}}", 7), ("抽查比例", "{{比例}}", 12, "left"), ("抽查频次", "{{频次}}", 6), ("备注", "{{备注}}", 8, "left"),
]


@form("年度抽查工作计划", "year", "{{年度}}年度抽查工作计划.docx", public=True, numbered="计", needs=["计划"],
      description="年度抽查工作计划：计划名称、抽查类型、事项、对象范围、开展时间（000 §11；004 §6）")
def annual_plan():
    return [
        *banner(),
        title("{{机关.名称}}", "{{年度}}年度“双随机、一公开”", "抽查工作计划"),
        body("根据《医疗保障基金使用监督管理条例》和“双随机、一公开”监管工作要求，结合本地区医疗保障基金监管实际，"
             "制定本年度抽查工作计划。未列入本计划的，不得擅自开展“双随机、一公开”检查。"),
        heading("一、抽查任务"),
        *section_each("计划", [
            subheading("（{{@index | 中文序号}}）{{名称}}"),
            body("抽查类型：{{类型}}。抽查事项：{{事项}}。"),
            body("抽查对象范围：{{对象范围}}；抽查比例：{{比例}}。"),
            body("计划开展时间：{{期间}}。发起部门：{{发起部门}}{{#if 配合部门}}；配合部门：{{配合部门}}{{/if}}。"),
        ]),
        para("{{#if empty 计划}}"), body("本年度暂无抽查任务。"), para("{{/if}}"),
        heading("二、工作要求"),
        *signature("成文日期", before=body("抽查对象从检查对象名录库中随机抽取，执法检查人员从执法检查人员名录库中随机选派；"
                                          "抽查结果在任务完成后20个工作日内向社会公示。")),
    ]


@form("部门联合抽查计划清单", "year", "{{年度}}年度部门联合抽查计划清单.docx", public=True, landscape=True, needs=["计划"],
      description="本局发起、其他部门配合的联合抽查任务（003 附件2）")
def joint_plan():
    return [
        title("{{机关.名称}}{{年度}}年度“双随机、一公开”", "部门联合监督检查计划清单"),
        *list_table(PLAN_COLUMNS, "联合计划", landscape=True),
    ]


@form("配合计划清单", "year", "{{年度}}年度部门联合抽查配合计划清单.docx", public=True, landscape=True, needs=["计划"],
      description="其他部门发起、本局配合的联合抽查任务（003 附件3）")
def cooperation_plan():
    return [
        title("{{机关.名称}}{{年度}}年度“双随机、一公开”", "部门联合监督检查配合计划清单"),
        *list_table(PLAN_COLUMNS, "配合计划", landscape=True),
    ]


@form("不予配合情况公示", "year", "{{年度}}年度不予配合情况公示.docx", public=True, needs=["结果"],
      description="对抽查不予配合情节严重的定点医药机构：名称、情形（000 §24）")
def non_cooperation():
    return [
        title("{{机关.名称}}", "定点医药机构不予配合抽查情况公示"),
        body("根据《定点医药机构“双随机、一公开”抽查工作规程》第二十四条，现将{{年度}}年度对抽查不予配合情节严重的"
             "定点医药机构名称及不予配合情况公示如下："),
        *list_table([
            ("序号", "{{@index}}", 4), ("机构名称", "{{机构名称}}", 13, "left"), ("统一社会信用代码", "{{统一社会信用代码}}", 16),
            ("不予配合情形", "{{情形}}", 17, "left"), ("检查日期", "{{日期}}", 9),
        ], "不予配合"),
        *signature("成文日期", seal=False, before=body("联系部门：{{机关.名称}}{{机关.联系部门}}。")),
    ]


# MARK: - Task: after the draw

@form("抽查任务公告", "task", "{{任务.编号}}-抽查任务公告.docx", public=True, numbered="告", needs=["抽取"],
      description="抽取后公告任务、事项、抽中的检查对象与检查时间")
def task_notice():
    return [
        title("{{机关.名称}}", title_lines("任务.名称", "关于开展", "的公告")),
        docno(),
        body("根据{{年度}}年度“双随机、一公开”抽查工作计划，本局于{{抽取.日期 | 中文日期}}以公开的随机种子从检查对象名录库中"
             "随机抽取了本次抽查任务的检查对象，现公告如下："),
        heading("一、抽查事项"),
        body("{{任务.事项名称}}。"),
        heading("二、检查时间"),
        body("{{任务.期间}}。"),
        heading("三、抽查对象"),
        body("按风险等级和检查对象类型分别抽取，共抽取{{抽取.抽中数}}家。本任务共进行{{抽取.次数}}次抽取"
             "{{#if 抽取.重抽}}（重新抽取的理由：{{抽取.理由}}），以最后一次为准{{/if}}。抽中的检查对象如下："),
        *list_table([
            ("序号", "{{@index}}", 4), ("机构名称", "{{机构名称}}", 16, "left"), ("统一社会信用代码", "{{统一社会信用代码}}", 13),
            ("机构类型", "{{机构类型}}", 9),
        ], "抽取.结果"),
        heading("四、其他事项"),
        body("抽取记录和名录库快照与本公告一并公开，任何人可按公开的算法复核。被抽中的定点医药机构应配合检查，"
             "如实提供有关资料。名录库快照的 SHA-256 摘要为："),
        # 64 hexadecimal digits on one line (五号): a digest is never broken, and a justified line is
        # never spread around it.
        para("{{抽取.名录版本}}", align="left", first_line=0, size=10.5),
        *signature("成文日期", seal=False, before=body("联系部门：{{机关.名称}}{{机关.联系部门}}。")),
    ]


@form("随机抽取记录", "task", "{{任务.编号}}-随机抽取记录.docx", needs=["抽取"],
      description="抽取的全部输入、方法、种子、结果和见证人，以及签字栏（002 (十四)）")
def draw_record():
    widths = [1900, 3000, 1500, 2444]
    return [
        title("随机抽取记录"),
        grid([
            ([label("任务编号"), value("{{任务.编号}}"), label("任务名称"), value("{{任务.名称}}")], 560),
            ([label("抽查事项"), value("{{任务.事项名称}}", 3)], 560),
            ([label("抽取时间"), value("{{抽取.时间}}"), label("操作人"), value("{{抽取.操作人}}")], 560),
            ([label("抽取次数"), value("第{{抽取.次数}}次{{#if 抽取.重抽}}（历次见第四部分；重新抽取的理由：{{抽取.理由}}）{{/if}}"
                                       "{{#if 抽取.补录理由}}；{{抽取.补录时间}}补录，理由：{{抽取.补录理由}}{{/if}}", 3)], 560),
            ([label("名录库快照\n（SHA-256）"), value("{{抽取.快照文件}}\nSHA-256：{{抽取.名录版本}}", 3)], 700),
            ([label("公开随机种子"), value("{{抽取.种子}}", 3)], 560),
            ([label("抽取方法"), value("{{抽取.算法}}：SHA-256 计数器模式生成随机数，拒绝采样得到无偏整数，按统一社会信用代码排序的每一层做部分 Fisher–Yates 洗牌（docs/DRAW.md）", 3)], 900),
            ([label("抽取记录文件"), value("{{抽取.记录文件}}\nSHA-256：{{抽取.记录摘要}}", 3)], 700),
            ([label("候选 / 抽中"), value("候选{{抽取.候选数}}家，排除{{抽取.排除数}}家，抽中{{抽取.抽中数}}家", 3)], 560),
        ], widths),
        heading("一、分层抽取情况"),
        *list_table([
            ("机构类型", "{{类型}}", 10), ("风险等级", "{{等级}}", 6), ("名录内数量", "{{总数}}", 8),
            ("抽查比例", "{{比例}}", 7), ("抽取数量", "{{抽取数}}", 7),
        ], "抽取.分层"),
        heading("二、排除的检查对象"),
        *list_table([
            ("序号", "{{@index}}", 4), ("统一社会信用代码", "{{统一社会信用代码}}", 13), ("机构名称", "{{机构名称}}", 13, "left"),
            ("排除原因", "{{原因}}", 15, "left"),
        ], "抽取.排除"),
        heading("三、抽取结果"),
        *list_table([
            ("序号", "{{@index}}", 4), ("统一社会信用代码", "{{统一社会信用代码}}", 13), ("机构名称", "{{机构名称}}", 14, "left"),
            ("机构类型", "{{机构类型}}", 8), ("风险等级", "{{风险等级}}", 5),
        ], "抽取.结果"),
        heading("四、历次抽取"),
        *list_table([
            ("次序", "{{次序}}", 4), ("抽取时间", "{{时间}}", 9), ("随机种子", "{{种子}}", 10, "left"), ("重新抽取理由", "{{理由}}", 11, "left"),
            ("记录 SHA-256（前16位）", "{{摘要}}", 10),
        ], "抽取.历次"),
        *keep_together([
            para(""),
            body("见证人：{{抽取.见证人}}"),
            para(""),
            para("操作人（签字）：____________", first_line=0),
            para("见证人（签字）：____________", first_line=0),
            para("监督人（签字）：____________", first_line=0),
            para("日期：{{抽取.日期 | 中文日期}}", align="right", right=4),
        ]),
    ]


@form("抽查结果公示", "task", "{{任务.编号}}-抽查结果公示.docx", public=True, needs=["结果"],
      description="任务完成后20个工作日内公示：名称、代码、事项、结果、日期，不含个人信息（002 (二十二)）")
def result_notice():
    return [
        title(title_lines("任务.名称", "", "结果公示")),
        body("根据“双随机、一公开”监管工作要求，现将{{任务.名称}}的抽查结果公示如下："),
        *list_table([
            ("序号", "{{@index}}", 4), ("机构名称", "{{机构名称}}", 11, "left"), ("统一社会信用代码", "{{统一社会信用代码}}", 16),
            ("抽查事项", "{{抽查事项}}", 10, "left"), ("检查结果", "{{检查结果}}", 10, "left"), ("检查日期", "{{检查日期}}", 8),
        ], "公示"),
        body("公示期：{{公示期间}}（{{机关.公示期}}个工作日）。"),
        *signature("成文日期", seal=False, before=body(
            "检查对象对检查结果有异议的，可在公示期内向{{机关.名称}}{{机关.联系部门}}书面提出，并附相关材料；"
            "本局自收到申请材料之日起20个工作日内进行复查。")),
    ]


# MARK: - Visit: one per inspected target

TEAM_TABLE = [
    ("序号", "{{@index}}", 4), ("姓名", "{{姓名}}", 7), ("执法证号", "{{执法证号}}", 10), ("单位及部门", "{{部门}}", 18, "left"),
    ("检查职责", "{{角色}}", 6),
]


@form("检查告知书", "visit", "{{检查.编号}}-检查告知书.docx", numbered="检告",
      description="检查前发放：检查对象、依据、事项、检查组及执法证号、权利义务、日期（000 §18；002 (二十二)）")
def inspection_notice():
    return [
        title("医疗保障基金监督检查告知书"),
        docno(right=True),
        para("{{检查.机构.名称}}：", first_line=0),
        body("根据《医疗保障基金使用监督管理条例》和{{年度}}年度“双随机、一公开”抽查工作计划，你单位被随机抽取为"
             "“{{任务.名称}}”的检查对象。本局于{{检查.日期 | 中文日期}}对你单位开展现场检查，现将有关事项告知如下："),
        heading("一、检查事项"),
        *section_each("检查.事项", [body("{{@index}}. {{名称}}（依据：{{依据}}）")]),
        heading("二、检查人员"),
        body("检查组由以下人员组成，{{检查.组长.姓名}}任组长，检查时将出示执法证件："),
        *list_table(TEAM_TABLE, "检查.检查组", empty=None),
        heading("三、请准备的材料"),
        body("执业（经营）许可证、营业执照和医保服务协议；检查期间的医保结算数据、收费票据、病历和处方、药品和医用耗材"
             "进销存台账、财务账簿；检查组要求的其他材料。"),
        heading("四、你单位的权利"),
        body("认为检查人员与你单位有直接利害关系或者其他关系，可能影响公正检查的，有权申请其回避；检查人员少于2人"
             "或者未出示执法证件的，有权拒绝检查；对检查中认定的事实有权陈述和申辩，可在检查结束之日起5个工作日内"
             "向本局书面提出，逾期未提出的，视为放弃。"),
        heading("五、你单位的义务"),
        body("如实提供与检查有关的账簿、票据、信息系统数据等资料，不得拒绝、阻碍检查或者谎报、瞒报；由法定代表人、"
             "负责人或授权委托人在检查记录上签字或盖章确认。拒不配合情节严重的，将依规向社会公示。"),
        *signature("成文日期", before=body("联系人：{{机关.联系人}}；联系电话：{{机关.联系电话}}。"), receipt=True),
    ]


@form("行政检查登记表", "visit", "{{检查.编号}}-行政检查登记表.docx", needs=["结果"], when="已检查",
      description="现场检查记录：时间、地点、检查组、事项、发现、处理意见、签字或拒签原因与见证人（000 §18、§20）")
def registration():
    widths = [2000, 3100, 1500, 2244]
    outcome_choices = "\n".join([
        "{{检查.结果.处理意见 | 勾选(\"符合要求\")}} 符合要求",
        "{{检查.结果.处理意见 | 勾选(\"限期整改\")}} 限期整改{{#if 检查.结果.整改期限}}（{{检查.结果.整改期限 | 中文日期}}前）{{/if}}",
        "{{检查.结果.处理意见 | 勾选(\"涉嫌违反医疗保障监督管理法律法规，需进一步调查处理\")}} 涉嫌违反医疗保障监督管理法律法规，需进一步调查处理",
        "{{检查.结果.处理意见 | 勾选(\"其他\")}} 其他{{#if 检查.结果.备注}}：{{检查.结果.备注}}{{/if}}",
    ])
    # 000 §18: signed or sealed by the target; a refusal is noted with its reason and a witness.
    confirmation = [
        para("{{#if 检查.结果.签字人}}", style="FormLeft"),
        para("以上情况属实。", style="FormLeft"),
        para("签字（盖章）：{{检查.结果.签字人}}", style="FormLeft"),
        para("{{检查.结果.结束 | 中文日期}}", style="FormLeft"),
        para("{{else}}", style="FormLeft"),
        para("拒绝签字。原因：{{检查.结果.拒签原因}}", style="FormLeft"),
        para("见证人：{{检查.结果.见证人}}", style="FormLeft"),
        para("见证人签字：____________", style="FormLeft"),
        para("{{/if}}", style="FormLeft"),
    ]
    return [
        title("定点医药机构行政检查登记表"),
        para("编号：{{检查.编号}}", align="right"),
        grid([
            ([label("被检查单位"), value("{{检查.机构.名称}}", 3)], 520),
            ([label("统一社会信用代码"), value("{{检查.机构.统一社会信用代码}}"), label("机构类型"), value("{{检查.机构.类型}}")], 520),
            ([label("地址"), value("{{检查.机构.地址 | default(\"\")}}", 3)], 520),
            ([label("法定代表人\n（负责人）"), value("{{检查.机构.法定代表人 | default(\"\")}}"), label("检查方式"), value("{{检查.结果.方式}}")], 560),
            ([label("检查时间"), value("{{检查.结果.期间}}", 3)], 520),
            ([label("检查人员\n及执法证号"), value("{{检查.检查人员}}", 3)], 800),
            ([label("检查事项"), value("{{检查.事项名称}}", 3)], 700),
            ([label("检查情况"), value([para("{{#each 检查.事项}}", style="FormLeft"), para("{{@index}}. {{名称}}：{{发现}}", style="FormLeft"),
                                         para("{{/each}}", style="FormLeft")], 3)], 1500),
            ([label("处理意见"), value([para(line, style="FormLeft") for line in outcome_choices.split("\n")], 3)], 1200),
            ([label("涉及金额"), value("{{检查.结果.金额说明 | default(\"无\")}}", 3)], 520),
            ([label("不予配合情形"), value("{{检查.结果.不予配合情形 | default(\"无\")}}", 3)], 520),
            ([label("被检查单位\n确认"), value(confirmation, 3)], 1100),
            ([label("检查人员\n签字"), value("组长：__________　组员：__________\n　　　　　　　　　　　　　年　　月　　日", 3)], 800),
        ], widths),
    ]


@form("检查报告", "visit", "{{检查.编号}}-检查报告.docx", needs=["结果"], when="发现问题",
      description="对发现问题的检查对象形成：检查时间、内容、情况、评价、处理意见和建议（000 §19）")
def report():
    return [
        title("医疗保障基金监督检查报告"),
        para("{{检查.机构.名称}}（统一社会信用代码：{{检查.机构.统一社会信用代码}}）", align="center"),
        para(""),
        heading("一、检查时间"),
        body("{{检查.结果.期间}}，{{检查.结果.方式}}。检查组：{{检查.检查人员}}。"),
        heading("二、检查内容"),
        body("{{检查.事项名称}}（{{任务.名称}}，任务编号{{任务.编号}}）。"),
        heading("三、检查情况"),
        *section_each("检查.事项", [body("{{@index}}. {{名称}}：{{发现}}")]),
        para("{{#if 检查.结果.金额说明}}"), body("{{检查.结果.金额说明}}。"), para("{{/if}}"),
        heading("四、对被检查人的评价"),
        body("{{检查.结果.评价}}"),
        heading("五、处理意见和建议"),
        *keep_together([
            body("处理意见：{{检查.结果.处理意见}}{{#if 检查.结果.整改期限}}，于{{检查.结果.整改期限 | 中文日期}}前整改到位{{/if}}。"
                 "{{#if 检查.结果.备注}}{{检查.结果.备注}}。{{/if}}"),
            para(""),
            para("检查组组长（签字）：__________", first_line=0),
            para("检查人员（签字）：__________　__________", first_line=0),
            para("{{检查.结果.结束 | 中文日期}}", align="right", right=4),
        ]),
    ]


@form("责令限期整改通知书", "visit", "{{检查.编号}}-责令限期整改通知书.docx", numbered="改", needs=["结果"], when="限期整改",
      description="处理意见为限期整改时：问题、依据、期限、如何报告整改情况（000 §20）")
def rectification():
    return [
        title("责令限期整改通知书"),
        docno(right=True),
        para("{{检查.机构.名称}}：", first_line=0),
        body("本局于{{检查.结果.期间}}对你单位开展了{{任务.名称}}，发现你单位存在以下问题："),
        *section_each("检查.问题", [body("{{@index}}. {{名称}}：{{发现}}")]),
        para("{{#if 检查.结果.违规金额}}"),
        body("上述问题涉及违规使用医疗保障基金{{检查.结果.违规金额 | 数字(2)}}元（大写：{{检查.结果.违规金额 | 大写金额}}）。"),
        para("{{/if}}"),
        body("根据《医疗保障基金使用监督管理条例》第二十七条、第三十八条的规定，现责令你单位于"
             "{{检查.结果.整改期限 | 中文日期}}前改正上述问题{{#if 检查.结果.追回金额}}，退回医疗保障基金"
             "{{检查.结果.追回金额 | 数字(2)}}元（大写：{{检查.结果.追回金额 | 大写金额}}）{{/if}}，"
             "并将整改情况书面报送本局，同时附整改的证明材料。逾期不改正或整改不到位的，本局将依法依规作进一步处理。"),
        body("你单位对本通知认定的事实有异议的，可在收到本通知之日起5个工作日内向本局书面提出陈述、申辩。"),
        *signature("成文日期", before=body(
            "你单位如不服本通知，可自收到本通知之日起六十日内向{{机关.复议机关}}申请行政复议，也可以自收到本通知之日起"
            "六个月内依法向{{机关.诉讼法院}}提起行政诉讼。复议、诉讼期间，本通知不停止执行。联系人：{{机关.联系人}}；"
            "联系电话：{{机关.联系电话}}。"), receipt=True),
    ]


@form("复查结果告知书", "visit", "{{检查.编号}}-复查结果告知书.docx", numbered="复", needs=["异议"], when="异议已复查",
      description="对公示结果提出异议后，告知复查结论（002 (二十三)）")
def review():
    return [
        title("复查结果告知书"),
        docno(right=True),
        para("{{检查.异议.申请人}}：", first_line=0),
        body("你（单位）于{{检查.异议.收到日期 | 中文日期}}对本局公示的{{检查.机构.名称}}抽查结果（{{任务.名称}}）提出异议，"
             "理由为：{{检查.异议.理由}}。"),
        body("本局已进行复查，结论如下：{{检查.异议.复查结论}}。"),
        body("抽查结果一经公示不得擅自更改；确有错误的，经本局主要负责人签字确认后予以更正。"),
        *signature("检查.异议.复查日期", before=body(
            "对本复查结论不服的，可自收到本告知书之日起六十日内向{{机关.复议机关}}申请行政复议，也可以自收到本告知书之日起"
            "六个月内依法向{{机关.诉讼法院}}提起行政诉讼。联系人：{{机关.联系人}}；联系电话：{{机关.联系电话}}。")),
    ]


# MARK: - Archival forms of the case file (一对象一档案, 002 (二十六))

@form("卷宗封面", "visit", "{{检查.编号}}-卷宗封面.docx", needs=["档案"],
      description="抽查卷宗封面：档号、题名、起止日期、件数、保管期限、立卷单位（DA/T 22-2015）")
def cover():
    widths = [2600, 6244]
    return [
        para("全宗号：{{机关.全宗号}}　　档号：{{检查.档案.档号}}", align="right", font=SONG, size=14),
        para(""), para(""),
        title("医疗保障基金监督检查", "抽 查 卷 宗"),
        para(""), para(""),
        grid([
            ([label("题　　名"), value("{{检查.档案.题名}}")], 1100),
            ([label("被检查单位"), value("{{检查.机构.名称}}")], 700),
            ([label("统一社会信用代码"), value("{{检查.机构.统一社会信用代码}}")], 700),
            ([label("处理意见"), value("{{检查.档案.处理意见}}")], 700),
            ([label("起止日期"), value("{{检查.档案.起止}}")], 700),
            ([label("本卷件数"), value("{{检查.档案.件数}}件")], 700),
            ([label("保管期限"), value("{{检查.档案.保管期限}}")], 700),
            ([label("立卷单位"), value("{{机关.名称}}")], 700),
        ], widths),
    ]


@form("卷内文件目录", "visit", "{{检查.编号}}-卷内文件目录.docx", needs=["档案"],
      description="卷内文件按件号排列：件号、文号、责任者、题名、日期、页数、密级、备注（DA/T 22-2015）")
def contents():
    return [
        title("卷内文件目录"),
        para("档号：{{检查.档案.档号}}", align="right", font=SONG, size=14),
        *list_table([
            ("件号", "{{件号}}", 4), ("文号", "{{文号}}", 10), ("责任者", "{{责任者}}", 9, "left"),
            ("题名", "{{题名}}", 14, "left"), ("日期", "{{日期}}", 8), ("页数", "{{页数}}", 4), ("密级", "{{密级}}", 4),
            ("备注", "{{备注}}", 5, "left"),
        ], "检查.档案.文件"),
    ]


@form("备考表", "visit", "{{检查.编号}}-备考表.docx", needs=["档案"],
      description="卷内备考表：本卷情况说明、立卷人、检查人、立卷时间（DA/T 22-2015）")
def remarks():
    widths = [2600, 6244]
    return [
        title("卷内备考表"),
        para("档号：{{检查.档案.档号}}", align="right", font=SONG, size=14),
        grid([
            ([label("本卷情况说明"), value([
                para("本卷共{{检查.档案.件数}}件，其中文书{{检查.档案.文书数}}件、证据材料{{检查.档案.证据数}}件。", style="FormLeft"),
                para("检查日期：{{检查.日期 | 中文日期}}；处理意见：{{检查.档案.处理意见}}。", style="FormLeft"),
                para("{{#if 检查.结果.更正}}", style="FormLeft"),
                para("结果经更正：{{检查.结果.更正}}（单位负责人：{{检查.结果.单位负责人}}）。", style="FormLeft"),
                para("{{/if}}", style="FormLeft"),
                para("电子文件均已计算 SHA-256 摘要，见档案包清单。", style="FormLeft"),
            ])], 5200),
            ([label("立卷人"), value("{{检查.档案.立卷人}}")], 700),
            ([label("检查人"), value("{{检查.档案.检查人}}")], 700),
            ([label("立卷时间"), value("{{检查.档案.立卷日期 | 中文日期}}")], 700),
        ], widths),
    ]


@form("销毁清册", "disposal", "{{清册.编号}}-档案销毁清册.docx", needs=["销毁"],
      description="到期鉴定后销毁的档案：档号、题名、起止日期、保管期限、件数；鉴定人、批准人、监销人签字")
def destruction():
    return [
        title("档案销毁清册"),
        para("清册编号：{{清册.编号}}", align="right", font=SONG, size=14),
        *list_table([
            ("序号", "{{@index}}", 4), ("档号", "{{档号}}", 14), ("题名", "{{题名}}", 18, "left"), ("起止日期", "{{起止日期}}", 11),
            ("保管期限", "{{保管期限}}", 6), ("到期日期", "{{到期日期}}", 8), ("件数", "{{件数}}", 4),
        ], "清册.档案", landscape=True),
        para(""),
        *keep_together([
            body("以上档案经鉴定已到保管期限、无继续保存价值，准予销毁。鉴定意见：{{清册.鉴定意见}}"),
            para(""),
            para("鉴定人：{{清册.鉴定人}}　　批准人：{{清册.批准人}}　　监销人：{{清册.监销人}}", first_line=0),
            para("销毁日期：{{清册.日期 | 中文日期}}", align="right", right=4),
        ]),
    ]


@form("四性检测报告", "report", "{{报告.编号}}-四性检测报告.docx", needs=["检测"],
      description="电子档案四性检测报告（DA/T 70-2018）：检测项目与结果、逐包结果、结论；检测人签字")
def check_report():
    widths = [2600, 6244]
    return [
        title("电子档案四性检测报告"),
        para("报告编号：{{报告.编号}}", align="right", font=SONG, size=14),
        grid([
            ([label("检测单位"), value("{{机关.名称}}（全宗号 {{机关.全宗号}}）")], 600),
            ([label("检测范围"), value("{{报告.范围}}")], 600),
            ([label("检测依据"), value("DA/T 70-2018《文书类电子档案检测一般要求》（归档环节：真实性、完整性、可用性、安全性）")], 600),
            ([label("检测方式"), value("{{报告.方式}}")], 600),
            ([label("签名核验"), value("{{报告.公钥}}")], 600),
            ([label("检测工具"), value("{{报告.工具}}")], 600),
            ([label("检测日期"), value("{{报告.日期 | 中文日期}}")], 600),
        ], widths),
        heading("一、检测项目与结果"),
        *list_table([
            ("编号", "{{编号}}", 5), ("检测项目", "{{项目}}", 9, "left"), ("检测内容", "{{内容}}", 20, "left"), ("结果", "{{结果}}", 8, "left"),
        ], "报告.项目"),
        heading("二、逐包检测结果"),
        *list_table([
            ("序号", "{{@index}}", 3), ("档号", "{{档号}}", 12, "left"), ("版本", "{{版本}}", 3), ("文件数", "{{文件数}}", 4),
            ("结果", "{{结果}}", 5), ("问题", "{{问题}}", 15, "left"),
        ], "报告.档案包"),
        # The conclusion and the signatures stay together on one page.
        para("三、结论", style="Heading1", keep_next=True),
        para("{{报告.结论}}", style="Body", keep_next=True),
        para("", keep_next=True),
        para("检测人：{{报告.检测人}}　　　签字：____________", first_line=0, keep_next=True),
        para("审核人：____________　　　日期：______年____月____日", first_line=0),
    ]


def main():
    global OUT
    if len(sys.argv) > 1:  # another folder, e.g. to check that templates/ is what this script writes
        OUT = sys.argv[1]
    catalogue = []
    for entry in FORMS:
        file = f"{entry['name']}.docx"
        write_docx(os.path.join(OUT, file), entry["name"], entry["builder"](), landscape=entry["landscape"])
        item = {key: entry[key] for key in ("name", "scope", "output", "public", "numbered", "when", "needs", "description")}
        item["file"] = file
        catalogue.append({key: item[key] for key in ("name", "file", "scope", "public", "numbered", "when", "needs", "output", "description")})
    with open(os.path.join(OUT, "catalog.json"), "w", encoding="utf-8") as out:
        json.dump({"version": 1, "forms": catalogue}, out, ensure_ascii=False, indent=2)
        out.write("\n")
    print(f"wrote {len(FORMS)} forms and catalog.json in {OUT}")


if __name__ == "__main__":
    main()
