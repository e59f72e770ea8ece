#!/usr/bin/env python3
"""Independent checker for SpotCheck's draw and match records, written from docs/DRAW.md alone.

    python3 Tests/checker/drawcheck.py DIR [--json]

DIR is a workspace's draws/ folder: draw records TASK-N.xml (urn:spotcheck:draw:2), match records
TASK-match-N.xml (urn:spotcheck:match:2) and registry snapshots targets-HASH.csv. Every record is
recomputed from its own inputs (and the files it names in DIR) and compared. Section names in the
comments ("Conventions", "The draw", ...) are those of docs/DRAW.md.
Exit status: 0 every record holds, 1 some record does not, 2 usage error.
"""
import csv
import datetime
import hashlib
import io
import json
import os
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET
from fractions import Fraction

DRAW_NS, MATCH_NS = "urn:spotcheck:draw:2", "urn:spotcheck:match:2"
OLD_NS = {"urn:spotcheck:draw:1", "urn:spotcheck:match:1"}
SIX_TYPES = ["定点医院", "定点基层医疗机构", "定点零售药店", "用人单位", "参保个人", "其他"]
HEADER = "统一社会信用代码,机构名称,机构类型,风险等级,所属区域,状态,黑名单,经营异常,失信,严重违法"
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


# ---------------------------------------------------------------- Conventions


def beijing_date(stamp):
    """The calendar day of an ISO 8601 time in Beijing (UTC+8); a bare date is that date."""
    if len(stamp) == 10:
        return stamp
    try:
        moment = datetime.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp[:10]
    if moment.tzinfo is None:
        return stamp[:10]
    return (moment.astimezone(datetime.timezone(datetime.timedelta(hours=8)))).date().isoformat()

def byte_sorted(items):
    return sorted(items, key=lambda s: s.encode("utf-8"))


def joined(items):  # "A list joined by 、 is the items in byte order with U+3001 between them"
    return "、".join(byte_sorted(items))


def sha256_file(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def text_problem(label, s):
    """NFC and no control character (U+0000–U+001F, U+007F–U+009F)."""
    if unicodedata.normalize("NFC", s) != s:
        return f"{label} {s!r} is not NFC"
    if any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in s):
        return f"{label} {s!r} holds a control character"
    return None


RATIO_RE = re.compile(r"^([0-9]+)(?:\.([0-9]+))?%$")


def parse_ratio(text):
    """Exact fraction p = P/100, or None when not a ratio."""
    m = RATIO_RE.match(text or "")
    if not m:
        return None
    whole, frac = m.group(1), m.group(2) or ""
    return Fraction(int(whole + frac), 10 ** len(frac)) / 100


def canonical_ratio(p):
    """Canonical text of p (a fraction of 1), e.g. 333/1000/100 -> '33.3%'."""
    pct = p * 100
    num, den, digits = pct.numerator, pct.denominator, 0
    while den != 1:  # a ratio read from decimal text always terminates
        num, den, digits = num * 10, den, digits + 1
        g = Fraction(num, den)
        num, den = g.numerator, g.denominator
        if digits > 60:
            return None
    s = str(num).rjust(digits + 1, "0")
    s = s if digits == 0 else s[:-digits] + "." + s[-digits:]
    return s + "%"


def credit_code_ok(code):
    if len(code) != 18 or any(c not in ALPHABET for c in code):
        return False
    total = sum(ALPHABET.index(c) * w for c, w in zip(code[:17], WEIGHTS))
    return code[17] == ALPHABET[(31 - total % 31) % 31]


# ------------------------------------------------------- the stream, uniform, Fisher–Yates

class Stream:
    """Block i = SHA256(key ‖ i as 8 bytes big-endian); four big-endian 64-bit words each."""

    def __init__(self, key):
        self.key, self.block, self.words = key, 0, []

    def word(self):
        if not self.words:
            d = hashlib.sha256(self.key + self.block.to_bytes(8, "big")).digest()
            self.words = [int.from_bytes(d[k:k + 8], "big") for k in range(0, 32, 8)]
            self.block += 1
        return self.words.pop(0)

    def uniform(self, m):
        r = (1 << 64) % m
        while True:
            w = self.word()
            if w < (1 << 64) - r:
                return w % m


def partial_fisher_yates(pool, n, stream):
    pool = list(pool)
    for i in range(n):
        j = i + stream.uniform(len(pool) - i)
        pool[i], pool[j] = pool[j], pool[i]
    return pool[:n]


# ---------------------------------------------------------------- The seed

def assemble_seed(sources):
    """RFC 3797 §4 text of the sources, or raise ValueError."""
    out = []
    for src in sources:
        cut = [i for i in (src.find(":"), src.find("：")) if i >= 0]
        rest = src[min(cut) + 1:] if cut else src
        pieces = [p for p in re.split(r"[ \t,，、;；]+", rest) if p != ""]
        for p in pieces:
            if not re.fullmatch(r"[0-9]+", p):
                raise ValueError(f"seed source {src!r}: piece {p!r} is not ASCII digits")
        out.append("".join(f"{v}." for v in sorted(int(p) for p in pieces)) + "/")
    return "".join(out)


# ---------------------------------------------------------------- The registry snapshot

FORMULA = ("=", "+", "-", "@", "\t", "\r")


def csv_field(s):
    if s[:1] in FORMULA:
        s = "'" + s
        return '"' + s.replace('"', '""') + '"'
    if any(c in s for c in ',"\r\n'):
        return '"' + s.replace('"', '""') + '"'
    return s


def read_snapshot(path, diffs):
    """Rows of the snapshot as dicts (header names), checking the file's format."""
    raw = open(path, "rb").read()
    if raw.startswith(b"\xef\xbb\xbf"):
        diffs.append("snapshot starts with a BOM")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        diffs.append("snapshot is not UTF-8")
        return None
    if not text.endswith("\r\n"):
        diffs.append("snapshot's last line does not end in CRLF")
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    if not rows or ",".join(rows[0]) != HEADER:
        diffs.append("snapshot's first line is not the required header")
        return None
    names = rows[0]
    out = []
    for r in rows[1:]:
        if len(r) != len(names):
            diffs.append(f"snapshot line {r!r} does not have {len(names)} fields")
            continue
        out.append(dict(zip(names, r)))
    # Serialise again exactly as the page says and compare byte for byte (a name read as "'=…" had
    # the apostrophe put in front of it; the page does not say how a name that begins "'=" is written).
    unguard = lambda v: v[1:] if v[:1] == "'" and v[1:2] in FORMULA else v
    again = HEADER + "\r\n" + "".join(",".join(csv_field(unguard(v)) for v in r) + "\r\n"
                                      for r in rows[1:] if len(r) == len(names))
    if again.encode("utf-8") != raw.lstrip(b"\xef\xbb\xbf"):
        diffs.append("snapshot is not written as the page says (CRLF, RFC 4180 quoting, formula apostrophes)")
    codes = [r["统一社会信用代码"] for r in out]
    if codes != byte_sorted(codes) or len(set(codes)) != len(codes):
        diffs.append("snapshot lines are not in byte order of credit code, one per code")
    for r in out:
        if any(r[f] not in ("是", "否") for f in ("黑名单", "经营异常", "失信", "严重违法")):
            diffs.append(f"snapshot line {r['统一社会信用代码']}: a flag is not 是/否")
    return out


# ---------------------------------------------------------------- The draw record

def q(ns, path):
    return "/".join(f"{{{ns}}}{p}" for p in path.split("/"))


def draw_master(task, types, districts, ratios, seed, registry_hash):
    lines = ["spotcheck-draw-v2", task.get("id", ""), seed, registry_hash, task.get("year", ""),
             task.get("from", ""), task.get("to", ""), task.get("keyItems", ""), task.get("perYearCap", ""),
             joined(types), joined(districts),
             "、".join(f"{g}={r}" for g, r in sorted(ratios.items(), key=lambda kv: kv[0].encode()))]
    return hashlib.sha256("\n".join(lines).encode("utf-8")).digest()


def check_draw(path, root, d):
    N = lambda p: q(DRAW_NS, p)
    directory, fname = os.path.dirname(path), os.path.basename(path)
    if root.get("algorithm") != "spotcheck-draw-v2":
        d.append(f"algorithm is {root.get('algorithm')!r}, not spotcheck-draw-v2")
    task = root.find(N("task"))
    if task is None:
        return d.append("no <task>")
    tid = task.get("id", "")
    types = [e.text or "" for e in task.findall(N("type"))]
    districts = [e.text or "" for e in task.findall(N("district"))]
    ratio_elems = task.findall(N("ratio"))
    ratios = {e.get("grade", ""): (e.text or "") for e in ratio_elems}
    seed = root.findtext(N("seed")) or ""
    sources = [e.text or "" for e in root.findall(N("seedSource"))]

    # Conventions: NFC, no control characters.
    named = [("task id", tid), ("seed", seed)] + [("seed source", s) for s in sources]
    named += [("stratum name", e.get("name", "")) for e in root.iter(N("stratum"))]
    for label, s in named:
        p = text_problem(label, s)
        if p:
            d.append(p)

    # Task attributes.
    m = re.fullmatch(r"(.+)-([0-9]+)\.xml", fname)
    if not m or m.group(1) != tid:
        d.append(f"file name {fname} is not TASK-N.xml for task {tid!r}")
    for a in ("from", "to"):
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", task.get(a, "")):
            d.append(f"task {a}={task.get(a)!r} is not YYYY-MM-DD")
    if task.get("keyItems") not in ("0", "1"):
        d.append(f"keyItems={task.get('keyItems')!r} is not 0 or 1")
    key_items = task.get("keyItems") == "1"
    grades = [e.get("grade", "") for e in ratio_elems]
    if grades != byte_sorted(grades) or len(set(grades)) != len(grades):
        d.append("task ratios are not one per grade in byte order")
    for g, r in ratios.items():
        p = parse_ratio(r)
        if p is None:
            d.append(f"ratio {g}={r!r} is not a ratio")
        elif canonical_ratio(p) != r:
            d.append(f"ratio {g}={r!r} is not canonical ({canonical_ratio(p)})")

    # Window: the draw comes before the window opens.
    drawn_at = root.findtext(N("drawnAt")) or ""
    entered = root.find(N("enteredAt"))
    if beijing_date(drawn_at) > task.get("from", ""):
        d.append(f"drawnAt {drawn_at} is after the window opened ({task.get('from')})")
    if (len(drawn_at) == 10) != (entered is not None):
        d.append("<enteredAt> must be present exactly when drawnAt is a date only")
    if entered is not None and not entered.get("reason"):
        d.append("a draw entered later gives no reason")

    # Attempt chain.
    att = root.find(N("attempt"))
    number = att.get("number", "") if att is not None else ""
    prev = att.find(N("previous")) if att is not None else None
    if m and number != m.group(2):
        d.append(f"attempt number {number!r} does not match the file name")
    if number == "1":
        if prev is not None or (att.get("reason") or ""):
            d.append("attempt 1 has a reason or a previous record")
    elif number.isdigit() and int(number) > 1:
        if not (att.get("reason") or "").strip():
            d.append(f"attempt {number} gives no reason")
        want = f"{tid}-{int(number) - 1}.xml"
        if prev is None:
            d.append(f"attempt {number} cites no previous record")
        else:
            if prev.get("record") != want:
                d.append(f"previous record is {prev.get('record')!r}, expected {want}")
            ppath = os.path.join(directory, want)
            if not os.path.exists(ppath):
                d.append(f"previous record {want} is not in the folder")
            else:
                if sha256_file(ppath) != prev.get("sha256"):
                    d.append(f"previous record {want}: SHA-256 differs from the one cited")
                try:
                    pa = ET.parse(ppath).getroot().find(N("attempt"))
                    if pa is None or pa.get("number") != str(int(number) - 1):
                        d.append(f"previous record {want} is not attempt {int(number) - 1}")
                except ET.ParseError:
                    d.append(f"previous record {want} is not XML")
    else:
        d.append(f"attempt number {number!r} is not 1, 2, …")

    # The seed and its sources.
    if sources:
        try:
            want = assemble_seed(sources)
            if want != seed:
                d.append(f"seed {seed!r} is not the RFC 3797 text of its sources ({want!r})")
        except ValueError as e:
            d.append(str(e))

    # The registry snapshot.
    reg = root.find(N("registry"))
    rhash = reg.get("hash", "") if reg is not None else ""
    rows = None  # None: no snapshot to compare the candidates and exclusions with
    if reg is None or reg.get("file") != f"targets-{rhash}.csv":
        d.append("registry file is not targets-HASH.csv for the registry hash")
    spath = os.path.join(directory, f"targets-{rhash}.csv")
    if not os.path.exists(spath):
        d.append(f"snapshot targets-{rhash}.csv is not in the folder")
    else:
        if sha256_file(spath) != rhash:
            d.append("snapshot's SHA-256 differs from the registry hash")
        rows = read_snapshot(spath, d)
        if rows is not None and reg.get("rows") != str(len(rows)):
            d.append(f"registry rows={reg.get('rows')!r} but the snapshot has {len(rows)} targets")

    # Who is drawn from: the strata.
    plan_types = types or SIX_TYPES
    want_strata = {f"{t}/{g}": r for t in plan_types for g, r in ratios.items()}
    strata = {}
    for s in root.findall(N("strata/stratum")):
        name = s.get("name", "")
        if name in strata:
            d.append(f"stratum {name} appears twice")
        cands = [c.text or "" for c in s.findall(N("candidate"))]
        strata[name] = (s.get("ratio", ""), cands)
        if cands != byte_sorted(cands):
            d.append(f"stratum {name}: candidates are not in byte order")
        for c in cands:
            if not credit_code_ok(c):
                d.append(f"stratum {name}: candidate {c} has a wrong check character")
    if set(strata) != set(want_strata):
        missing, extra = set(want_strata) - set(strata), set(strata) - set(want_strata)
        d.append(f"strata differ from the plan's: missing {byte_sorted(missing)}, extra {byte_sorted(extra)}")
    for name, r in want_strata.items():
        if name in strata and strata[name][0] != r:
            d.append(f"stratum {name}: ratio {strata[name][0]!r}, the plan gives {r!r}")

    # Candidates and exclusions against the snapshot.
    excluded = {}
    for t in root.findall(N("excluded/target")):
        code = t.get("code", "")
        if code in excluded:
            d.append(f"excluded target {code} appears twice")
        excluded[code] = t.get("rule", "")
    cand_of = {}
    for name, (_, cands) in strata.items():
        for c in cands:
            if c in cand_of or c in excluded:
                d.append(f"target {c} is a candidate twice or both candidate and excluded")
            cand_of[c] = name
    if rows is not None:
        in_scope = {}
        for r in rows:
            if ((not types or r["机构类型"] in types) and (not districts or r["所属区域"] in districts)
                    and r["风险等级"] in ratios):
                in_scope[r["统一社会信用代码"]] = r
        for code in list(cand_of) + list(excluded):
            if code not in in_scope:
                d.append(f"target {code} is listed but is not in scope or not in the snapshot")
        for code, r in in_scope.items():
            rule, flagged = excluded.get(code), any(r[f] == "是" for f in ("黑名单", "经营异常", "失信", "严重违法"))
            if r["状态"] != "正常":
                if rule != "status":
                    d.append(f"target {code} (状态 {r['状态']}) should be excluded with rule status")
            elif rule is None:
                stratum = f"{r['机构类型']}/{r['风险等级']}"
                if cand_of.get(code) != stratum:
                    d.append(f"target {code} should be a candidate of {stratum}")
            elif rule == "cap" and (flagged or key_items):
                d.append(f"target {code} excluded by cap although " + ("flagged" if flagged else "keyItems=1"))
            elif rule not in ("cap", "upper"):
                d.append(f"target {code} (状态 正常) excluded with rule {rule!r}")

    # The draw.
    master = draw_master(task, types, districts, ratios, seed, rhash)
    results = {}
    result_names = []
    for s in root.findall(N("result/stratum")):
        result_names.append(s.get("name", ""))
        results[s.get("name", "")] = (s.get("population"), [t.get("code", "") for t in s.findall(N("target"))])
    if result_names != byte_sorted(result_names) or len(set(result_names)) != len(result_names):
        d.append("result strata are not in byte order of name, once each")
    for name in byte_sorted(set(results) - set(strata)):
        d.append(f"result stratum {name} is not a stratum of the record")
    for name in byte_sorted(strata):
        ratio, pool = strata[name]
        p = parse_ratio(ratio)
        if p is None:
            d.append(f"stratum {name}: ratio {ratio!r} is not a ratio")
            continue
        size = len(pool)
        n = 0 if size == 0 or p == 0 else min(size, max(1, -((-size * p.numerator) // p.denominator)))
        drawn = partial_fisher_yates(pool, n, Stream(master + name.encode("utf-8")))
        if name not in results:
            d.append(f"result has no stratum {name}")
            continue
        population, got = results[name]
        if population != str(size):
            d.append(f"result {name}: population {population}, candidates {size}")
        if got != drawn:
            d.append(f"result {name}: drawn {got}, recomputed {drawn}")

    # Batch order.
    all_drawn = [c for nm in byte_sorted(results) for c in results[nm][1]]
    batch = root.find(N("batchOrder"))
    if key_items and all_drawn:
        pool = byte_sorted(all_drawn)
        want = partial_fisher_yates(pool, len(pool), Stream(master + "batch-order".encode("utf-8")))
        if batch is None:
            d.append("no <batchOrder> although keyItems=1 and targets were drawn")
        elif [t.get("code") for t in batch.findall(N("target"))] != want:
            d.append(f"batch order differs from the recomputed one {want}")
    elif batch is not None:
        d.append("<batchOrder> present although keyItems is not 1 or nothing was drawn")


# ---------------------------------------------------------------- The match record

def check_match(path, root, d):
    N = lambda p: q(MATCH_NS, p)
    directory, fname = os.path.dirname(path), os.path.basename(path)
    if root.get("algorithm") != "spotcheck-match-v2":
        d.append(f"algorithm is {root.get('algorithm')!r}, not spotcheck-match-v2")
    task = root.find(N("task"))
    if task is None:
        return d.append("no <task>")
    tid, wfrom, wto = task.get("id", ""), task.get("from", ""), task.get("to", "")
    needs_expert = task.get("needsExpert") == "true"
    seed = root.findtext(N("seed")) or ""
    reg = root.find(N("registry"))
    reg_hash = reg.get("hash", "") if reg is not None else ""
    drawref = root.find(N("draw"))
    draw_sha = drawref.get("sha256", "") if drawref is not None else ""
    team_size = int(root.findtext(N("teamSize")) or "0")
    subs = root.findall(N("substitutions/substitution"))
    m = re.fullmatch(r"(.+)-match-([0-9]+)\.xml", fname)
    if not m or m.group(1) != tid:
        d.append(f"file name {fname} is not TASK-match-N.xml for task {tid!r}")
    elif int(m.group(2)) != len(subs) + 1:
        d.append(f"version {m.group(2)} but {len(subs)} substitution(s): expected version {len(subs) + 1}")
    if team_size < 1:
        d.append("teamSize is not a positive number")

    # Pool (sorted by key), bookings.
    # <outsiders> is not on the page: SpotCheck lists there the people assigned directly from outside
    # the pool (e.g. another department). They may staff an assigned visit but are never drawn.
    pool, members = [], {}
    for where in ("pool/member", "outsiders/member"):
        for e in root.findall(N(where)):
            k = e.get("key", "")
            if k in members:
                d.append(f"member {k} appears twice")
            members[k] = {"expert": e.get("expert") == "true", "joint": e.get("joint") == "true",
                          "dept": e.get("department", ""), "valid": e.get("validUntil", ""),
                          "conflicts": {c.text or "" for c in e.findall(N("conflict"))}}
            if where == "pool/member":
                pool.append(k)
    pool = byte_sorted(set(pool))
    booked = {}
    for b in root.findall(N("bookedElsewhere/booking")):
        booked.setdefault(b.get("date", ""), set()).add(b.get("key", ""))

    # Scope.
    scope = root.find(N("scope"))
    dept = scope.get("department", "") if scope is not None else ""
    if dept:
        for k in pool:
            mb = members[k]
            if not mb["expert"] and not mb["joint"] and mb["dept"] != dept:
                d.append(f"pool member {k} is of department {mb['dept']!r}, outside the scope {dept!r}")

    # Working days, visits, dates.
    days = [e.text or "" for e in root.findall(N("workingDays/day"))]
    if days != sorted(set(days)) or any(not (wfrom <= x <= wto) for x in days):
        d.append("working days are not distinct, ascending and inside the window")
    visits = [{"id": v.get("id", ""), "date": v.get("date", ""), "target": v.get("target", ""),
               "needs": v.get("needsExpert") == "true",
               "assigned": [a.get("key", "") for a in v.findall(N("assigned"))]}
              for v in root.findall(N("visits/visit"))]
    n = len(visits)
    for i, v in enumerate(visits):
        want_id = f"{tid}-{i + 1:04d}"
        want_date = days[i * len(days) // n] if days else None
        if v["id"] != want_id:
            d.append(f"visit {i}: id {v['id']}, expected {want_id}")
        if v["date"] != want_date:
            d.append(f"visit {v['id']}: date {v['date']}, expected {want_date}")
        if not (wfrom <= v["date"] <= wto):
            d.append(f"visit {v['id']}: date {v['date']} outside the window")
        if v["needs"] != needs_expert:
            d.append(f"visit {v['id']}: needsExpert differs from the task's")
    by_id = {v["id"]: v for v in visits}
    merged = [{"code": e.get("code", ""), "visit": e.get("visit", ""), "date": e.get("date", ""),
               "expert": e.get("expert", "") or "", "hosts": [h.get("key", "") for h in e.findall(N("host"))]}
              for e in root.findall(N("merged/target"))]

    # Checks against the draw.
    dpath = os.path.join(directory, os.path.basename(drawref.get("record", "")) if drawref is not None else "")
    if drawref is None or not os.path.isfile(dpath):
        d.append("the draw record it names is not in the folder")
    else:
        if sha256_file(dpath) != draw_sha:
            d.append("the draw record's SHA-256 differs from the one cited")
        droot = ET.parse(dpath).getroot()
        if droot.tag != f"{{{DRAW_NS}}}draw":
            d.append("the named draw record is not a spotcheck-draw-v2 record")
        else:
            dt = droot.find(q(DRAW_NS, "task"))
            if dt is None or (dt.get("id"), dt.get("from"), dt.get("to")) != (tid, wfrom, wto):
                d.append("the draw record is of another task or window")
            batch = droot.find(q(DRAW_NS, "batchOrder"))
            if batch is not None:
                order = [t.get("code", "") for t in batch.findall(q(DRAW_NS, "target"))]
            else:
                res = droot.findall(q(DRAW_NS, "result/stratum"))
                res = sorted(res, key=lambda s: s.get("name", "").encode())
                order = [t.get("code", "") for s in res for t in s.findall(q(DRAW_NS, "target"))]
            joined_codes = [j["code"] for j in merged]
            for c in joined_codes:
                if c not in order:
                    d.append(f"joined target {c} was not drawn")
            want = [c for c in order if c not in joined_codes]
            if [v["target"] for v in visits] != want:
                d.append(f"visit targets {[v['target'] for v in visits]} are not the draw's order minus joins {want}")
    for j in merged:
        if j["visit"] in by_id or j["visit"].startswith(tid + "-") and j["visit"][len(tid) + 1:].isdigit():
            d.append(f"target {j['code']} joins this task's own visit {j['visit']}")
        if not (wfrom <= j["date"] <= wto):
            d.append(f"joined target {j['code']}: date {j['date']} outside the window")

    # Algorithm.
    master = hashlib.sha256("\n".join(["spotcheck-match-v2", tid, seed, reg_hash, draw_sha]).encode()).digest()

    def eligible(key, date, target, busy):
        mb = members[key]
        return (key not in busy and target not in mb["conflicts"]
                and (mb["expert"] or mb["valid"] >= date))

    busy = {date: set(keys) for date, keys in booked.items()}
    want_teams = {}
    for v in sorted(visits, key=lambda v: (v["date"], v["id"])):
        b = busy.setdefault(v["date"], set())
        insp = [k for k in pool if not members[k]["expert"] and eligible(k, v["date"], v["target"], b)]
        expr = [k for k in pool if members[k]["expert"] and eligible(k, v["date"], v["target"], b)]
        shortage = len(insp) < team_size or (v["needs"] and not expr)
        if v["assigned"]:
            a = v["assigned"]
            if not shortage:
                d.append(f"visit {v['id']}: direct assignment without a shortage")
            if any(k not in members or not eligible(k, v["date"], v["target"], b) for k in a):
                d.append(f"visit {v['id']}: an assigned person is not eligible")
            a_insp = [k for k in a if k in members and not members[k]["expert"]]
            a_expr = [k for k in a if k in members and members[k]["expert"]]
            if len(a_insp) < team_size or (v["needs"] and not a_expr):
                d.append(f"visit {v['id']}: the assignment is short of inspectors or of an expert")
            want_teams[v["id"]] = ("assigned", a_insp, a_expr)
            b.update(a)
        elif shortage:
            want_teams[v["id"]] = ("shortage", [], [])
        else:
            st = Stream(master + v["id"].encode("utf-8"))
            team = partial_fisher_yates(insp, team_size, st)
            ex = partial_fisher_yates(expr, 1, st) if v["needs"] else []
            want_teams[v["id"]] = ("drawn", team, ex)
            b.update(team + ex)

    teams = {}
    for t in root.findall(N("teams/team")):
        vid = t.get("visit", "")
        if vid in teams:
            d.append(f"team of {vid} appears twice")
        teams[vid] = ([(i.get("key", ""), i.get("role", "")) for i in t.findall(N("inspector"))],
                      [e.get("key", "") for e in t.findall(N("expert"))])
    for vid in teams:
        if vid not in by_id:
            d.append(f"team for unknown visit {vid}")
    for v in visits:
        kind, w_insp, w_expr = want_teams[v["id"]]
        got = teams.get(v["id"])
        if kind == "shortage":  # SpotCheck reports it and offers --assign/--joint; a record cannot hold it
            d.append(f"visit {v['id']}: too few eligible people (shortage) and no direct assignment")
            continue
        if got is None:
            d.append(f"visit {v['id']}: no team recorded")
            continue
        keys, roles = [k for k, _ in got[0]], [r for _, r in got[0]]
        if kind == "drawn":
            if keys != w_insp or got[1] != w_expr:
                d.append(f"visit {v['id']}: team {keys}+{got[1]}, recomputed {w_insp}+{w_expr}")
            if roles != ["组长"] + ["组员"] * (len(roles) - 1):
                d.append(f"visit {v['id']}: roles {roles} (the first drawn leads as 组长, the others 组员)")
        else:
            # Not on the page: the CLI help says the leader is named first (--assign CODE=KEY,KEY).
            if keys != w_insp or got[1] != w_expr:
                d.append(f"visit {v['id']}: team {keys}+{got[1]} is not the assigned {w_insp}+{w_expr}")
            if roles != ["组长"] + ["组员"] * (len(roles) - 1):
                d.append(f"visit {v['id']}: roles {roles} (the first assigned leads as 组长)")

    # Joined visits: an expert when the host team has none.
    for j in sorted(merged, key=lambda j: (j["date"], j["visit"])):
        host_has_expert = any(k in pool and members[k]["expert"] for k in j["hosts"])
        if needs_expert and not host_has_expert:
            b = busy.setdefault(j["date"], set())
            elig = [k for k in pool if members[k]["expert"] and k not in b and k not in j["hosts"]
                    and j["code"] not in members[k]["conflicts"]]
            want = partial_fisher_yates(elig, 1, Stream(master + ("join\n" + j["visit"]).encode("utf-8")))
            if [j["expert"]] != want:
                d.append(f"joined target {j['code']}: expert {j['expert']!r}, recomputed {want or 'none eligible'}")
            b.update(want)
        elif j["expert"]:
            d.append(f"joined target {j['code']}: expert {j['expert']!r} drawn although none was needed")

    # Substitutions, replayed on the teams as recorded.
    current = {vid: ([k for k, _ in ins], list(ex)) for vid, (ins, ex) in teams.items()}
    replaced = []  # (date, key)
    for k, s in enumerate(subs):
        vid, removed, added = s.get("visit", ""), s.get("removed", ""), s.get("added", "")
        v = by_id.get(vid)
        for a in ("reason", "approver", "operator", "at"):
            if not s.get(a):
                d.append(f"substitution {k}: no {a}")
        if v is None or vid not in current:
            d.append(f"substitution {k}: visit {vid} has no team in this record")
            continue
        ins, ex = current[vid]
        if removed not in ins + ex or removed not in members:
            d.append(f"substitution {k}: {removed} is not on the team of {vid}")
            continue
        date = v["date"]
        b = {x.get("key", "") for x in s.findall(N("bookedElsewhere"))}  # element name: from the records
        for other in visits:
            if other["date"] == date and other["id"] in current:
                b.update(current[other["id"]][0] + current[other["id"]][1])
        b.add(removed)
        b.update(key for (dt, key) in replaced if dt == date)
        kind = members[removed]["expert"]
        elig = [p for p in pool if members[p]["expert"] == kind and eligible(p, date, v["target"], b)]
        stream = Stream(master + f"substitute\n{k}\n{vid}".encode("utf-8"))
        want = partial_fisher_yates(elig, 1, stream)
        if [added] != want:
            d.append(f"substitution {k} on {vid}: added {added!r}, recomputed {want}")
        new = added
        if removed in ins:
            ins[ins.index(removed)] = new
        else:
            ex[ex.index(removed)] = new
        replaced.append((date, removed))


# ---------------------------------------------------------------- driver

RECORD_RE = re.compile(r".+-[0-9]+\.xml$")


def check_file(path):
    diffs = []
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as e:
        return False, [f"not readable XML: {e}"], None
    ns = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
    if ns in OLD_NS:
        return True, [], "skipped (v1)"
    try:
        if root.tag == f"{{{DRAW_NS}}}draw":
            check_draw(path, root, diffs)
        elif root.tag == f"{{{MATCH_NS}}}match":
            check_match(path, root, diffs)
        else:
            diffs.append(f"unknown record {root.tag}")
    except Exception as e:  # a malformed record must fail, not crash the run
        diffs.append(f"cannot be checked: {type(e).__name__}: {e}")
    return not diffs, diffs, None


def main(argv):
    args = [a for a in argv if a != "--json"]
    if len(args) != 1 or any(a.startswith("-") for a in args) or not os.path.isdir(args[0]):
        print("usage: drawcheck.py DIR [--json]   (DIR: a workspace's draws/ folder)", file=sys.stderr)
        return 2
    directory = args[0]
    names = sorted(f for f in os.listdir(directory) if RECORD_RE.match(f))
    report = []
    for f in names:
        ok, diffs, note = check_file(os.path.join(directory, f))
        report.append({"record": f, "ok": ok, "differences": diffs, **({"note": note} if note else {})})
    if "--json" in argv:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        for r in report:
            if r.get("note"):
                print(f"SKIP {r['record']}: {r['note']}")
            elif r["ok"]:
                print(f"OK {r['record']}")
            else:
                print(f"FAIL {r['record']}: " + "; ".join(r["differences"]))
    return 0 if all(r["ok"] for r in report) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
