"""A small WordprocessingML writer for SpotCheck's standard forms, laid out per GB/T 9704-2012.

Only the standard library: the forms are plain .docx files an office can open and edit in Word or
WPS, and this writer exists so that they can be regenerated and reviewed as code
(`python3 templates/source/build.py`). The zip is byte-reproducible: fixed timestamps, fixed order.
"""

import zipfile
from xml.sax.saxutils import escape

# GB/T 9704-2012 5.2.1 and 7.1: A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm.
MM = 1440 / 25.4
PAGE_W, PAGE_H = 11906, 16838
MARGIN = dict(top=round(37 * MM), bottom=round(35 * MM), left=round(28 * MM), right=round(26 * MM))
# 22 lines of 28 characters in the type area (225 mm × 156 mm): a line grid of 225 mm / 22, and 3号
# (16 pt) characters set 0.25 pt closer, so that 28 fit in 156 mm (28 × 15.75 pt = 441 pt ≤ 442.2 pt).
# (A character grid, Word's "linesAndChars", is drawn differently by LibreOffice and WPS; letter
# spacing is read the same way by all three.)
LINE_PITCH = (PAGE_H - MARGIN["top"] - MARGIN["bottom"]) // 22
CHARACTER_SPACING = -5  # twentieths of a point

# Font names as offices' Word installs have them; templates/fonts.conf maps them to free fonts.
TITLE_FONT = "方正小标宋简体"  # 2号 (22 pt) titles
BODY_FONT = "仿宋_GB2312"  # 3号 (16 pt) body
HEI = "黑体"  # first-level headings
KAI = "楷体_GB2312"  # second-level headings
SONG = "宋体"  # page numbers, 4号 (14 pt)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def run_props(font=None, size=None, bold=False, color=None, underline=False):
    parts = []
    if font:
        parts.append(f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:hint="eastAsia"/>')
    if bold:
        parts.append("<w:b/><w:bCs/>")
    if color:
        parts.append(f'<w:color w:val="{color}"/>')
    if size:
        half = round(size * 2)
        parts.append(f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>')
    if underline:
        parts.append('<w:u w:val="single"/>')
    return f"<w:rPr>{''.join(parts)}</w:rPr>" if parts else ""


def run(text, **props):
    """One run; a tab in the text becomes <w:tab/>."""
    pieces = text.split("\t")
    body = "<w:tab/>".join(f'<w:t xml:space="preserve">{escape(p)}</w:t>' for p in pieces)
    return f"<w:r>{run_props(**props)}{body}</w:r>"


def para(content="", style=None, align=None, first_line=None, left=None, right=None, before=None, after=None,
         keep_next=False, border_bottom=None, page_break_before=False, **props):
    """A paragraph. `content` is text (one run with `props`) or a list of ready-made runs."""
    ppr = []
    if style:
        ppr.append(f'<w:pStyle w:val="{style}"/>')
    if keep_next:
        ppr.append("<w:keepNext/>")
    if page_break_before:
        ppr.append("<w:pageBreakBefore/>")
    if border_bottom:
        ppr.append(f'<w:pBdr><w:bottom w:val="single" w:sz="{border_bottom[0]}" w:space="1" w:color="{border_bottom[1]}"/></w:pBdr>')
    if before is not None or after is not None:
        ppr.append(f'<w:spacing w:before="{before or 0}" w:after="{after or 0}"/>')
    ind = []
    if first_line is not None:
        ind.append(f'w:firstLineChars="{first_line * 100}" w:firstLine="{first_line * 320}"')
    if left is not None:
        ind.append(f'w:leftChars="{left * 100}" w:left="{left * 320}"')
    if right is not None:
        ind.append(f'w:rightChars="{right * 100}" w:right="{right * 320}"')
    if ind:
        ppr.append(f"<w:ind {' '.join(ind)}/>")
    if align:
        ppr.append(f'<w:jc w:val="{align}"/>')
    runs = content if isinstance(content, list) else ([run(content, **props)] if content else [])
    return f"<w:p><w:pPr>{''.join(ppr)}</w:pPr>{''.join(runs)}</w:p>"


def keep_together(paragraphs):
    """The paragraphs on one page: each but the last kept with the next, none split across pages.

    For signature blocks (GB/T 9704-2012 7.3.5: 署名 and 成文日期 never alone on a page) and for the
    blanks a person fills in by hand, which must not be broken."""
    out = []
    for index, paragraph in enumerate(paragraphs):
        keep = "<w:keepLines/>" if index == len(paragraphs) - 1 else "<w:keepNext/><w:keepLines/>"
        head, _, tail = paragraph.partition("<w:pPr>")
        rest = tail.replace("<w:keepNext/>", "").replace("<w:keepLines/>", "")
        if rest.startswith("<w:pStyle "):
            end = rest.index("/>") + 2
            rest = rest[:end] + keep + rest[end:]
        else:
            rest = keep + rest
        out.append(head + "<w:pPr>" + rest)
    return out


def cell(content, width, span=1, vmerge=None, align=None, header=False, shade=None, valign="center", style="TableText"):
    """A table cell; `content` is text (split into paragraphs at \\n) or a list of paragraphs."""
    tcpr = [f'<w:tcW w:w="{width}" w:type="dxa"/>']
    if span > 1:
        tcpr.append(f'<w:gridSpan w:val="{span}"/>')
    if vmerge:
        tcpr.append(f'<w:vMerge w:val="{vmerge}"/>' if vmerge == "restart" else "<w:vMerge/>")
    if shade:
        tcpr.append(f'<w:shd w:val="clear" w:color="auto" w:fill="{shade}"/>')
    tcpr.append(f'<w:vAlign w:val="{valign}"/>')
    if isinstance(content, list):
        paras = "".join(content)
    else:
        paras = "".join(para(line, style="TableHeader" if header else style, align=align) for line in content.split("\n"))
    return f"<w:tc><w:tcPr>{''.join(tcpr)}</w:tcPr>{paras}</w:tc>"


def row(cells, header=False, height=None):
    """A row that never splits across pages; a header row repeats on every page."""
    trpr = ["<w:cantSplit/>"]
    if height:
        trpr.append(f'<w:trHeight w:val="{height}" w:hRule="atLeast"/>')
    if header:
        trpr.append("<w:tblHeader/>")
    return f"<w:tr><w:trPr>{''.join(trpr)}</w:trPr>{''.join(cells)}</w:tr>"


def table(widths, rows):
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    border = '<w:{0} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    borders = "".join(border.format(side) for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
        f"<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type=\"fixed\"/>"
        '<w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="57" w:type="dxa"/><w:bottom w:w="28" w:type="dxa"/>'
        '<w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )


def text_width(landscape=False):
    return (PAGE_H if landscape else PAGE_W) - MARGIN["left"] - MARGIN["right"]


def section(landscape=False):
    w, h = (PAGE_H, PAGE_W) if landscape else (PAGE_W, PAGE_H)
    orient = ' w:orient="landscape"' if landscape else ""
    return (
        '<w:sectPr><w:footerReference w:type="default" r:id="rIdFooterOdd"/>'
        '<w:footerReference w:type="even" r:id="rIdFooterEven"/>'
        f'<w:pgSz w:w="{w}" w:h="{h}"{orient}/>'
        f'<w:pgMar w:top="{MARGIN["top"]}" w:right="{MARGIN["right"]}" w:bottom="{MARGIN["bottom"]}" '
        f'w:left="{MARGIN["left"]}" w:header="851" w:footer="1587" w:gutter="0"/>'
        f'<w:pgNumType w:fmt="decimal" w:start="1"/><w:docGrid w:type="lines" w:linePitch="{LINE_PITCH}"/>'
        "</w:sectPr>"
    )


def footer(side):
    # GB/T 9704-2012 7.5: 4号半角宋体阿拉伯数字, a dash either side, odd pages right and even pages
    # left, one character in from the edge.
    number = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    indent = f'<w:ind w:{"right" if side == "right" else "left"}="280"/>'
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
        f'<w:p><w:pPr><w:pStyle w:val="Footer"/>{indent}<w:jc w:val="{side}"/></w:pPr>'
        f'<w:r><w:t xml:space="preserve">— </w:t></w:r>{number}<w:r><w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>'
    )


def style(sid, name, kind="paragraph", font=None, size=None, bold=False, align=None, line=None, first_line=None,
          keep_next=False, spacing=None, based="Normal"):
    ppr = []
    if keep_next:
        ppr.append("<w:keepNext/>")
    if line == "single":
        ppr.append('<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:snapToGrid w:val="0"/>')
    elif spacing:
        ppr.append(spacing)
    if first_line is not None:
        ppr.append(f'<w:ind w:firstLineChars="{first_line * 100}" w:firstLine="{first_line * 320}"/>')
    if align:
        ppr.append(f'<w:jc w:val="{align}"/>')
    basis = f'<w:basedOn w:val="{based}"/>' if based and sid != "Normal" else ""
    return (
        f'<w:style w:type="{kind}" w:styleId="{sid}"><w:name w:val="{name}"/>{basis}<w:qFormat/>'
        f"<w:pPr>{''.join(ppr)}</w:pPr>{run_props(font=font, size=size, bold=bold)}</w:style>"
    )


STYLES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles xmlns:w="{W_NS}">'
    "<w:docDefaults><w:rPrDefault><w:rPr>"
    f'<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="{BODY_FONT}" w:cs="Times New Roman"/>'
    f'<w:spacing w:val="{CHARACTER_SPACING}"/><w:kern w:val="2"/><w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
    "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
    f'<w:widowControl/><w:spacing w:before="0" w:after="0" w:line="{LINE_PITCH}" w:lineRule="exact"/><w:jc w:val="both"/>'
    "</w:pPr></w:pPrDefault></w:docDefaults>"
    + style("Normal", "Normal", based=None)
    + style("Title", "Title", font=TITLE_FONT, size=22, align="center",
            spacing='<w:spacing w:before="0" w:after="0" w:line="720" w:lineRule="exact"/>')
    + style("Heading1", "heading 1", font=HEI, size=16, keep_next=True, first_line=2)
    + style("Heading2", "heading 2", font=KAI, size=16, keep_next=True, first_line=2)
    + style("Body", "正文首行缩进", first_line=2)
    + style("DocNo", "发文字号", align="center")
    + style("Banner", "发文机关标志", font=TITLE_FONT, size=36, align="center",
            spacing='<w:spacing w:before="0" w:after="0" w:line="960" w:lineRule="exact"/>')
    # List tables in 五号 (10.5 pt), form grids (登记表, 卷宗封面…) in 小四 (12 pt).
    + style("TableText", "表格文字", size=10.5, align="center", line="single")
    + style("TableLeft", "表格文字左对齐", size=10.5, align="left", line="single", based="TableText")
    + style("TableHeader", "表头", font=HEI, size=10.5, align="center", line="single", keep_next=True)
    + style("FormText", "表单文字", size=12, align="center", line="single")
    + style("FormLeft", "表单文字左对齐", size=12, align="left", line="single", based="FormText")
    + style("Footer", "footer", font=SONG, size=14, line="single")
    + "</w:styles>"
)

SETTINGS = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:settings xmlns:w="{W_NS}">'
    '<w:zoom w:percent="100"/><w:evenAndOddHeaders/><w:defaultTabStop w:val="420"/>'
    '<w:characterSpacingControl w:val="compressPunctuation"/>'
    '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
    "</w:settings>"
)


def font_entry(name, alt, family, panose="02010609060101010101"):
    return (f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:panose1 w:val="{panose}"/><w:charset w:val="86"/>'
            f'<w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>')


FONT_TABLE = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:fonts xmlns:w="{W_NS}">'
    + font_entry(TITLE_FONT, "宋体", "script")
    + font_entry(BODY_FONT, "仿宋", "modern")
    + font_entry(KAI, "楷体", "modern")
    + font_entry(HEI, "SimHei", "modern")
    + font_entry(SONG, "SimSun", "auto")
    + '<w:font w:name="Times New Roman"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/>'
    '<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>'
    + "</w:fonts>"
)

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
    '<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>'
    '<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
    '<Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)

PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)

DOCUMENT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    '<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>'
    '<Relationship Id="rIdFonts" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>'
    '<Relationship Id="rIdFooterOdd" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>'
    '<Relationship Id="rIdFooterEven" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml"/>'
    "</Relationships>"
)


def core(title):
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:creator>SpotCheck</dc:creator><cp:lastModifiedBy>SpotCheck</cp:lastModifiedBy>"
        '<dcterms:created xsi:type="dcterms:W3CDTF">2024-01-01T00:00:00Z</dcterms:created>'
        '<dcterms:modified xsi:type="dcterms:W3CDTF">2024-01-01T00:00:00Z</dcterms:modified>'
        "</cp:coreProperties>"
    )


APP = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>SpotCheck</Application></Properties>"
)


def write_docx(path, title, body, landscape=False):
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
        f"<w:body>{''.join(body)}{section(landscape)}</w:body></w:document>"
    )
    parts = [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", PACKAGE_RELS),
        ("docProps/core.xml", core(title)),
        ("docProps/app.xml", APP),
        ("word/document.xml", document),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS),
        ("word/styles.xml", STYLES),
        ("word/settings.xml", SETTINGS),
        ("word/fontTable.xml", FONT_TABLE),
        ("word/footer1.xml", footer("right")),
        ("word/footer2.xml", footer("left")),
    ]
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in parts:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, text.encode("utf-8"))
