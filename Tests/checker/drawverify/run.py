#!/usr/bin/env python3
"""Runs the in-browser verifier Sources/Web/Resources/public/drawverify.js in headless
Chromium (Selenium) on every draw and match record of a draws/ folder.

    python3 Tests/checker/drawverify/run.py WORKSPACE/draws            # verify; exit 1 on any failure
    python3 Tests/checker/drawverify/run.py WORKSPACE/draws --tamper   # also: tampered copies must FAIL

Prints one line per record (OK/FAIL, and for a failure every problem found). With
--tamper it also edits copies of the records and snapshots one way each (see TAMPERS)
and requires the verifier to FAIL each with a problem that names the edit. Chaining is
tested on a redraw synthesised here from docs/DRAW.md (§ The draw), because a real
second attempt needs SpotCheck; the acceptance test is the unmodified folder.

Needs: pip install selenium; Debian's chromium and chromium-driver.
"""

import argparse
import base64
import functools
import hashlib
import http.server
import json
import os
import re
import shutil
import sys
import tempfile
import threading
import xml.etree.ElementTree as ET
from fractions import Fraction
from xml.sax.saxutils import escape, quoteattr

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, '..', '..', '..'))
HARNESS = 'Tests/checker/drawverify/harness.html'
DRAW_NS = {'d': 'urn:spotcheck:draw:2'}
DRAW_RE = re.compile(r'^(.+)-([1-9][0-9]*)\.xml$')
MATCH_RE = re.compile(r'^(.+)-match-([1-9][0-9]*)\.xml$')


# ---------------------------------------------------------------- the browser


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def start_server():
    """Serves the repository on 127.0.0.1 (a secure context, so WebCrypto is available)."""
    handler = functools.partial(QuietHandler, directory=REPO)
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def start_browser(args, url):
    options = Options()
    options.binary_location = args.chromium
    for flag in ('--headless=new', '--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(args.chromedriver), options=options)
    driver.set_script_timeout(600)
    driver.get(url)
    if not driver.execute_script('return window.isSecureContext && !!window.SpotCheckVerify'):
        sys.exit('drawverify.js did not load in a secure context at ' + url)
    return driver


def b64(data):
    return base64.b64encode(data).decode('ascii') if data is not None else ''


class Verifier:
    """Calls window.runVerify / window.runVerifyMatch of the harness."""

    def __init__(self, driver):
        self.driver = driver

    def _call(self, fn, *args):
        script = ('const done = arguments[arguments.length - 1];'
                  'window[arguments[0]].apply(null, Array.from(arguments).slice(1, -1))'
                  '.then(done, (e) => done(JSON.stringify({ok: false, problems: [{zh: String(e), en: String(e)}]})));')
        return json.loads(self.driver.execute_async_script(script, fn, *args))

    def draw(self, record, snapshot, previous=None, name=''):
        return self._call('runVerify', b64(record), b64(snapshot), b64(previous), name)

    def match(self, record, draw, name=''):
        return self._call('runVerifyMatch', b64(record), b64(draw), name)


# ---------------------------------------------------------------- the folder


def read(path):
    try:
        with open(path, 'rb') as f:
            return f.read()
    except OSError:
        return None


def draw_inputs(folder, name, record):
    """The snapshot and previous attempt a draw record names (None when absent)."""
    try:
        root = ET.fromstring(record)
    except ET.ParseError:
        return None, None
    ns = {'d': root.tag[1:].split('}')[0]} if root.tag.startswith('{') else {'d': ''}
    registry = root.find('d:registry', ns)
    previous = root.find('d:attempt/d:previous', ns)
    snapshot = read(os.path.join(folder, os.path.basename(registry.get('file', '')))) if registry is not None and registry.get('file') else None
    prev = read(os.path.join(folder, os.path.basename(previous.get('record', '')))) if previous is not None and previous.get('record') else None
    return snapshot, prev


def verify_draw_file(verifier, folder, name):
    record = read(os.path.join(folder, name))
    snapshot, previous = draw_inputs(folder, name, record)
    if snapshot is None:
        return {'ok': False, 'problems': [{'zh': '找不到记录所指的名册快照', 'en': 'the registry snapshot the record names is not in the folder'}]}
    return verifier.draw(record, snapshot, previous, name)


def verify_match_file(verifier, folder, name):
    record = read(os.path.join(folder, name))
    m = re.search(rb'<draw record="([^"]*)"', record or b'')
    draw = read(os.path.join(folder, os.path.basename(m.group(1).decode('utf-8')))) if m else None
    if draw is None:
        return {'ok': False, 'problems': [{'zh': '找不到匹配记录所引用的抽取记录', 'en': 'the draw record the match cites is not in the folder'}]}
    return verifier.match(record, draw, name)


def describe(result):
    s = result.get('summary') or {}
    if 'strata' in s:
        drawn = sum(len(x['drawn']) for x in s['strata'])
        extra = ', batch order' if 'batchOrder' in s else ''
        return 'task %s attempt %s: %d strata, %d drawn%s' % (s['task'], s['attempt'], len(s['strata']), drawn, extra)
    if 'visits' in s:
        return 'task %s match v%s: %d visits, %d joined, %d substitutions' % (s['task'], s['version'], len(s['visits']), len(s['joined']), len(s['substitutions']))
    return ''


def print_result(name, result):
    print('%-4s %s  %s' % ('OK' if result['ok'] else 'FAIL', name, describe(result) if result['ok'] else ''))
    for p in result['problems']:
        print('     - %s\n       %s' % (p['zh'], p['en']))


def record_names(folder):
    names = sorted(os.listdir(folder))
    matches = [n for n in names if MATCH_RE.match(n)]
    draws = [n for n in names if DRAW_RE.match(n) and n not in matches]
    return draws, matches


def verify_folder(verifier, folder):
    draws, matches = record_names(folder)
    if not draws and not matches:
        print('no draw or match records in ' + folder)
        return False
    ok = True
    for name in draws:
        result = verify_draw_file(verifier, folder, name)
        print_result(name, result)
        ok = ok and result['ok']
    for name in matches:
        result = verify_match_file(verifier, folder, name)
        print_result(name, result)
        ok = ok and result['ok']
    return ok


# ---------------------------------------------------------------- a second implementation, for synthetic records
# docs/DRAW.md § The draw, written again in Python so that the tamper test can make a
# redraw (attempt 2), a keyItems="1" draw and a cap exclusion that the verifier must accept.


def stream_words(key):
    i = 0
    while True:
        block = hashlib.sha256(key + i.to_bytes(8, 'big')).digest()
        for k in range(4):
            yield int.from_bytes(block[8 * k:8 * k + 8], 'big')
        i += 1


def fisher_yates(pool, n, key):
    pool, words = list(pool), stream_words(key)
    for i in range(n):
        m = len(pool) - i
        limit = 2 ** 64 - (2 ** 64 % m)
        w = next(words)
        while w >= limit:
            w = next(words)
        j = i + w % m
        pool[i], pool[j] = pool[j], pool[i]
    return pool[:n]


def byte_sorted(items):
    return sorted(items, key=lambda s: s.encode('utf-8'))


def redraw(text):
    """Recomputes <result> (and <batchOrder>) of a draw record's text from its inputs."""
    root = ET.fromstring(text.encode('utf-8'))
    task = root.find('d:task', DRAW_NS)
    types = [e.text or '' for e in task.findall('d:type', DRAW_NS)]
    districts = [e.text or '' for e in task.findall('d:district', DRAW_NS)]
    ratios = {e.get('grade'): e.text for e in task.findall('d:ratio', DRAW_NS)}
    lines = ['spotcheck-draw-v2', task.get('id'), root.find('d:seed', DRAW_NS).text, root.find('d:registry', DRAW_NS).get('hash'),
             task.get('year'), task.get('from'), task.get('to'), task.get('keyItems'), task.get('perYearCap'),
             '、'.join(byte_sorted(types)), '、'.join(byte_sorted(districts)), '、'.join(g + '=' + ratios[g] for g in byte_sorted(ratios))]
    master = hashlib.sha256('\n'.join(lines).encode('utf-8')).digest()
    strata, everything = [], []
    for s in sorted(root.find('d:strata', DRAW_NS), key=lambda e: e.get('name').encode('utf-8')):
        pool = byte_sorted([c.text for c in s])
        p = Fraction(s.get('ratio')[:-1]) / 100
        n = min(len(pool), max(1, -((-len(pool) * p.numerator) // p.denominator))) if pool and p > 0 else 0
        drawn = fisher_yates(pool, n, master + s.get('name').encode('utf-8'))
        everything += drawn
        strata.append('<stratum name=%s population="%d">%s</stratum>' % (quoteattr(s.get('name')), len(pool), ''.join('<target code="%s"/>' % c for c in drawn)))
    out = re.sub(r'<result>.*?</result>|<result/>', lambda _: '<result>' + ''.join(strata) + '</result>', text, flags=re.S)
    out = re.sub(r'<batchOrder>.*?</batchOrder>', '', out, flags=re.S)
    if task.get('keyItems') == '1' and everything:
        order = fisher_yates(byte_sorted(everything), len(everything), master + b'batch-order')
        out = out.replace('</result>', '</result><batchOrder>' + ''.join('<target code="%s"/>' % c for c in order) + '</batchOrder>', 1)
    return out


def as_attempt_2(text, previous_bytes, seed, reason):
    """A redraw: attempt 2 citing attempt 1, with a new seed."""
    sha = hashlib.sha256(previous_bytes).hexdigest()
    task_id = re.search(r'<task id="([^"]*)"', text).group(1)
    text = re.sub(r'<attempt number="1"/>', '<attempt number="2" reason=%s><previous record="%s-1.xml" sha256="%s"/></attempt>' % (quoteattr(reason), task_id, sha), text)
    text = re.sub(r'<seed>.*?</seed>', '<seed>%s</seed>' % escape(seed), text)
    return redraw(text)


def exclude_as(text, code, rule, reason):
    """Moves a candidate to <excluded> with the given rule (keeping byte order), then redraws."""
    text = text.replace('<candidate>%s</candidate>' % code, '')
    entries = re.findall(r'<target code="[^"]*" rule="[^"]*" reason="[^"]*"/>', re.search(r'<excluded>(.*?)</excluded>', text, re.S).group(1))
    entries.append('<target code="%s" rule="%s" reason=%s/>' % (code, rule, quoteattr(reason)))
    entries.sort(key=lambda e: re.search(r'code="([^"]*)"', e).group(1).encode('utf-8'))
    text = re.sub(r'<excluded>.*?</excluded>', lambda _: '<excluded>' + ''.join(entries) + '</excluded>', text, flags=re.S)
    return redraw(text)


# ---------------------------------------------------------------- the tamper table


def sub1(pattern, repl, text):
    new, count = re.subn(pattern, repl, text, count=1, flags=re.S)
    if count != 1:
        raise AssertionError('tamper pattern not found: ' + pattern)
    return new


def first_undrawn_swap(text):
    """Replaces the first drawn code of a stratum by a candidate of it that was not drawn."""
    result = re.search(r'<result>(.*?)</result>', text, re.S).group(1)
    for name, body in re.findall(r'<stratum name="([^"]*)" population="\d+">(.*?)</stratum>', result):
        drawn = re.findall(r'code="([^"]*)"', body)
        cands = re.findall(r'<candidate>([^<]*)</candidate>', re.search(r'<stratum name="%s" ratio="[^"]*">(.*?)</stratum>' % re.escape(name), text, re.S).group(1))
        spare = [c for c in cands if c not in drawn]
        if drawn and spare:
            old = '<target code="%s"/>' % drawn[0]
            start = text.index('<result>')
            return text[:start] + text[start:].replace(old, '<target code="%s"/>' % spare[0], 1), spare[0]
    raise AssertionError('no stratum with an undrawn candidate')


def snapshot_lines(snapshot):
    return snapshot.decode('utf-8').split('\r\n')


def flagged_and_plain(snapshot, record_text):
    """An in-scope 正常 target with a flag 是 and one without, both candidates not drawn."""
    result = re.search(r'<result>(.*?)</result>', record_text, re.S).group(1)
    candidates = set(re.findall(r'<candidate>([^<]*)</candidate>', record_text))
    flagged = plain = None
    for line in snapshot_lines(snapshot)[1:-1]:
        f = line.split(',')
        if f[0] not in candidates or f[0] in result:
            continue
        if '是' in f[6:] and flagged is None:
            flagged = f[0]
        if '是' not in f[6:] and plain is None:
            plain = f[0]
    return flagged, plain


def rebind_snapshot(text, snapshot):
    """A record bound to another snapshot (registry hash and file), redrawn."""
    old = re.search(r'<registry hash="([0-9a-f]{64})"', text).group(1)
    return redraw(text.replace(old, hashlib.sha256(snapshot).hexdigest()))


def with_names(snapshot, names):
    """The snapshot with the 机构名称 of lines 2, 3, … replaced by raw CSV texts."""
    lines = snapshot_lines(snapshot)
    for k, raw in enumerate(names):
        f = lines[k + 1].split(',')
        lines[k + 1] = ','.join([f[0], raw] + f[2:])
    return '\r\n'.join(lines).encode('utf-8')


def make_tampers(folder, draw_name, match_names):
    """(label, kind, inputs, expected substrings) for every tamper; kind is draw or match."""
    rec_bytes = read(os.path.join(folder, draw_name))
    rec = rec_bytes.decode('utf-8')
    snapshot, _ = draw_inputs(folder, draw_name, rec_bytes)
    enc = lambda t: t.encode('utf-8')
    cases = []

    def draw_case(label, record_text, expect, snap=None, previous=None, name=draw_name):
        cases.append((label, 'draw', (enc(record_text) if isinstance(record_text, str) else record_text, snap if snap is not None else snapshot, previous, name), expect))

    # The brief's tampers on the real sample.
    flipped, new_code = first_undrawn_swap(rec)
    draw_case('flip a drawn code in the result', flipped, [new_code])
    seed = re.search(r'<seed>(.*?)</seed>', rec).group(1)
    draw_case('change the seed', sub1(r'<seed>.*?</seed>', '<seed>%s9</seed>' % seed, rec), [seed + '9'])
    lines = snapshot_lines(snapshot)
    one_byte = bytearray(snapshot)
    name_start = snapshot.index(b',', snapshot.index(b'\r\n') + 2) + 1  # 机构名称 of the first target
    at = next(i for i in range(name_start, len(snapshot)) if 0x30 <= snapshot[i] <= 0x39 or snapshot[i] == 0x2c)
    one_byte[at] = ord('7') if one_byte[at] != ord('7') else ord('8')
    draw_case('change one byte of the snapshot', rec, [hashlib.sha256(bytes(one_byte)).hexdigest()], snap=bytes(one_byte))
    swapped = lines[:]
    swapped[3], swapped[4] = swapped[4], swapped[3]
    draw_case('swap two lines of the snapshot', rec, [swapped[3].split(',')[0] + ' and ' + swapped[4].split(',')[0]], snap='\r\n'.join(swapped).encode('utf-8'))
    grade, ratio = re.search(r'<ratio grade="([^"]*)">([^<]*)</ratio>', rec).groups()
    bumped = str(int(ratio[:-1]) + 1) + '%'
    changed = rec.replace('<ratio grade="%s">%s</ratio>' % (grade, ratio), '<ratio grade="%s">%s</ratio>' % (grade, bumped))
    changed = re.sub(r'(<stratum name="[^"]*/%s" ratio=")%s"' % (re.escape(grade), re.escape(ratio)), r'\g<1>%s"' % bumped, changed)
    draw_case('change a ratio (task and strata alike)', changed, ['%s=%s' % (grade, bumped)])
    draw_case('change a ratio in the task only', rec.replace('<ratio grade="%s">%s</ratio>' % (grade, ratio), '<ratio grade="%s">%s</ratio>' % (grade, bumped), 1), [bumped])
    noncanon = ratio[:-1] + '.0%'
    draw_case('write a ratio non-canonically', rec.replace('>%s</ratio>' % ratio, '>%s</ratio>' % noncanon, 1), [noncanon])

    # More edits, one way each.
    cand = re.search(r'<stratum name="([^"]*)" ratio="[^"]*"><candidate>([^<]*)</candidate>', rec)
    draw_case('drop a candidate', rec.replace('<candidate>%s</candidate>' % cand.group(2), '', 1), [cand.group(2)])
    ex = re.search(r'<target code="([^"]*)" rule="status"', rec)
    draw_case('change an exclusion rule to cap', rec.replace('<target code="%s" rule="status"' % ex.group(1), '<target code="%s" rule="cap"' % ex.group(1), 1), [ex.group(1)])
    draw_case('drop an exclusion', sub1(r'<target code="%s" rule="status" reason="[^"]*"/>' % ex.group(1), '', rec), [ex.group(1)])
    pop = re.search(r'<result><stratum name="([^"]*)" population="(\d+)"', rec)
    draw_case('change a population', rec.replace('<result><stratum name="%s" population="%s"' % pop.groups(), '<result><stratum name="%s" population="%d"' % (pop.group(1), int(pop.group(2)) + 1), 1), [pop.group(1)])
    two = re.search(r'<stratum name="([^"]*)" population="\d+"><target code="([^"]*)"/><target code="([^"]*)"/>', rec)
    draw_case('swap the order of two drawn codes', rec.replace('<target code="%s"/><target code="%s"/>' % two.group(2, 3), '<target code="%s"/><target code="%s"/>' % two.group(3, 2), 1), [two.group(3)])
    draw_case('a TAB in the seed', sub1(r'<seed>.*?</seed>', '<seed>%s&#9;</seed>' % seed, rec), ['control', '控制字符'])
    draw_case('a literal TAB in a stratum name attribute', rec.replace('<stratum name="%s"' % cand.group(1), '<stratum name="%s\t"' % cand.group(1), 1), [cand.group(1)])
    draw_case('a seed not in NFC', sub1(r'<seed>.*?</seed>', '<seed>%s</seed>' % (seed + 'e\u0301'), rec), ['NFC'])
    draw_case('seed sources that do not give the seed', rec.replace('</seed>', '</seed><seedSource>福彩3D：1 2 3</seedSource>', 1), ['1.2.3./'])
    draw_case('a draw day after the window opened', sub1(r'<drawnAt>[^<]*</drawnAt>', '<drawnAt>2024-03-02</drawnAt>', rec), ['2024-03-02'])
    draw_case('a wrong check character in a candidate', rec.replace(cand.group(2), cand.group(2)[:17] + ('0' if cand.group(2)[17] != '0' else '1')), [cand.group(2)[:17]])
    draw_case('snapshot with LF line ends', rec, ['CRLF'], snap=snapshot.replace(b'\r\n', b'\n'))
    draw_case('snapshot with a changed header', rec, ['header', '表头'], snap=snapshot.replace('严重违法'.encode(), '违法'.encode(), 1))
    flag_line = next(i for i, l in enumerate(lines) if i > 0 and l)
    bad_flag = lines[:]
    bad_flag[flag_line] = bad_flag[flag_line][:-1] + 'X'
    draw_case('a flag that is not 是/否', rec, [bad_flag[flag_line].split(',')[0]], snap='\r\n'.join(bad_flag).encode('utf-8'))
    draw_case('an attempt 1 that names the wrong file', rec, [draw_name.replace('-1.xml', '-2.xml')], name=draw_name.replace('-1.xml', '-2.xml'))

    # Synthetic records (made here from docs/DRAW.md): they must pass, their edits must fail.
    second = as_attempt_2(rec, rec_bytes, seed + ' 重抽', '见证人未到场，经局长批准重新抽取')
    second_name = draw_name.replace('-1.xml', '-2.xml')
    cases.append(('(valid) synthetic attempt 2 chained to attempt 1', 'valid', (enc(second), snapshot, rec_bytes, second_name), []))
    altered = rec_bytes.replace('<operator>'.encode(), '<operator>X'.encode(), 1)
    draw_case('alter the previous attempt', second, [hashlib.sha256(altered).hexdigest()], previous=altered, name=second_name)
    draw_case('attempt 2 without its previous attempt', second, ['-1.xml'], name=second_name)
    draw_case('attempt 2 without a reason', sub1(r' reason="见证人[^"]*"', '', second), ['reason', '理由'], previous=rec_bytes, name=second_name)
    keyed = redraw(rec.replace('keyItems="0"', 'keyItems="1"', 1))
    cases.append(('(valid) synthetic keyItems="1" draw with a batch order', 'valid', (enc(keyed), snapshot, None, draw_name), []))
    order = re.search(r'<batchOrder><target code="([^"]*)"/><target code="([^"]*)"/>', keyed)
    draw_case('swap two targets of the batch order', keyed.replace('<batchOrder><target code="%s"/><target code="%s"/>' % order.groups(), '<batchOrder><target code="%s"/><target code="%s"/>' % order.group(2, 1), 1), ['batchOrder'])
    draw_case('drop the batch order', re.sub(r'<batchOrder>.*?</batchOrder>', '', keyed), ['batchOrder'])
    flagged, plain = flagged_and_plain(snapshot, rec)
    capped = exclude_as(rec, plain, 'cap', '本年度已抽查 2 次（002 (十)）')
    cases.append(('(valid) synthetic cap exclusion', 'valid', (enc(capped), snapshot, None, draw_name), []))
    if flagged:
        draw_case('cap exclusion of a flagged target', exclude_as(rec, flagged, 'cap', '本年度已抽查 2 次'), [flagged])
    draw_case('cap exclusion in a keyItems="1" task', exclude_as(rec.replace('keyItems="0"', 'keyItems="1"', 1), plain, 'cap', '本年度已抽查 2 次'), [plain])

    # § The registry snapshot: quoting and formula rules, on a snapshot the record is rebound to.
    quoted = with_names(snapshot, ['"\'=卫东""诊所"",一部"', '"\'@药房"', '"甲,乙"'])
    cases.append(('(valid) synthetic snapshot with quoted and formula-guarded names', 'valid', (enc(rebind_snapshot(rec, quoted)), quoted, None, draw_name), []))
    formula = with_names(snapshot, ['=SUM(A1)'])
    draw_case('a formula name without its apostrophe', rebind_snapshot(rec, formula), ['=SUM(A1)'], snap=formula)
    needless = with_names(snapshot, ['"卫东诊所"'])
    draw_case('a name quoted without need', rebind_snapshot(rec, needless), ['"卫东诊所"'], snap=needless)
    comma = with_names(snapshot, ['甲,乙'])
    draw_case('a name with an unquoted comma', rebind_snapshot(rec, comma), ['11'], snap=comma)
    draw_case('a draw-v1 record (not checked here)', rec.replace('urn:spotcheck:draw:2', 'urn:spotcheck:draw:1').replace('spotcheck-draw-v2', 'spotcheck-draw-v1'), ['v1'])
    draw_case('a record that is not XML', rec.replace('</draw>', ''), ['XML'])

    # Match records: replayed against the draw.
    for mname in match_names:
        mrec = read(os.path.join(folder, mname)).decode('utf-8')
        team = re.search(r'<team visit="([^"]*)"><inspector key="([^"]*)" role="组长"/><inspector key="([^"]*)"', mrec)
        cases.append(('%s: swap a team\'s leader and member' % mname, 'match', (enc(mrec.replace('<inspector key="%s" role="组长"/><inspector key="%s"' % team.group(2, 3), '<inspector key="%s" role="组长"/><inspector key="%s"' % team.group(3, 2), 1)), rec_bytes, mname), [team.group(1)]))
        cases.append(('%s: a different draw record' % mname, 'match', (enc(mrec), flipped.encode('utf-8'), mname), [hashlib.sha256(flipped.encode('utf-8')).hexdigest()]))
        sub = re.search(r'<substitution visit="([^"]*)" removed="([^"]*)" added="([^"]*)"', mrec)
        if sub:
            other = '豫医保41040399'
            cases.append(('%s: change a substitution\'s newcomer' % mname, 'match', (enc(mrec.replace('added="%s"' % sub.group(3), 'added="%s"' % other, 1)), rec_bytes, mname), [other]))
    return cases


def run_tamper_case(verifier, label, kind, inputs, expect):
    if kind == 'match':
        result = verifier.match(*inputs)
    else:
        result = verifier.draw(*inputs)
    if kind == 'valid':
        good = result['ok']
        print('%-4s %s%s' % ('OK' if good else 'FAIL', label, '' if good else ' — a valid synthetic record was rejected'))
        if not good:
            for p in result['problems']:
                print('     - %s\n       %s' % (p['zh'], p['en']))
        return good
    texts = [p['zh'] + ' ' + p['en'] for p in result['problems']]
    named = any(any(e in t for e in expect) for t in texts)
    good = not result['ok'] and named
    print('%-4s tamper: %s  (%d problems%s)' % ('OK' if good else 'FAIL', label, len(texts), '' if named else '; none names ' + ' / '.join(expect)))
    if not good or os.environ.get('DRAWVERIFY_VERBOSE'):
        for p in result['problems'][:6]:
            print('     - %s\n       %s' % (p['zh'], p['en']))
    return good


def run_tampers(verifier, folder):
    draws, matches = record_names(folder)
    firsts = [n for n in draws if n.endswith('-1.xml')]
    if not firsts:
        print('FAIL tamper: no first attempt (TASK-1.xml) in the folder to tamper with')
        return False
    work = tempfile.mkdtemp(prefix='drawverify-')
    try:
        for n in os.listdir(folder):
            if os.path.isfile(os.path.join(folder, n)):
                shutil.copy(os.path.join(folder, n), work)
        task = firsts[0][:-len('-1.xml')]
        own_matches = [m for m in matches if m.startswith(task + '-match-')]
        ok = True
        for case in make_tampers(work, firsts[0], own_matches):
            ok = run_tamper_case(verifier, *case) and ok
        return ok
    finally:
        shutil.rmtree(work, ignore_errors=True)


# ---------------------------------------------------------------- the worked examples of docs/DRAW.md

SELF_TEST = r'''
const I = SpotCheckVerify.internals;
return [
  ['33.3% of 10 is 4', I.sampleSize(10, I.parseRatio('33.3%')), 4],
  ['50.000000025% of 2 is 2', I.sampleSize(2, I.parseRatio('50.000000025%')), 2],
  ['15% of 100 is 15', I.sampleSize(100, I.parseRatio('15%')), 15],
  ['0.5% of 1 is 1', I.sampleSize(1, I.parseRatio('0.5%')), 1],
  ['0% of 9 is 0', I.sampleSize(9, I.parseRatio('0%')), 0],
  ['250% of 3 is 3', I.sampleSize(3, I.parseRatio('250%')), 3],
  ['canonical 007.50%', I.canonicalRatio('007.50%'), '7.5%'],
  ['canonical 0.0%', I.canonicalRatio('0.0%'), '0%'],
  ['seed of the two sources', I.seedFromSources(['双色球2024064期：3 9 14 20 27 31', '排列五24180期：1 0 7 7 2']), '3.9.14.20.27.31./0.1.2.7.7./'],
  ['seed: labels, separators, leading zeros', I.seedFromSources(['期号：07,，3、;；10', ' 09 ']), '3.7.10./9./'],
  ['seed: a full-width space is not a separator', I.seedFromSources(['1\u30002']), null],
  ['seed: a label ends at the first colon', I.seedFromSources(['a:b:07']), null],
  ['U+FF21 before U+20000 in byte order', I.cmpBytes('\uFF21', '\uD840\uDC00') < 0, true],
  ['U+E000 after U+D7FF', I.cmpBytes('\uE000', '\uD7FF') > 0, true],
  ['credit code check', I.creditCodeProblem('91410403MA0000010N'), null],
  ['credit code with I', I.creditCodeProblem('91410403MA000001IN') !== null, true],
  ['formula field written', I.writeCsvField('=1+2', true), '"\'=1+2"'],
];
'''


def self_test(driver):
    ok = True
    for label, got, want in driver.execute_script(SELF_TEST):
        good = got == want
        ok = ok and good
        if not good:
            print('FAIL self-test: %s: got %r, expected %r' % (label, got, want))
    print('%-4s self-test of the worked examples of docs/DRAW.md' % ('OK' if ok else 'FAIL'))
    return ok


# ---------------------------------------------------------------- main


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('draws', help='a workspace\'s draws/ folder')
    parser.add_argument('--tamper', action='store_true', help='also require tampered copies to FAIL')
    parser.add_argument('--chromium', default='/usr/bin/chromium')
    parser.add_argument('--chromedriver', default='/usr/bin/chromedriver')
    args = parser.parse_args()
    folder = os.path.abspath(args.draws)
    server = start_server()
    driver = start_browser(args, 'http://127.0.0.1:%d/%s' % (server.server_address[1], HARNESS))
    try:
        verifier = Verifier(driver)
        ok = self_test(driver)
        ok = verify_folder(verifier, folder) and ok
        if args.tamper:
            ok = run_tampers(verifier, folder) and ok
    finally:
        driver.quit()
        server.shutdown()
    print('all records verified' if ok else 'FAILED')
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
