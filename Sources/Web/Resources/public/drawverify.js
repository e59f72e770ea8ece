/*
 * drawverify.js — an independent, in-browser verifier of SpotCheck's random-draw
 * (摇号) and inspector-match records.
 *
 * Written from docs/DRAW.md alone ("The random draw and the match, specified for
 * reimplementation"); section names in the comments ("§ Conventions", "§ The draw"
 * step 2.4, …) refer to that page. Plain ES2017-level JavaScript plus BigInt,
 * TextEncoder/TextDecoder, DOMParser and WebCrypto; no modules, no build step.
 *
 * Public API (one global):
 *   SpotCheckVerify.verifyDraw({ record, snapshot, previous?, recordName? })
 *   SpotCheckVerify.verifyMatch({ record, draw, recordName? })
 * Inputs are Uint8Array file contents (recordName: the record's bare file name,
 * optional). Both resolve to { ok, problems: [{zh, en}], notes: [{zh, en}], summary }.
 * `problems` lists every disagreement found (ok === problems.length === 0);
 * `notes` lists what the files cannot show (§ What the folder does not show).
 */
(function (global) {
  'use strict';

  // ------------------------------------------------------------------ constants

  const DRAW_NS_V2 = 'urn:spotcheck:draw:2';
  const DRAW_NS_V1 = 'urn:spotcheck:draw:1';
  const MATCH_NS_V2 = 'urn:spotcheck:match:2';
  const MATCH_NS_V1 = 'urn:spotcheck:match:1';
  const DRAW_ALG = 'spotcheck-draw-v2';
  const MATCH_ALG = 'spotcheck-match-v2';

  // § The registry snapshot: the header line, exactly.
  const SNAPSHOT_HEADER = '统一社会信用代码,机构名称,机构类型,风险等级,所属区域,状态,黑名单,经营异常,失信,严重违法';
  const FLAG_NAMES = ['黑名单', '经营异常', '失信', '严重违法'];

  // § Who is drawn from: the six types used when a task names none.
  const DEFAULT_TYPES = ['定点医院', '定点基层医疗机构', '定点零售药店', '用人单位', '参保个人', '其他'];

  // § Conventions: credit codes (GB 32100-2015).
  const CC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const CC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

  // § Conventions: control characters U+0000–U+001F and U+007F–U+009F.
  const CONTROL_RE = /[\u0000-\u001f\u007f-\u009f]/;
  // § Conventions: a ratio, and its canonical text.
  const RATIO_RE = /^(\d+)(?:\.(\d+))?%$/;
  const CANONICAL_RATIO_RE = /^(?:0|[1-9]\d*)(?:\.\d*[1-9])?%$/;
  const HEX64_RE = /^[0-9a-f]{64}$/;
  const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
  const DATETIME_RE = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
  const UINT_RE = /^(?:0|[1-9]\d*)$/;

  const TWO64 = 1n << 64n;
  const LF = '\n';
  const ENC = new TextEncoder();

  // ------------------------------------------------------------------ reporting

  /** Collects problems (the record is wrong) and notes (what cannot be checked). */
  class Report {
    constructor() { this.problems = []; this.notes = []; }
    add(zh, en) { this.problems.push({ zh: zh, en: en }); }
    note(zh, en) { this.notes.push({ zh: zh, en: en }); }
  }

  /** Shows a list of codes briefly in a message. */
  function showList(list, max) {
    const limit = max || 8;
    const shown = list.slice(0, limit).join(', ');
    return list.length > limit ? shown + ', … (' + list.length + ')' : shown;
  }

  /** Quotes a text for a message, making control characters visible. */
  function q(text) {
    if (text === null || text === undefined) return '(none)';
    return '"' + String(text).replace(/[\u0000-\u001f\u007f-\u009f]/g,
      (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')) + '"';
  }

  // ------------------------------------------------------------------ bytes, hashing, order

  function utf8(text) { return ENC.encode(text); }

  function concatBytes(parts) {
    let length = 0;
    for (const p of parts) length += p.length;
    const out = new Uint8Array(length);
    let at = 0;
    for (const p of parts) { out.set(p, at); at += p.length; }
    return out;
  }

  function hex(bytes) {
    let s = '';
    for (const b of bytes) s += b.toString(16).padStart(2, '0');
    return s;
  }

  async function sha256(bytes) {
    return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  }

  /** Decodes strict UTF-8 (a BOM is kept as U+FEFF so that it can be reported). */
  function decodeUtf8(bytes) {
    try {
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    } catch (e) {
      return null;
    }
  }

  /**
   * § Conventions, "Byte order": the order of UTF-8 bytes, which is Unicode
   * code-point order. JS strings are UTF-16, whose code-unit order differs from
   * code-point order only between surrogates (D800–DFFF) and E000–FFFF; moving the
   * surrogates above E000–FFFF restores code-point (= UTF-8 byte) order.
   */
  function unitKey(u) {
    if (u >= 0xd800 && u <= 0xdfff) return u + 0x2000;
    if (u >= 0xe000) return u - 0x800;
    return u;
  }

  function cmpBytes(a, b) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const x = a.charCodeAt(i), y = b.charCodeAt(i);
      if (x !== y) return unitKey(x) - unitKey(y);
    }
    return a.length - b.length;
  }

  function sortedBytes(list) { return list.slice().sort(cmpBytes); }

  /** Index of the first item not strictly after its predecessor, or -1. */
  function firstOutOfOrder(list) {
    for (let i = 1; i < list.length; i++) if (cmpBytes(list[i - 1], list[i]) >= 0) return i;
    return -1;
  }

  /** § Conventions: a list joined by 、 is its items in byte order joined by U+3001. */
  function joinDun(list) { return sortedBytes(list).join('、'); }

  function u64be(i) {
    const out = new Uint8Array(8);
    new DataView(out.buffer).setBigUint64(0, BigInt(i), false);
    return out;
  }

  // ------------------------------------------------------------------ the random stream (§ The draw, 2.3–2.5)

  /** § The draw 2.3: block i = SHA256(key ‖ i as 8 bytes big-endian), four 64-bit big-endian words each. */
  class Stream {
    constructor(key) { this.key = key; this.block = 0; this.words = []; }

    async word() {
      if (this.words.length === 0) {
        const digest = await sha256(concatBytes([this.key, u64be(this.block)]));
        this.block += 1;
        const view = new DataView(digest.buffer);
        for (let k = 0; k < 4; k++) this.words.push(view.getBigUint64(8 * k, false));
      }
      return this.words.shift();
    }

    /** § The draw 2.4: rejection sampling — r = 2^64 mod m; words until one < 2^64 − r; word mod m. */
    async uniform(m) {
      const mm = BigInt(m);
      const limit = TWO64 - (TWO64 % mm);
      for (;;) {
        const w = await this.word();
        if (w < limit) return Number(w % mm);
      }
    }
  }

  /** § The draw 2.5–2.6: partial Fisher–Yates; returns pool[0 … n−1] in the order drawn. */
  async function partialFisherYates(pool, n, stream) {
    const a = pool.slice();
    for (let i = 0; i < n; i++) {
      const j = i + await stream.uniform(a.length - i);
      const t = a[i]; a[i] = a[j]; a[j] = t;
    }
    return a.slice(0, n);
  }

  // ------------------------------------------------------------------ conventions: texts, codes, ratios

  /** § Conventions: no control character (NFC is checked for every text by checkAllNfc). */
  function checkText(rep, value, zhWhere, enWhere) {
    if (value === null || value === undefined) return;
    if (CONTROL_RE.test(value)) {
      rep.add(zhWhere + '含控制字符：' + q(value), enWhere + ' holds a control character: ' + q(value));
    }
  }

  /** § Conventions: a credit code's problem, or null. Returns {zh, en}. */
  function creditCodeProblem(code) {
    if (typeof code !== 'string' || code.length !== 18) {
      return { zh: '不是 18 位', en: 'is not 18 characters long' };
    }
    let sum = 0;
    for (let i = 0; i < 18; i++) {
      const v = CC_ALPHABET.indexOf(code[i]);
      if (v < 0) return { zh: '第 ' + (i + 1) + ' 位字符 ' + q(code[i]) + ' 不在编码字符集内', en: 'character ' + (i + 1) + ' ' + q(code[i]) + ' is not in the code alphabet' };
      if (i < 17) sum += v * CC_WEIGHTS[i];
    }
    const check = CC_ALPHABET[(31 - (sum % 31)) % 31];
    if (code[17] !== check) return { zh: '校验码应为 ' + check, en: 'check character should be ' + check };
    return null;
  }

  /** § Conventions: a ratio as the exact fraction p = num/den (P% = P/100), or null. */
  function parseRatio(text) {
    const m = RATIO_RE.exec(text || '');
    if (!m) return null;
    const frac = m[2] || '';
    return { num: BigInt(m[1] + frac), den: 100n * (10n ** BigInt(frac.length)) };
  }

  /** § Conventions: the canonical text of a parsed ratio (e.g. "015.50%" → "15.5%"). */
  function canonicalRatio(text) {
    const m = RATIO_RE.exec(text || '');
    if (!m) return null;
    const whole = m[1].replace(/^0+(?=\d)/, '');
    const frac = (m[2] || '').replace(/0+$/, '');
    return whole + (frac ? '.' + frac : '') + '%';
  }

  /** § The draw 2.2: n = ⌈N·p⌉ exactly; at least 1 when N > 0 and p > 0; at most N; 0 when N = 0 or p = 0. */
  function sampleSize(N, ratio) {
    const bigN = BigInt(N);
    if (bigN === 0n || ratio.num === 0n) return 0;
    let n = (bigN * ratio.num + ratio.den - 1n) / ratio.den;
    if (n < 1n) n = 1n;
    if (n > bigN) n = bigN;
    return Number(n);
  }

  function isValidDate(text) {
    const m = DATE_RE.exec(text || '');
    if (!m) return false;
    const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
  }

  /** The Beijing (UTC+8) day of an ISO 8601 date or date-time, or null when not ISO 8601. */
  function beijingDay(text) {
    if (isValidDate(text)) return text;
    const m = DATETIME_RE.exec(text || '');
    if (!m || !isValidDate(m[1])) return null;
    if (!m[5]) return m[1]; // no offset: read as Beijing local time
    const offset = m[5] === 'Z' ? '+00:00' : m[5].replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2');
    const ms = Date.parse(m[1] + 'T' + m[2] + ':' + m[3] + ':' + (m[4] || '00') + offset);
    if (isNaN(ms)) return null;
    return new Date(ms + 8 * 3600 * 1000).toISOString().slice(0, 10);
  }

  // ------------------------------------------------------------------ XML helpers

  /** Parses XML text; reports and returns null on a parse error. */
  function parseXml(text, rep, zhWhat, enWhat) {
    const doc = new DOMParser().parseFromString(text, 'application/xml');
    const err = doc.getElementsByTagName('parsererror');
    if (err.length > 0 || !doc.documentElement) {
      const detail = err.length > 0 ? err[0].textContent.replace(/\s+/g, ' ').trim().slice(0, 200) : '';
      rep.add(zhWhat + '不是格式正确的 XML：' + detail, 'the ' + enWhat + ' is not well-formed XML: ' + detail);
      return null;
    }
    return doc;
  }

  function kids(el, name, ns) {
    if (!el) return [];
    return Array.from(el.children).filter((c) => c.namespaceURI === ns && c.localName === name);
  }

  /** The single child `name`; reports a duplicate, and a missing one when required. */
  function one(rep, el, name, ns, required, zhWhere) {
    const list = kids(el, name, ns);
    if (list.length > 1) rep.add(zhWhere + '有 ' + list.length + ' 个 <' + name + '>，应只有一个',
        '<' + name + '> appears ' + list.length + ' times in ' + zhWhere + '; once expected');
    if (list.length === 0 && required) rep.add('缺少 <' + name + '>（' + zhWhere + '）', '<' + name + '> is missing (in ' + zhWhere + ')');
    return list[0] || null;
  }

  function attr(el, name) { return el && el.hasAttribute(name) ? el.getAttribute(name) : null; }

  /** Reports child elements that the specification does not name. */
  function checkChildren(rep, el, allowed, ns, where) {
    if (!el) return;
    for (const c of Array.from(el.children)) {
      if (c.namespaceURI !== ns || allowed.indexOf(c.localName) < 0) {
        rep.add('<' + where + '> 中有规范之外的元素 <' + c.localName + '>', 'unexpected element <' + c.localName + '> in <' + where + '>');
      }
    }
  }

  /** § Conventions: every text of the record is NFC (attribute values and text nodes). */
  function checkAllNfc(rep, root) {
    const walker = root.ownerDocument.createTreeWalker(root, 1 | 4); // elements and text
    for (let node = walker.currentNode; node; node = walker.nextNode()) {
      if (node.nodeType === 3) {
        if (node.data.normalize('NFC') !== node.data) rep.add('<' + node.parentNode.localName + '> 的文本不是 NFC：' + q(node.data),
            'text of <' + node.parentNode.localName + '> is not NFC: ' + q(node.data));
        continue;
      }
      for (const a of Array.from(node.attributes)) {
        if (a.value.normalize('NFC') !== a.value) rep.add('<' + node.localName + '> 的 ' + a.name + ' 不是 NFC：' + q(a.value),
            'attribute ' + a.name + ' of <' + node.localName + '> is not NFC: ' + q(a.value));
      }
    }
  }

  /**
   * XML turns a literal TAB, CR or LF inside an attribute value into a space, so the
   * parsed record would hide it; look for them in the raw text (§ Conventions: no
   * control character in the seed, task id, seed sources or stratum names).
   */
  function checkRawAttributes(rep, text) {
    // A start tag: its attribute values cannot hold '<', so it ends at the first '>' outside quotes.
    const tagRe = /<([A-Za-z_][^\s\/>]*)((?:\s+[^\s=\/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*\/?>/g;
    const attrRe = /([^\s=]+)\s*=\s*("[^"]*"|'[^']*')/g;
    let tag, a;
    while ((tag = tagRe.exec(text)) !== null) {
      while ((a = attrRe.exec(tag[2])) !== null) {
        if (/[\t\r\n]/.test(a[2])) rep.add('<' + tag[1] + '> 的属性 ' + a[1] + ' 含原样的 TAB/CR/LF 字符（XML 会把它读成空格）：' + q(a[2].slice(1, -1)),
            'attribute ' + a[1] + ' of <' + tag[1] + '> holds a literal TAB/CR/LF (XML reads it as a space): ' + q(a[2].slice(1, -1)));
      }
    }
  }

  // ------------------------------------------------------------------ the registry snapshot (§ The registry snapshot)

  /**
   * Splits the snapshot into CSV rows (RFC 4180), reporting bare CR or LF, bad quoting
   * and a missing final CRLF. Each field keeps its raw text and its value.
   */
  function splitCsv(text, rep) {
    const rows = [], badEnds = [];
    let row = [], i = 0;
    const n = text.length;
    if (n === 0) { rep.add('名册快照是空文件', 'the registry snapshot is empty'); return rows; }
    for (;;) {
      const field = readCsvField(text, i, rep, rows.length + 1);
      row.push(field);
      i = field.end;
      if (i >= n) { rows.push(row); rep.add('名册快照最后一行没有以 CRLF 结尾', 'the last line of the registry snapshot does not end in CRLF'); break; }
      const c = text[i];
      if (c === ',') { i += 1; continue; }
      rows.push(row); row = [];
      if (c === '\r' && text[i + 1] === '\n') i += 2;
      else { badEnds.push(rows.length); i += 1; }
      if (i >= n) break;
    }
    if (badEnds.length > 0) rep.add('名册快照有 ' + badEnds.length + ' 行以单独的 LF 或 CR 结尾（应为 CRLF），第 ' + showList(badEnds) + ' 行',
        badEnds.length + ' lines of the registry snapshot end in a bare LF or CR (CRLF expected): line ' + showList(badEnds));
    return rows;
  }

  /** Reads one RFC 4180 field starting at `start`; `end` is the index after it. */
  function readCsvField(text, start, rep, line) {
    if (text[start] !== '"') {
      let end = start;
      while (end < text.length && text[end] !== ',' && text[end] !== '\r' && text[end] !== '\n') end++;
      const raw = text.slice(start, end);
      if (raw.indexOf('"') >= 0) rep.add('名册快照第 ' + line + ' 行：未加引号的字段含双引号：' + q(raw),
          'registry snapshot line ' + line + ': an unquoted field holds a double quote: ' + q(raw));
      return { raw: raw, value: raw, quoted: false, end: end };
    }
    let value = '', i = start + 1;
    for (;;) {
      if (i >= text.length) { rep.add('名册快照第 ' + line + ' 行：引号未闭合', 'registry snapshot line ' + line + ': unterminated quoted field'); break; }
      if (text[i] === '"') {
        if (text[i + 1] === '"') { value += '"'; i += 2; continue; }
        i += 1; break;
      }
      value += text[i]; i += 1;
    }
    let end = i;
    if (end < text.length && text[end] !== ',' && text[end] !== '\r' && text[end] !== '\n') {
      rep.add('名册快照第 ' + line + ' 行：引号字段后有多余字符', 'registry snapshot line ' + line + ': characters after a closing quote');
      while (end < text.length && text[end] !== ',' && text[end] !== '\r' && text[end] !== '\n') end++;
    }
    return { raw: text.slice(start, end), value: value, quoted: true, end: end };
  }

  /**
   * § The registry snapshot: how a field is written. `quoteApostrophe` chooses how a
   * formula-like field is written: the page says it "gets an apostrophe in front (and is
   * then quoted)"; both readings (always quoted, or quoted only if it holds , " CR LF)
   * are accepted.
   */
  function writeCsvField(value, quoteApostrophe) {
    let s = value;
    const formula = /^[=+\-@\t\r]/.test(s);
    if (formula) s = "'" + s;
    if (/[,"\r\n]/.test(s) || (formula && quoteApostrophe)) s = '"' + s.replace(/"/g, '""') + '"';
    return s;
  }

  /** The original value of a field as SpotCheck wrote it (undoing the formula apostrophe). */
  function unescapeFormula(value) {
    return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
  }

  function checkFieldWriting(rep, field, index, line, code) {
    const original = unescapeFormula(field.value);
    if (/^[=+\-@\t\r]/.test(field.value)) {
      rep.add('名册快照第 ' + line + ' 行（' + code + '）第 ' + (index + 1) + ' 个字段以公式字符开头而未加撇号：' + q(field.value),
          'registry snapshot line ' + line + ' (' + code + '), field ' + (index + 1) + ' begins with a formula character without an apostrophe: ' + q(field.value));
      return;
    }
    if (field.raw !== writeCsvField(original, true) && field.raw !== writeCsvField(original, false)) {
      rep.add('名册快照第 ' + line + ' 行（' + code + '）第 ' + (index + 1) + ' 个字段的写法不合规范（引号/撇号）：' + q(field.raw),
          'registry snapshot line ' + line + ' (' + code + '), field ' + (index + 1) + ' is not written as specified (quoting/apostrophe): ' + q(field.raw));
    }
    if (index !== 1 && field.raw !== original) {
      rep.add('名册快照第 ' + line + ' 行（' + code + '）：只有 机构名称 可以需要引号或撇号，第 ' + (index + 1) + ' 个字段却需要',
          'registry snapshot line ' + line + ' (' + code + '): only 机构名称 may need quotes or an apostrophe, but field ' + (index + 1) + ' does');
    }
  }

  /** One snapshot line → a target; checks its fields. */
  function readSnapshotRow(rep, fields, line) {
    const code = fields[0] ? fields[0].value : '';
    if (fields.length !== 10) {
      rep.add('名册快照第 ' + line + ' 行有 ' + fields.length + ' 个字段，应为 10 个', 'registry snapshot line ' + line + ' has ' + fields.length + ' fields; 10 expected');
      return null;
    }
    fields.forEach((f, k) => checkFieldWriting(rep, f, k, line, code));
    const bad = creditCodeProblem(code);
    if (bad) rep.add('名册快照第 ' + line + ' 行的统一社会信用代码 ' + q(code) + ' ' + bad.zh, 'registry snapshot line ' + line + ': credit code ' + q(code) + ' ' + bad.en);
    const flags = fields.slice(6).map((f) => f.value);
    flags.forEach((f, k) => {
      if (f !== '是' && f !== '否') rep.add('名册快照第 ' + line + ' 行（' + code + '）的 ' + FLAG_NAMES[k] + ' 应为 是 或 否，实为 ' + q(f),
          'registry snapshot line ' + line + ' (' + code + '): ' + FLAG_NAMES[k] + ' must be 是 or 否, is ' + q(f));
    });
    fields.forEach((f) => {
      if (f.value.normalize('NFC') !== f.value) rep.add('名册快照第 ' + line + ' 行（' + code + '）有非 NFC 文本：' + q(f.value),
          'registry snapshot line ' + line + ' (' + code + ') holds non-NFC text: ' + q(f.value));
    });
    return {
      line: line, code: code, type: fields[2].value, grade: fields[3].value,
      district: fields[4].value, status: fields[5].value, flagged: flags.indexOf('是') >= 0,
    };
  }

  /** § The registry snapshot: parses and checks the file; returns {rows, byCode}. */
  function readSnapshot(rep, bytes) {
    const out = { rows: [], byCode: new Map() };
    if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
      rep.add('名册快照以 BOM 开头（应为不带 BOM 的 UTF-8）', 'the registry snapshot begins with a BOM (UTF-8 without BOM expected)');
    }
    const text = decodeUtf8(bytes);
    if (text === null) { rep.add('名册快照不是有效的 UTF-8', 'the registry snapshot is not valid UTF-8'); return out; }
    const rows = splitCsv(text.replace(/^\ufeff/, ''), rep);
    if (rows.length === 0) return out;
    const header = rows[0].map((f) => f.raw).join(',');
    if (header !== SNAPSHOT_HEADER) rep.add('名册快照首行不是规定的表头：' + q(header), 'the first line of the registry snapshot is not the specified header: ' + q(header));
    let previous = null;
    for (let k = 1; k < rows.length; k++) {
      const target = readSnapshotRow(rep, rows[k], k + 1);
      if (!target) continue;
      if (previous !== null && cmpBytes(previous.code, target.code) >= 0) {
        const zh = cmpBytes(previous.code, target.code) === 0 ? '重复' : '不是按字节序排列';
        const en = cmpBytes(previous.code, target.code) === 0 ? 'are duplicates' : 'are not in byte order';
        rep.add('名册快照第 ' + previous.line + ' 行与第 ' + target.line + ' 行的统一社会信用代码 ' + previous.code + ' 与 ' + target.code + ' ' + zh,
            'registry snapshot lines ' + previous.line + ' and ' + target.line + ': credit codes ' + previous.code + ' and ' + target.code + ' ' + en);
      }
      previous = target;
      out.rows.push(target);
      if (!out.byCode.has(target.code)) out.byCode.set(target.code, target);
    }
    return out;
  }

  // ------------------------------------------------------------------ reading the draw record (§ The draw record)

  const DRAW_ROOT_CHILDREN = ['task', 'attempt', 'seed', 'seedSource', 'registry', 'drawnAt', 'enteredAt', 'operator', 'witnesses', 'strata', 'excluded', 'result', 'batchOrder'];

  function readTask(rep, root, ns) {
    const el = one(rep, root, 'task', ns, true, '<draw>');
    checkChildren(rep, el, ['type', 'district', 'ratio'], ns, 'task');
    return {
      id: attr(el, 'id'), name: attr(el, 'name'), year: attr(el, 'year'),
      from: attr(el, 'from'), to: attr(el, 'to'), keyItems: attr(el, 'keyItems'), perYearCap: attr(el, 'perYearCap'),
      types: kids(el, 'type', ns).map((e) => e.textContent),
      districts: kids(el, 'district', ns).map((e) => e.textContent),
      ratios: kids(el, 'ratio', ns).map((e) => ({ grade: attr(e, 'grade'), text: e.textContent })),
    };
  }

  function readAttempt(rep, root, ns) {
    const el = one(rep, root, 'attempt', ns, true, '<draw>');
    checkChildren(rep, el, ['previous'], ns, 'attempt');
    const prev = one(rep, el, 'previous', ns, false, '<attempt>');
    return {
      number: attr(el, 'number'), reason: attr(el, 'reason'),
      previous: prev ? { record: attr(prev, 'record'), sha256: attr(prev, 'sha256') } : null,
    };
  }

  function readStrata(rep, root, ns) {
    const el = one(rep, root, 'strata', ns, true, '<draw>');
    checkChildren(rep, el, ['stratum'], ns, 'strata');
    return kids(el, 'stratum', ns).map((s) => {
      checkChildren(rep, s, ['candidate'], ns, 'stratum');
      return { name: attr(s, 'name'), ratio: attr(s, 'ratio'), candidates: kids(s, 'candidate', ns).map((c) => c.textContent) };
    });
  }

  function readExcluded(rep, root, ns) {
    const el = one(rep, root, 'excluded', ns, false, '<draw>');
    checkChildren(rep, el, ['target'], ns, 'excluded');
    return kids(el, 'target', ns).map((t) => ({ code: attr(t, 'code'), rule: attr(t, 'rule'), reason: attr(t, 'reason') }));
  }

  function readResult(rep, root, ns) {
    const el = one(rep, root, 'result', ns, true, '<draw>');
    checkChildren(rep, el, ['stratum'], ns, 'result');
    return kids(el, 'stratum', ns).map((s) => {
      checkChildren(rep, s, ['target'], ns, 'result/stratum');
      return { name: attr(s, 'name'), population: attr(s, 'population'), drawn: kids(s, 'target', ns).map((t) => attr(t, 'code')) };
    });
  }

  function readBatchOrder(rep, root, ns) {
    const el = one(rep, root, 'batchOrder', ns, false, '<draw>');
    if (!el) return null;
    checkChildren(rep, el, ['target'], ns, 'batchOrder');
    return kids(el, 'target', ns).map((t) => attr(t, 'code'));
  }

  function textOf(rep, root, name, ns, required) {
    const el = one(rep, root, name, ns, required, '<draw>');
    return el ? el.textContent : null;
  }

  /** Reads a v2 draw record into a plain object (structure problems are reported). */
  function readDrawRecord(rep, root) {
    const ns = DRAW_NS_V2;
    checkChildren(rep, root, DRAW_ROOT_CHILDREN, ns, 'draw');
    const registry = one(rep, root, 'registry', ns, true, '<draw>');
    const entered = one(rep, root, 'enteredAt', ns, false, '<draw>');
    const witnesses = one(rep, root, 'witnesses', ns, false, '<draw>');
    checkChildren(rep, witnesses, ['witness'], ns, 'witnesses');
    return {
      task: readTask(rep, root, ns),
      attempt: readAttempt(rep, root, ns),
      seed: textOf(rep, root, 'seed', ns, true),
      seedSources: kids(root, 'seedSource', ns).map((e) => e.textContent),
      registry: { hash: attr(registry, 'hash'), file: attr(registry, 'file'), rows: attr(registry, 'rows') },
      drawnAt: textOf(rep, root, 'drawnAt', ns, true),
      enteredAt: entered ? { at: entered.textContent, reason: attr(entered, 'reason') } : null,
      operator: textOf(rep, root, 'operator', ns, false),
      witnesses: kids(witnesses, 'witness', ns).map((e) => e.textContent),
      strata: readStrata(rep, root, ns),
      excluded: readExcluded(rep, root, ns),
      result: readResult(rep, root, ns),
      batchOrder: readBatchOrder(rep, root, ns),
    };
  }

  // ------------------------------------------------------------------ checking the record's own fields

  /** § Conventions: the texts that must be NFC and free of control characters. */
  function checkRecordTexts(rep, rec) {
    checkText(rep, rec.task.id, '任务编号', 'the task id');
    checkText(rep, rec.seed, '种子', 'the seed');
    rec.seedSources.forEach((s, k) => checkText(rep, s, '第 ' + (k + 1) + ' 个种子来源', 'seed source ' + (k + 1)));
    rec.task.types.forEach((s) => checkText(rep, s, '任务的对象类型', 'a target type of the task'));
    rec.task.districts.forEach((s) => checkText(rep, s, '任务的区域', 'a district of the task'));
    rec.task.ratios.forEach((r) => checkText(rep, r.grade, '风险等级', 'a risk grade'));
    rec.strata.forEach((s) => checkText(rep, s.name, '<strata> 中的分层名', 'a stratum name in <strata>'));
    rec.result.forEach((s) => checkText(rep, s.name, '<result> 中的分层名', 'a stratum name in <result>'));
  }

  /** § The draw record, <task>: attribute formats, ratios canonical and in byte order. */
  function checkTaskFields(rep, task) {
    if (!task.id) rep.add('<task> 缺少 id', '<task> has no id');
    if (!/^\d{4}$/.test(task.year || '')) rep.add('<task> 的 year 不是四位年份：' + q(task.year), '<task> year is not a four-digit year: ' + q(task.year));
    if (!isValidDate(task.from)) rep.add('<task> 的 from 不是 YYYY-MM-DD 日期：' + q(task.from), '<task> from is not a YYYY-MM-DD date: ' + q(task.from));
    if (!isValidDate(task.to)) rep.add('<task> 的 to 不是 YYYY-MM-DD 日期：' + q(task.to), '<task> to is not a YYYY-MM-DD date: ' + q(task.to));
    if (isValidDate(task.from) && isValidDate(task.to) && task.from > task.to) rep.add('任务窗口 from ' + task.from + ' 晚于 to ' + task.to,
        'the task window from ' + task.from + ' is after to ' + task.to);
    if (task.keyItems !== '0' && task.keyItems !== '1') rep.add('<task> 的 keyItems 应为 1 或 0，实为 ' + q(task.keyItems),
        '<task> keyItems must be 1 or 0, is ' + q(task.keyItems));
    if (!UINT_RE.test(task.perYearCap || '')) rep.add('<task> 的 perYearCap 不是非负整数：' + q(task.perYearCap),
        '<task> perYearCap is not a non-negative integer: ' + q(task.perYearCap));
    reportDuplicates(rep, task.types, '任务的对象类型', 'target type of the task');
    reportDuplicates(rep, task.districts, '任务的区域', 'district of the task');
    checkRatios(rep, task.ratios);
  }

  function reportDuplicates(rep, list, zh, en) {
    const seen = new Set();
    for (const item of list) {
      if (seen.has(item)) rep.add(zh + ' ' + q(item) + ' 重复', 'duplicate ' + en + ' ' + q(item));
      seen.add(item);
    }
  }

  /** § The draw record: ratios — canonical text, grades in byte order. */
  function checkRatios(rep, ratios) {
    ratios.forEach((r) => {
      if (!r.grade) rep.add('<ratio> 缺少 grade', '<ratio> has no grade');
      if (!parseRatio(r.text)) rep.add('风险等级 ' + q(r.grade) + ' 的比例 ' + q(r.text) + ' 不是百分数（数字、可选小数、%）',
          'the ratio ' + q(r.text) + ' of grade ' + q(r.grade) + ' is not a percentage (digits, optional decimals, %)');
      else if (!CANONICAL_RATIO_RE.test(r.text)) rep.add('风险等级 ' + q(r.grade) + ' 的比例 ' + q(r.text) + ' 不是规范写法（应为 ' + canonicalRatio(r.text) + '）',
          'the ratio ' + q(r.text) + ' of grade ' + q(r.grade) + ' is not canonical (should be ' + canonicalRatio(r.text) + ')');
    });
    const grades = ratios.map((r) => r.grade || '');
    const bad = firstOutOfOrder(grades);
    if (bad >= 0) rep.add('风险等级的比例没有按字节序排列或有重复：' + q(grades[bad - 1]) + ' 之后是 ' + q(grades[bad]),
        'the ratios\' grades are not in byte order or repeat: ' + q(grades[bad]) + ' follows ' + q(grades[bad - 1]));
  }

  /** § The draw record, <attempt>: number, reason from the second on, <previous> from the second on. */
  function checkAttemptFields(rep, rec, recordName) {
    const a = rec.attempt;
    if (!/^[1-9]\d*$/.test(a.number || '')) { rep.add('<attempt> 的 number 不是正整数：' + q(a.number),
        '<attempt> number is not a positive integer: ' + q(a.number)); return; }
    const n = Number(a.number);
    if (n >= 2 && !(a.reason && a.reason.trim())) rep.add('第 ' + n + ' 次抽取没有写明重新抽取的理由', 'attempt ' + n + ' gives no reason for drawing again');
    if (n >= 2 && !a.previous) rep.add('第 ' + n + ' 次抽取缺少 <previous>（上一次抽取的记录及其 SHA-256）',
        'attempt ' + n + ' has no <previous> (the previous attempt\'s record and SHA-256)');
    if (n === 1 && a.previous) rep.add('第 1 次抽取不应有 <previous>', 'attempt 1 must not have <previous>');
    if (n === 1 && a.reason !== null) rep.add('第 1 次抽取不应有重抽理由', 'attempt 1 must not have a redraw reason');
    if (a.previous) {
      const expected = (rec.task.id || '') + '-' + (n - 1) + '.xml';
      if (a.previous.record !== expected) rep.add('<previous> 的 record 应为同一文件夹中的 ' + expected + '，实为 ' + q(a.previous.record),
          '<previous> record should be ' + expected + ' (same folder), is ' + q(a.previous.record));
      if (!HEX64_RE.test(a.previous.sha256 || '')) rep.add('<previous> 的 sha256 不是 64 位小写十六进制：' + q(a.previous.sha256),
          '<previous> sha256 is not 64 lower-case hex digits: ' + q(a.previous.sha256));
    }
    if (recordName && rec.task.id && recordName !== rec.task.id + '-' + n + '.xml') {
      rep.add('记录文件名 ' + q(recordName) + ' 应为 ' + rec.task.id + '-' + n + '.xml',
          'the record file name ' + q(recordName) + ' should be ' + rec.task.id + '-' + n + '.xml');
    }
  }

  /** § The draw record: <drawnAt>, <enteredAt>; § (intro): a draw comes before its window opens (Beijing days). */
  function checkDates(rep, rec) {
    const drawnDay = beijingDay(rec.drawnAt);
    if (rec.drawnAt !== null && drawnDay === null) rep.add('<drawnAt> 不是 ISO 8601 日期或时间：' + q(rec.drawnAt),
        '<drawnAt> is not an ISO 8601 date or date-time: ' + q(rec.drawnAt));
    if (drawnDay && isValidDate(rec.task.from) && drawnDay > rec.task.from) rep.add('抽取日 ' + drawnDay + '（北京时间）晚于任务窗口开始日 ' + rec.task.from,
        'the draw day ' + drawnDay + ' (Beijing time) is after the task window opened on ' + rec.task.from);
    if (isValidDate(rec.drawnAt) && !rec.enteredAt) rep.add('<drawnAt> 只有日期，但没有 <enteredAt>（只有补录的抽取才只记日期）',
        '<drawnAt> is a date only but there is no <enteredAt> (only a draw entered later has a date only)');
    if (!rec.enteredAt) return;
    const enteredDay = beijingDay(rec.enteredAt.at);
    if (enteredDay === null) rep.add('<enteredAt> 不是 ISO 8601 时间：' + q(rec.enteredAt.at), '<enteredAt> is not an ISO 8601 date-time: ' + q(rec.enteredAt.at));
    if (!(rec.enteredAt.reason && rec.enteredAt.reason.trim())) rep.add('<enteredAt> 没有写明补录理由', '<enteredAt> gives no reason for entering the draw later');
    if (enteredDay && drawnDay && enteredDay < drawnDay) rep.add('补录日 ' + enteredDay + ' 早于抽取日 ' + drawnDay,
        'the entry day ' + enteredDay + ' is before the draw day ' + drawnDay);
  }

  // ------------------------------------------------------------------ the seed (§ The seed)

  const SOURCE_SEPARATORS = /[ ,，、;；]/;

  /** § The seed, RFC 3797 §4: the seed assembled from the sources, or null (problems reported). */
  function seedFromSources(rep, sources) {
    let seed = '';
    for (let k = 0; k < sources.length; k++) {
      const s = sources[k];
      const cut = s.search(/[:：]/);
      const body = cut >= 0 ? s.slice(cut + 1) : s;
      const pieces = body.split(SOURCE_SEPARATORS).filter((p) => p !== '');
      const bad = pieces.filter((p) => !/^[0-9]+$/.test(p));
      if (bad.length > 0 || pieces.length === 0) {
        rep.add('第 ' + (k + 1) + ' 个种子来源 ' + q(s) + (bad.length ? ' 含非数字的部分 ' + q(bad[0]) : ' 没有数字'),
            'seed source ' + (k + 1) + ' ' + q(s) + (bad.length ? ' holds a piece that is not ASCII digits: ' + q(bad[0]) : ' holds no number'));
        return null;
      }
      const values = pieces.map((p) => BigInt(p)).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
      seed += values.map((v) => v.toString() + '.').join('') + '/';
    }
    return seed;
  }

  function checkSeed(rep, rec) {
    if (rec.seed === null) return;
    if (rec.seed === '') rep.add('种子为空', 'the seed is empty');
    if (rec.seedSources.length === 0) return;
    const expected = seedFromSources(rep, rec.seedSources);
    if (expected !== null && expected !== rec.seed) {
      rep.add('种子 ' + q(rec.seed) + ' 不是由种子来源按 RFC 3797 组成的 ' + q(expected),
          'the seed ' + q(rec.seed) + ' is not the RFC 3797 text of its sources, ' + q(expected));
    }
  }

  // ------------------------------------------------------------------ strata and scope (§ Who is drawn from)

  /** § Who is drawn from: the expected strata, in byte order of name, with their ratio texts. */
  function expectedStrata(task) {
    const types = task.types.length > 0 ? task.types : DEFAULT_TYPES;
    const byName = new Map();
    for (const type of types) {
      for (const r of task.ratios) byName.set(type + '/' + r.grade, { name: type + '/' + r.grade, type: type, grade: r.grade, ratioText: r.text });
    }
    return sortedBytes(Array.from(byName.keys())).map((name) => byName.get(name));
  }

  /** § The draw record: <strata> — every stratum, in byte order, its ratio, candidates in byte order. */
  function checkStrataList(rep, rec, expected) {
    const names = rec.strata.map((s) => s.name || '');
    checkNamesAgainst(rep, names, expected, '<strata>');
    const wanted = new Map(expected.map((e) => [e.name, e]));
    for (const s of rec.strata) {
      const e = wanted.get(s.name);
      if (e && s.ratio !== e.ratioText) rep.add('分层 ' + s.name + ' 的比例为 ' + q(s.ratio) + '，任务中该等级的比例为 ' + q(e.ratioText),
          'stratum ' + s.name + ' has ratio ' + q(s.ratio) + ', but the task gives its grade ' + q(e.ratioText));
      const bad = firstOutOfOrder(s.candidates);
      if (bad >= 0) rep.add('分层 ' + s.name + ' 的候选对象没有按字节序排列或有重复：' + s.candidates[bad - 1] + ' 之后是 ' + s.candidates[bad],
          'the candidates of stratum ' + s.name + ' are not in byte order or repeat: ' + s.candidates[bad] + ' follows ' + s.candidates[bad - 1]);
      for (const code of s.candidates) {
        const cc = creditCodeProblem(code);
        if (cc) rep.add('分层 ' + s.name + ' 的候选对象 ' + q(code) + ' 的统一社会信用代码' + cc.zh,
            'candidate ' + q(code) + ' of stratum ' + s.name + ': credit code ' + cc.en);
      }
    }
  }

  /** Reports names missing from, extra in, or out of byte order in a list of strata. */
  function checkNamesAgainst(rep, names, expected, where) {
    const expectedNames = new Set(expected.map((e) => e.name));
    const present = new Set(names);
    for (const e of expected) if (!present.has(e.name)) rep.add(where + ' 缺少分层 ' + e.name, where + ' lacks stratum ' + e.name);
    for (const n of names) if (!expectedNames.has(n)) rep.add(where + ' 中的分层 ' + q(n) + ' 不是任务的分层（对象类型/风险等级）',
        'stratum ' + q(n) + ' in ' + where + ' is not a stratum of the task (type/grade)');
    const bad = firstOutOfOrder(names);
    if (bad >= 0) rep.add(where + ' 中的分层没有按字节序排列或有重复：' + q(names[bad - 1]) + ' 之后是 ' + q(names[bad]),
        'the strata in ' + where + ' are not in byte order or repeat: ' + q(names[bad]) + ' follows ' + q(names[bad - 1]));
  }

  /** § Who is drawn from: whether a snapshot line is in the task's scope. */
  function inScope(task, target) {
    if (task.types.length > 0 && task.types.indexOf(target.type) < 0) return false;
    if (task.districts.length > 0 && task.districts.indexOf(target.district) < 0) return false;
    return task.ratios.some((r) => r.grade === target.grade);
  }

  /** § Who is drawn from: candidates consistent with the snapshot (status 正常, right stratum, in scope). */
  function checkCandidates(rep, rec, snap, seen) {
    for (const s of rec.strata) {
      for (const code of s.candidates) {
        if (seen.has(code)) rep.add('候选对象 ' + code + ' 出现多次（分层 ' + s.name + '）', 'candidate ' + code + ' appears more than once (stratum ' + s.name + ')');
        seen.set(code, 'candidate');
        const t = snap.byCode.get(code);
        if (!t) { rep.add('分层 ' + s.name + ' 的候选对象 ' + code + ' 不在名册快照中',
            'candidate ' + code + ' of stratum ' + s.name + ' is not in the registry snapshot'); continue; }
        if (!inScope(rec.task, t)) rep.add('分层 ' + s.name + ' 的候选对象 ' + code + ' 不在任务范围内（类型 ' + t.type + '，区域 ' + t.district + '，等级 ' + t.grade + '）',
            'candidate ' + code + ' of stratum ' + s.name + ' is outside the task\'s scope (type ' + t.type + ', district ' + t.district + ', grade ' + t.grade + ')');
        else if (t.type + '/' + t.grade !== s.name) rep.add('候选对象 ' + code + ' 属于分层 ' + t.type + '/' + t.grade + '，却列在分层 ' + s.name + ' 中',
            'candidate ' + code + ' belongs to stratum ' + t.type + '/' + t.grade + ' but is listed under ' + s.name);
        if (t.status !== '正常') rep.add('分层 ' + s.name + ' 的候选对象 ' + code + ' 的状态为 ' + t.status + '，不是 正常（应以 rule="status" 排除）',
            'candidate ' + code + ' of stratum ' + s.name + ' has status ' + t.status + ', not 正常 (it must be excluded with rule="status")');
      }
    }
  }

  /** § Who is drawn from: one <excluded><target> against the snapshot and the rules. */
  function checkExcludedTarget(rep, rec, snap, x) {
    const where = '排除对象 ' + q(x.code), whereEn = 'excluded target ' + q(x.code);
    const t = snap.byCode.get(x.code);
    if (!t) { rep.add(where + ' 不在名册快照中', whereEn + ' is not in the registry snapshot'); return; }
    if (!inScope(rec.task, t)) rep.add(where + ' 不在任务范围内，不应列为排除', whereEn + ' is outside the task\'s scope and must not be listed');
    if (x.rule === 'status') {
      if (t.status === '正常') rep.add(where + ' 以 rule="status" 排除，但其状态为 正常', whereEn + ' is excluded with rule="status" but its status is 正常');
      return;
    }
    if (x.rule !== 'upper' && x.rule !== 'cap') { rep.add(where + ' 的 rule ' + q(x.rule) + ' 不是 status、upper 或 cap',
        whereEn + ' has rule ' + q(x.rule) + ', not status, upper or cap'); return; }
    if (t.status !== '正常') rep.add(where + ' 的状态为 ' + t.status + '，应以 rule="status" 排除，而不是 ' + x.rule,
        whereEn + ' has status ' + t.status + ', so its rule must be status, not ' + x.rule);
    if (x.rule === 'cap' && t.flagged) rep.add(where + ' 以 rule="cap" 排除，但其四项标记之一为 是（不受次数上限限制）',
        whereEn + ' is excluded with rule="cap" but one of its four flags is 是 (exempt from the cap)');
    if (x.rule === 'cap' && rec.task.keyItems === '1') rep.add(where + ' 以 rule="cap" 排除，但任务含重点事项（keyItems="1"，不设上限）',
        whereEn + ' is excluded with rule="cap" in a task with keyItems="1" (重点 items have no cap)');
  }

  function checkExcluded(rep, rec, snap, seen) {
    const codes = rec.excluded.map((x) => x.code || '');
    const bad = firstOutOfOrder(codes);
    if (bad >= 0) rep.add('<excluded> 中的对象没有按字节序排列或有重复：' + codes[bad - 1] + ' 之后是 ' + codes[bad],
        'the targets in <excluded> are not in byte order or repeat: ' + codes[bad] + ' follows ' + codes[bad - 1]);
    for (const x of rec.excluded) {
      if (seen.get(x.code) === 'candidate') rep.add('对象 ' + x.code + ' 既是候选对象又被排除', 'target ' + x.code + ' is both a candidate and excluded');
      seen.set(x.code, seen.get(x.code) || 'excluded');
      checkExcludedTarget(rep, rec, snap, x);
    }
  }

  /** § Who is drawn from: every in-scope line is a candidate or excluded. */
  function checkCoverage(rep, rec, snap, seen, expected) {
    const names = new Set(expected.map((e) => e.name));
    for (const t of snap.rows) {
      if (!inScope(rec.task, t)) continue;
      if (!names.has(t.type + '/' + t.grade)) rep.add('名册快照第 ' + t.line + ' 行 ' + t.code + ' 在任务范围内，但其类型 ' + q(t.type) + ' 不是六类对象之一，没有对应分层',
          'registry snapshot line ' + t.line + ' ' + t.code + ' is in scope but its type ' + q(t.type) + ' is not one of the six types, so it has no stratum');
      if (seen.has(t.code)) continue;
      if (t.status !== '正常') rep.add('名册快照中的 ' + t.code + '（分层 ' + t.type + '/' + t.grade + '，状态 ' + t.status + '）在任务范围内，但没有以 rule="status" 排除',
          t.code + ' (stratum ' + t.type + '/' + t.grade + ', status ' + t.status + ') is in scope but not excluded with rule="status"');
      else rep.add('名册快照中的 ' + t.code + '（分层 ' + t.type + '/' + t.grade + '）在任务范围内，但既不是候选对象也没有被排除',
          t.code + ' (stratum ' + t.type + '/' + t.grade + ') is in scope but is neither a candidate nor excluded');
    }
  }

  /** § The registry snapshot: binding of the record to the snapshot by hash, file name and rows. */
  function checkSnapshotBinding(rep, rec, snapshotHash, snap) {
    const r = rec.registry;
    if (!HEX64_RE.test(r.hash || '')) rep.add('<registry> 的 hash 不是 64 位小写十六进制：' + q(r.hash), '<registry> hash is not 64 lower-case hex digits: ' + q(r.hash));
    if (r.hash !== snapshotHash) rep.add('名册快照的 SHA-256 为 ' + snapshotHash + '，与记录的名册哈希（registry hash）' + r.hash + ' 不符',
        'the registry snapshot\'s SHA-256 is ' + snapshotHash + ', not the record\'s registry hash ' + r.hash);
    if (r.file !== 'targets-' + r.hash + '.csv') rep.add('<registry> 的 file 应为 targets-' + r.hash + '.csv，实为 ' + q(r.file),
        '<registry> file should be targets-' + r.hash + '.csv, is ' + q(r.file));
    if (r.rows !== String(snap.rows.length)) rep.add('<registry> 的 rows 为 ' + q(r.rows) + '，名册快照有 ' + snap.rows.length + ' 个对象',
        '<registry> rows is ' + q(r.rows) + ', the registry snapshot holds ' + snap.rows.length + ' targets');
  }

  // ------------------------------------------------------------------ recomputing the draw (§ The draw)

  /** § The draw 1: the master key's twelve lines. */
  function masterKeyLines(rec) {
    const t = rec.task;
    const ratios = sortedBytes(t.ratios.map((r) => r.grade || ''))
      .map((g) => g + '=' + (canonicalRatio(t.ratios.find((r) => r.grade === g).text) || ''));
    return [DRAW_ALG, t.id || '', rec.seed || '', rec.registry.hash || '', t.year || '', t.from || '', t.to || '',
      t.keyItems || '', t.perYearCap || '', joinDun(t.types), joinDun(t.districts), ratios.join('、')];
  }

  /** § The draw 2: every stratum's sample size and drawn targets, then § The draw 3: the batch order. */
  async function recomputeDraw(rec, expected) {
    const master = await sha256(utf8(masterKeyLines(rec).join(LF)));
    const recorded = new Map(rec.strata.map((s) => [s.name, s]));
    const strata = [];
    for (const e of expected) {
      const pool = sortedBytes(recorded.has(e.name) ? recorded.get(e.name).candidates : []);
      const ratio = parseRatio(e.ratioText);
      if (!ratio) { strata.push({ name: e.name, N: pool.length, n: null, drawn: null, ratioText: e.ratioText }); continue; }
      const n = sampleSize(pool.length, ratio);
      const stream = new Stream(concatBytes([master, utf8(e.name)]));
      strata.push({ name: e.name, N: pool.length, n: n, drawn: await partialFisherYates(pool, n, stream), ratioText: e.ratioText });
    }
    let batchOrder = null;
    if (rec.task.keyItems === '1') {
      const all = sortedBytes([].concat.apply([], strata.map((s) => s.drawn || [])));
      const stream = new Stream(concatBytes([master, utf8('batch-order')]));
      batchOrder = await partialFisherYates(all, all.length, stream);
    }
    return { master: hex(master), strata: strata, batchOrder: batchOrder };
  }

  /** Compares the recorded result of one stratum with the recomputed one. */
  function compareStratum(rep, got, want) {
    const name = want.name;
    if (String(want.N) !== got.population) rep.add('分层 ' + name + ' 的 population 为 ' + q(got.population) + '，其候选对象有 ' + want.N + ' 个',
        'stratum ' + name + ' has population ' + q(got.population) + ' but ' + want.N + ' candidates');
    if (want.drawn === null) { rep.add('分层 ' + name + ' 的比例 ' + q(want.ratioText) + ' 无法读取，不能重算',
        'stratum ' + name + ': ratio ' + q(want.ratioText) + ' cannot be read, so it cannot be recomputed'); return false; }
    if (got.drawn.length !== want.n) rep.add('分层 ' + name + '：比例 ' + want.ratioText + '、候选 ' + want.N + ' 个，应抽 ' + want.n + ' 个，记录抽了 ' + got.drawn.length + ' 个',
        'stratum ' + name + ': ratio ' + want.ratioText + ' of ' + want.N + ' candidates draws ' + want.n + ', the record draws ' + got.drawn.length);
    const k = firstDifference(got.drawn, want.drawn);
    if (k < 0) return true;
    const extra = got.drawn.filter((c) => want.drawn.indexOf(c) < 0);
    rep.add('分层 ' + name + ' 的抽取结果与重算不符：第 ' + (k + 1) + ' 个记录为 ' + (got.drawn[k] || '（无）') + '，应为 ' + (want.drawn[k] || '（无）') +
      (extra.length ? '；不应抽中的：' + showList(extra) : '') + '；重算结果：' + showList(want.drawn),
    'stratum ' + name + ': the result differs from the recomputation: #' + (k + 1) + ' is ' + (got.drawn[k] || '(none)') + ', should be ' + (want.drawn[k] || '(none)') +
      (extra.length ? '; drawn but not by these inputs: ' + showList(extra) : '') + '; recomputed: ' + showList(want.drawn));
    return false;
  }

  function firstDifference(a, b) {
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
    return -1;
  }

  /** § The draw record, <result> and <batchOrder>, against the recomputation. */
  function compareResult(rep, rec, expected, computed) {
    checkNamesAgainst(rep, rec.result.map((s) => s.name || ''), expected, '<result>');
    const recorded = new Map(rec.result.map((s) => [s.name, s]));
    let differing = 0;
    for (const want of computed.strata) {
      const got = recorded.get(want.name);
      if (got && !compareStratum(rep, got, want)) differing += 1;
    }
    if (differing > 0) {
      const t = rec.task;
      rep.add('按本记录的输入（任务 ' + t.id + '、种子 ' + q(rec.seed) + '、名册哈希 ' + rec.registry.hash + '、年度 ' + t.year + '、窗口 ' + t.from + '—' + t.to + '、keyItems ' + t.keyItems + '、上限 ' + t.perYearCap + '、比例 ' + masterKeyLines(rec)[11] + '）重算，' + differing + ' 个分层的抽取结果不同；主密钥 ' + computed.master,
        'recomputed from this record\'s inputs (task ' + t.id + ', seed ' + q(rec.seed) + ', registry hash ' + rec.registry.hash + ', year ' + t.year + ', window ' + t.from + '–' + t.to + ', keyItems ' + t.keyItems + ', cap ' + t.perYearCap + ', ratios ' + masterKeyLines(rec)[11] + '), ' + differing + ' strata draw differently; master key ' + computed.master);
    }
    compareBatchOrder(rep, rec, computed);
  }

  /** § The draw 3 and § The draw record: <batchOrder> present exactly when keyItems is 1 and something was drawn. */
  function compareBatchOrder(rep, rec, computed) {
    const want = computed.batchOrder;
    const needed = want !== null && want.length > 0;
    if (!needed && rec.batchOrder !== null) rep.add('记录有 <batchOrder>，但' + (rec.task.keyItems === '1' ? '没有抽中任何对象' : '任务不含重点事项（keyItems="0"）'),
        'the record has <batchOrder> but ' + (rec.task.keyItems === '1' ? 'nothing was drawn' : 'the task has keyItems="0"'));
    if (needed && rec.batchOrder === null) rep.add('任务含重点事项（keyItems="1"），记录却没有 <batchOrder>', 'the task has keyItems="1" but the record has no <batchOrder>');
    if (!needed || rec.batchOrder === null) return;
    const k = firstDifference(rec.batchOrder, want);
    if (k >= 0) rep.add('<batchOrder> 与重算不符：第 ' + (k + 1) + ' 个记录为 ' + (rec.batchOrder[k] || '（无）') + '，应为 ' + (want[k] || '（无）'),
        '<batchOrder> differs from the recomputation: #' + (k + 1) + ' is ' + (rec.batchOrder[k] || '(none)') + ', should be ' + (want[k] || '(none)'));
  }

  // ------------------------------------------------------------------ the chain of attempts (§ The draw record)

  async function checkChain(rep, rec, previous) {
    const n = Number(rec.attempt.number);
    if (!previous) {
      if (n >= 2) rep.add('第 ' + n + ' 次抽取引用了上一次抽取 ' + q(rec.attempt.previous && rec.attempt.previous.record) + '，但没有提供该文件，无法核对哈希链',
          'attempt ' + n + ' cites the previous attempt ' + q(rec.attempt.previous && rec.attempt.previous.record) + ', which was not supplied, so the chain cannot be checked');
      return;
    }
    if (!(n >= 2) || !rec.attempt.previous) { rep.note('提供了上一次抽取的记录，但本记录是第 1 次抽取，未使用',
        'a previous attempt was supplied but this record is attempt 1; it was not used'); return; }
    const digest = hex(await sha256(previous));
    const cited = rec.attempt.previous;
    if (digest !== cited.sha256) rep.add('上一次抽取 ' + q(cited.record) + ' 的 SHA-256 为 ' + digest + '，与本记录 <previous> 引用的 ' + cited.sha256 + ' 不符（哈希链断裂）',
        'the previous attempt ' + q(cited.record) + ' has SHA-256 ' + digest + ', not ' + cited.sha256 + ' as cited in <previous> (the chain is broken)');
    checkPreviousIdentity(rep, rec, previous, n);
  }

  /** The previous attempt must be a draw record of the same task, attempt N−1. */
  function checkPreviousIdentity(rep, rec, previous, n) {
    const text = decodeUtf8(previous);
    const doc = text === null ? null : new DOMParser().parseFromString(text, 'application/xml');
    if (!doc || doc.getElementsByTagName('parsererror').length > 0 || doc.documentElement.localName !== 'draw') {
      rep.add('上一次抽取的文件不是抽取记录', 'the previous attempt\'s file is not a draw record');
      return;
    }
    const root = doc.documentElement;
    const task = Array.from(root.children).find((c) => c.localName === 'task');
    const attempt = Array.from(root.children).find((c) => c.localName === 'attempt');
    if (attr(task, 'id') !== rec.task.id) rep.add('上一次抽取属于任务 ' + q(attr(task, 'id')) + '，不是 ' + rec.task.id,
        'the previous attempt belongs to task ' + q(attr(task, 'id')) + ', not ' + rec.task.id);
    if (attr(attempt, 'number') !== String(n - 1)) rep.add('上一次抽取的序号为 ' + q(attr(attempt, 'number')) + '，应为 ' + (n - 1),
        'the previous attempt\'s number is ' + q(attr(attempt, 'number')) + ', should be ' + (n - 1));
  }

  // ------------------------------------------------------------------ verifyDraw

  function drawSummary(rec) {
    const s = {
      task: rec.task.id, attempt: rec.attempt.number === null ? null : Number(rec.attempt.number),
      seed: rec.seed, registryHash: rec.registry.hash,
      strata: rec.result.map((r) => ({ name: r.name, population: r.population === null ? null : Number(r.population), drawn: r.drawn })),
    };
    if (rec.batchOrder !== null) s.batchOrder = rec.batchOrder;
    return s;
  }

  /** Identifies the record's version; reports v1 (not checked here) and unknown roots. */
  function checkDrawRoot(rep, root) {
    const alg = attr(root, 'algorithm');
    if (root.namespaceURI === DRAW_NS_V1 || alg === 'spotcheck-draw-v1') {
      rep.add('这是 spotcheck-draw-v1 记录；本验证器只核验 spotcheck-draw-v2 记录，未作核验（请用 spotcheck draw verify）',
          'this is a spotcheck-draw-v1 record; this verifier checks spotcheck-draw-v2 records only, so it was not verified (use spotcheck draw verify)');
      return false;
    }
    if (root.localName !== 'draw' || root.namespaceURI !== DRAW_NS_V2) {
      rep.add('根元素应为命名空间 ' + DRAW_NS_V2 + ' 中的 <draw>，实为 ' + (root.namespaceURI || '') + ' 中的 <' + root.localName + '>',
          'the root should be <draw> in namespace ' + DRAW_NS_V2 + ', is <' + root.localName + '> in ' + q(root.namespaceURI));
      return false;
    }
    if (alg !== DRAW_ALG) rep.add('<draw> 的 algorithm 应为 ' + DRAW_ALG + '，实为 ' + q(alg), '<draw> algorithm should be ' + DRAW_ALG + ', is ' + q(alg));
    return true;
  }

  async function verifyDrawInner(rep, input) {
    const text = decodeUtf8(input.record);
    if (text === null) { rep.add('抽取记录不是有效的 UTF-8', 'the draw record is not valid UTF-8'); return null; }
    const doc = parseXml(text.replace(/^\ufeff/, ''), rep, '抽取记录', 'draw record');
    if (!doc || !checkDrawRoot(rep, doc.documentElement)) return null;
    checkRawAttributes(rep, text);
    checkAllNfc(rep, doc.documentElement);
    const rec = readDrawRecord(rep, doc.documentElement);
    checkRecordTexts(rep, rec);
    checkTaskFields(rep, rec.task);
    checkAttemptFields(rep, rec, input.recordName);
    checkDates(rep, rec);
    checkSeed(rep, rec);

    const snapshotHash = hex(await sha256(input.snapshot));
    const snap = readSnapshot(rep, input.snapshot);
    checkSnapshotBinding(rep, rec, snapshotHash, snap);

    const expected = expectedStrata(rec.task);
    checkStrataList(rep, rec, expected);
    const seen = new Map();
    checkCandidates(rep, rec, snap, seen);
    checkExcluded(rep, rec, snap, seen);
    checkCoverage(rep, rec, snap, seen, expected);

    const computed = await recomputeDraw(rec, expected);
    compareResult(rep, rec, expected, computed);
    await checkChain(rep, rec, input.previous);

    if (rec.excluded.some((x) => x.rule === 'cap' || x.rule === 'upper')) {
      rep.note('rule="cap" 与 rule="upper" 的排除只核对了结构；其真实性需要本单位当年其他已锁定的抽取记录或上级的名单',
          'exclusions with rule="cap" or rule="upper" were checked structurally only; whether they are true needs the office\'s other locked draws of the year or the higher level\'s list');
    }
    rep.note('本文件夹不能说明哪一次抽取被锁定（锁定记在审计轨迹中）', 'the folder does not show which attempt was locked (the lock is in the audit trail)');
    return rec;
  }

  /**
   * Verifies a spotcheck-draw-v2 record against its registry snapshot and, from the
   * second attempt on, the previous attempt's record.
   * @param {{record: Uint8Array, snapshot: Uint8Array, previous?: Uint8Array, recordName?: string}} input
   */
  async function verifyDraw(input) {
    const rep = new Report();
    let rec = null;
    try {
      if (!(input && input.record instanceof Uint8Array)) rep.add('没有提供抽取记录', 'no draw record was given');
      else if (!(input.snapshot instanceof Uint8Array)) rep.add('没有提供名册快照', 'no registry snapshot was given');
      else rec = await verifyDrawInner(rep, input);
    } catch (e) {
      rep.add('验证器内部错误：' + (e && e.message), 'internal error of the verifier: ' + (e && e.message));
    }
    return { ok: rep.problems.length === 0, problems: rep.problems, notes: rep.notes, summary: rec ? drawSummary(rec) : null };
  }

  // ================================================================== the match (§ The match)

  const MATCH_ROOT_CHILDREN = ['task', 'workingDays', 'seed', 'registry', 'draw', 'matchedAt', 'operator', 'teamSize', 'scope', 'pool', 'outsiders', 'bookedElsewhere', 'visits', 'merged', 'teams', 'substitutions'];

  function readMember(el, ns) {
    return {
      key: attr(el, 'key'), name: attr(el, 'name'), unit: attr(el, 'unit'), department: attr(el, 'department'),
      validUntil: attr(el, 'validUntil') || '', expert: attr(el, 'expert') === 'true', joint: attr(el, 'joint') === 'true',
      conflicts: new Set(kids(el, 'conflict', ns).map((c) => c.textContent)),
    };
  }

  function readMatchRecord(rep, root) {
    const ns = MATCH_NS_V2;
    checkChildren(rep, root, MATCH_ROOT_CHILDREN, ns, 'match');
    const task = one(rep, root, 'task', ns, true, '<match>');
    const wd = one(rep, root, 'workingDays', ns, true, '<match>');
    const draw = one(rep, root, 'draw', ns, true, '<match>');
    const seedEl = one(rep, root, 'seed', ns, true, '<match>');
    const teamSizeEl = one(rep, root, 'teamSize', ns, true, '<match>');
    const scope = one(rep, root, 'scope', ns, false, '<match>');
    const reg = one(rep, root, 'registry', ns, true, '<match>');
    const sub = (name) => one(rep, root, name, ns, false, '<match>');
    return {
      task: { id: attr(task, 'id'), name: attr(task, 'name'), from: attr(task, 'from'), to: attr(task, 'to'), needsExpert: attr(task, 'needsExpert') },
      calendar: attr(wd, 'calendar'), days: kids(wd, 'day', ns).map((d) => d.textContent),
      seed: seedEl ? seedEl.textContent : null, registryHash: attr(reg, 'hash'),
      draw: { record: attr(draw, 'record'), sha256: attr(draw, 'sha256') },
      teamSize: teamSizeEl ? teamSizeEl.textContent : null, department: attr(scope, 'department') || '',
      pool: kids(sub('pool'), 'member', ns).map((m) => readMember(m, ns)),
      outsiders: kids(sub('outsiders'), 'member', ns).map((m) => readMember(m, ns)),
      booked: kids(sub('bookedElsewhere'), 'booking', ns).map((b) => ({ date: attr(b, 'date'), key: attr(b, 'key') })),
      visits: kids(sub('visits'), 'visit', ns).map((v) => ({ id: attr(v, 'id'), date: attr(v, 'date'), target: attr(v, 'target'), needsExpert: attr(v, 'needsExpert'), assigned: kids(v, 'assigned', ns).map((a) => attr(a, 'key')) })),
      merged: kids(sub('merged'), 'target', ns).map((t) => ({ code: attr(t, 'code'), visit: attr(t, 'visit'), date: attr(t, 'date'), expert: attr(t, 'expert'), hosts: kids(t, 'host', ns).map((h) => attr(h, 'key')) })),
      teams: kids(sub('teams'), 'team', ns).map((t) => ({ visit: attr(t, 'visit'), inspectors: kids(t, 'inspector', ns).map((i) => ({ key: attr(i, 'key'), role: attr(i, 'role') })), experts: kids(t, 'expert', ns).map((e) => attr(e, 'key')) })),
      substitutions: kids(sub('substitutions'), 'substitution', ns).map((s) => ({ visit: attr(s, 'visit'), removed: attr(s, 'removed'), added: attr(s, 'added'), reason: attr(s, 'reason'), approver: attr(s, 'approver'), operator: attr(s, 'operator'), at: attr(s, 'at'), booked: kids(s, 'bookedElsewhere', ns).map((b) => attr(b, 'key')) })),
    };
  }

  /** Reads the parts of the draw record a match depends on: task, window, seed and order. */
  function readDrawForMatch(rep, bytes) {
    const text = decodeUtf8(bytes);
    const doc = text === null ? null : new DOMParser().parseFromString(text.replace(/^\ufeff/, ''), 'application/xml');
    if (!doc || doc.getElementsByTagName('parsererror').length > 0 || doc.documentElement.localName !== 'draw') {
      rep.add('所引用的抽取记录无法读取', 'the cited draw record cannot be read');
      return null;
    }
    const root = doc.documentElement, ns = root.namespaceURI;
    const task = kids(root, 'task', ns)[0];
    const seed = kids(root, 'seed', ns)[0];
    const result = kids(kids(root, 'result', ns)[0], 'stratum', ns)
      .map((s) => ({ name: attr(s, 'name') || '', drawn: kids(s, 'target', ns).map((t) => attr(t, 'code')) }));
    const batch = kids(root, 'batchOrder', ns)[0];
    // § The match, Visits: the draw's order is its batch order, else its result stratum by stratum (byte order).
    const order = batch ? kids(batch, 'target', ns).map((t) => attr(t, 'code'))
      : [].concat.apply([], result.slice().sort((a, b) => cmpBytes(a.name, b.name)).map((s) => s.drawn));
    return { id: attr(task, 'id'), from: attr(task, 'from'), to: attr(task, 'to'), seed: seed ? seed.textContent : null, order: order };
  }

  // ------------------------------------------------------------------ match: fields and pool

  function checkMatchFields(rep, m, recordName) {
    if (m.task.needsExpert !== 'true' && m.task.needsExpert !== 'false') rep.add('<task> 的 needsExpert 应为 true 或 false，实为 ' + q(m.task.needsExpert),
        '<task> needsExpert must be true or false, is ' + q(m.task.needsExpert));
    if (!/^[1-9]\d*$/.test(m.teamSize || '')) rep.add('<teamSize> 不是正整数：' + q(m.teamSize), '<teamSize> is not a positive integer: ' + q(m.teamSize));
    if (!HEX64_RE.test(m.draw.sha256 || '')) rep.add('<draw> 的 sha256 不是 64 位小写十六进制', '<draw> sha256 is not 64 lower-case hex digits');
    if (!HEX64_RE.test(m.registryHash || '')) rep.add('<registry> 的 hash 不是 64 位小写十六进制', '<registry> hash is not 64 lower-case hex digits');
    if (!HEX64_RE.test(m.calendar || '')) rep.add('<workingDays> 的 calendar 不是 64 位小写十六进制', '<workingDays> calendar is not 64 lower-case hex digits');
    checkText(rep, m.task.id, '任务编号', 'the task id');
    checkText(rep, m.seed, '种子', 'the seed');
    const expectedDraw = 'draws/' + (m.task.id || '') + '-';
    if (!(m.draw.record || '').startsWith(expectedDraw) || !/-[1-9]\d*\.xml$/.test(m.draw.record || '')) rep.add('<draw> 的 record 应为 ' + expectedDraw + 'N.xml，实为 ' + q(m.draw.record),
        '<draw> record should be ' + expectedDraw + 'N.xml, is ' + q(m.draw.record));
    m.substitutions.forEach((s, k) => {
      if (!(s.reason && s.reason.trim()) || !(s.approver && s.approver.trim())) rep.add('第 ' + (k + 1) + ' 次替换（走访 ' + s.visit + '）缺少理由或批准人',
          'substitution ' + (k + 1) + ' (visit ' + s.visit + ') lacks a reason or an approver');
    });
    const version = m.substitutions.length + 1;
    if (recordName && recordName !== (m.task.id || '') + '-match-' + version + '.xml') rep.add('记录文件名 ' + q(recordName) + ' 应为 ' + m.task.id + '-match-' + version + '.xml（' + m.substitutions.length + ' 次替换）',
        'the record file name ' + q(recordName) + ' should be ' + m.task.id + '-match-' + version + '.xml (' + m.substitutions.length + ' substitutions)');
  }

  /** § The match, The record and Scope: no long digit runs; department scope; unique keys. */
  function checkPool(rep, m) {
    const longDigits = /[0-9０-９]{11,}/;
    const all = m.pool.map((p) => ['<pool>', p]).concat(m.outsiders.map((p) => ['<outsiders>', p]));
    const seen = new Set();
    for (const [where, p] of all) {
      for (const field of ['key', 'name', 'unit']) {
        if (longDigits.test(p[field] || '')) rep.add(where + ' 中成员 ' + q(p.key) + ' 的 ' + field + ' 含 11 位以上连续数字（可能是电话或身份证号）',
            'member ' + q(p.key) + ' in ' + where + ': ' + field + ' holds a run of 11 or more digits (a phone or ID number?)');
      }
      if (seen.has(p.key)) rep.add('成员 ' + q(p.key) + ' 重复出现', 'member ' + q(p.key) + ' appears more than once');
      seen.add(p.key);
      if (!p.expert && !isValidDate(p.validUntil) && p.validUntil !== '') rep.add('成员 ' + p.key + ' 的 validUntil 不是日期：' + q(p.validUntil),
          'member ' + p.key + ': validUntil is not a date: ' + q(p.validUntil));
    }
    if (m.department) {
      for (const p of m.pool) {
        if (!p.expert && !p.joint && p.department !== m.department) rep.add('范围为部门 ' + m.department + '，但人员库中有其他部门（' + p.department + '）的执法人员 ' + p.key,
            'the scope is department ' + m.department + ' but the pool holds ' + p.key + ', an inspector of ' + p.department);
      }
    }
  }

  /** § The match, Visits: working days strictly ascending, inside the window. */
  function checkWorkingDays(rep, m) {
    m.days.forEach((d, k) => {
      if (!isValidDate(d)) rep.add('工作日 ' + q(d) + ' 不是日期', 'working day ' + q(d) + ' is not a date');
      else if (d < m.task.from || d > m.task.to) rep.add('工作日 ' + d + ' 不在任务窗口 ' + m.task.from + '—' + m.task.to + ' 内',
          'working day ' + d + ' is outside the task window ' + m.task.from + '–' + m.task.to);
      if (k > 0 && !(m.days[k - 1] < d)) rep.add('工作日没有按日期递增：' + m.days[k - 1] + ' 之后是 ' + d,
          'working days are not ascending: ' + d + ' follows ' + m.days[k - 1]);
    });
  }

  // ------------------------------------------------------------------ match: checks against the draw

  /** § The match, Checks against the draw. */
  function checkAgainstDraw(rep, m, draw, drawHash) {
    if (drawHash !== m.draw.sha256) rep.add('抽取记录的 SHA-256 为 ' + drawHash + '，与匹配记录引用的 ' + m.draw.sha256 + ' 不符',
        'the draw record\'s SHA-256 is ' + drawHash + ', not ' + m.draw.sha256 + ' as cited');
    if (draw.id !== m.task.id || draw.from !== m.task.from || draw.to !== m.task.to) rep.add('抽取记录的任务/窗口（' + draw.id + '，' + draw.from + '—' + draw.to + '）与匹配记录（' + m.task.id + '，' + m.task.from + '—' + m.task.to + '）不同',
        'the draw\'s task/window (' + draw.id + ', ' + draw.from + '–' + draw.to + ') differs from the match\'s (' + m.task.id + ', ' + m.task.from + '–' + m.task.to + ')');
    if (draw.seed !== m.seed) rep.note('匹配种子 ' + q(m.seed) + ' 不是抽取的种子（match --seed）；记录了但未说明来由',
        'the match seed ' + q(m.seed) + ' is not the draw\'s (match --seed); it is recorded but not explained');
    const drawn = new Set(draw.order);
    const joined = new Set();
    for (const j of m.merged) {
      if (!drawn.has(j.code)) rep.add('并入的对象 ' + j.code + ' 不是抽取记录抽中的对象', 'joined target ' + j.code + ' was not drawn');
      if (joined.has(j.code)) rep.add('对象 ' + j.code + ' 并入了多次', 'target ' + j.code + ' is joined more than once');
      joined.add(j.code);
      if (ownVisitId(m.task.id, j.visit)) rep.add('对象 ' + j.code + ' 并入的是本任务自己的走访 ' + j.visit,
          'target ' + j.code + ' joins ' + j.visit + ', a visit of this task');
      if (!isValidDate(j.date) || j.date < m.task.from || j.date > m.task.to) rep.add('对象 ' + j.code + ' 并入的走访日期 ' + q(j.date) + ' 不在任务窗口内',
          'target ' + j.code + ' joins a visit on ' + q(j.date) + ', outside the task window');
    }
    const order = draw.order.filter((c) => !joined.has(c));
    const targets = m.visits.map((v) => v.target);
    const k = firstDifference(targets, order);
    if (k >= 0) rep.add('走访对象应为抽取顺序去掉并入对象（' + order.length + ' 个），第 ' + (k + 1) + ' 个走访为 ' + (targets[k] || '（无）') + '，应为 ' + (order[k] || '（无）'),
        'the visits\' targets should be the draw\'s order minus the joined targets (' + order.length + '); visit #' + (k + 1) + ' is ' + (targets[k] || '(none)') + ', should be ' + (order[k] || '(none)'));
  }

  function ownVisitId(taskId, visitId) {
    const prefix = (taskId || '') + '-';
    return (visitId || '').startsWith(prefix) && /^\d{4,}$/.test(visitId.slice(prefix.length));
  }

  /** § The match, Visits: ids TASK-0001…, visit i on working day ⌊i·D/n⌋, needsExpert as the task. */
  function checkVisitSchedule(rep, m) {
    const n = m.visits.length, D = m.days.length;
    if (n > 0 && D === 0) { rep.add('有走访但没有工作日', 'there are visits but no working days'); return; }
    m.visits.forEach((v, i) => {
      const id = (m.task.id || '') + '-' + String(i + 1).padStart(4, '0');
      if (v.id !== id) rep.add('第 ' + (i + 1) + ' 个走访的编号为 ' + q(v.id) + '，应为 ' + id, 'visit #' + (i + 1) + ' has id ' + q(v.id) + ', should be ' + id);
      const day = m.days[Math.floor((i * D) / n)];
      if (v.date !== day) rep.add('走访 ' + v.id + ' 的日期为 ' + q(v.date) + '，按 ⌊i·D/n⌋ 应为 ' + day,
          'visit ' + v.id + ' is on ' + q(v.date) + ', by ⌊i·D/n⌋ it should be on ' + day);
      if (v.needsExpert !== m.task.needsExpert) rep.add('走访 ' + v.id + ' 的 needsExpert 为 ' + q(v.needsExpert) + '，与任务的 ' + m.task.needsExpert + ' 不同',
          'visit ' + v.id + ' has needsExpert ' + q(v.needsExpert) + ', unlike the task\'s ' + m.task.needsExpert);
    });
  }

  // ------------------------------------------------------------------ match: the replay (§ The match, Algorithm)

  /** § The match, Algorithm 3: whether a person is eligible for a target on a date. */
  function eligible(p, date, target, busy) {
    if (busy.has(p.key) || p.conflicts.has(target)) return false;
    return p.expert || (p.validUntil !== '' && p.validUntil >= date);
  }

  function busyOn(booked, date) {
    if (!booked.has(date)) booked.set(date, new Set());
    return booked.get(date);
  }

  function byDateThenId(a, b) {
    return a.date < b.date ? -1 : a.date > b.date ? 1 : cmpBytes(a.id, b.id);
  }

  /** § The match, Algorithm 4: a directly assigned visit — shortage, eligibility, team. */
  function assignedTeam(rep, ctx, v, busy) {
    const people = new Map(ctx.pool.concat(ctx.outsiders).map((p) => [p.key, p]));
    const eligibleInspectors = ctx.pool.filter((p) => !p.expert && eligible(p, v.date, v.target, busy)).length;
    const eligibleExperts = ctx.pool.filter((p) => p.expert && eligible(p, v.date, v.target, busy)).length;
    const shortage = eligibleInspectors < ctx.teamSize || (ctx.needsExpert && eligibleExperts === 0);
    if (!shortage) rep.add('走访 ' + v.id + ' 直接指派了人员，但并不缺人（可选执法人员 ' + eligibleInspectors + ' 人，专家 ' + eligibleExperts + ' 人）',
        'visit ' + v.id + ' has a direct assignment without a shortage (' + eligibleInspectors + ' eligible inspectors, ' + eligibleExperts + ' experts)');
    const inspectors = [], experts = [];
    for (const key of v.assigned) {
      const p = people.get(key);
      if (!p) { rep.add('走访 ' + v.id + ' 指派的 ' + q(key) + ' 既不在人员库也不在 <outsiders> 中',
          'visit ' + v.id + ' assigns ' + q(key) + ', who is neither in the pool nor in <outsiders>'); continue; }
      if (!eligible(p, v.date, v.target, busy)) rep.add('走访 ' + v.id + ' 指派的 ' + key + ' 当日不符合条件（已有安排、有利害关系或证件过期）',
          'visit ' + v.id + ' assigns ' + key + ', who is not eligible that day (busy, conflicted or certificate expired)');
      (p.expert ? experts : inspectors).push(key);
    }
    if (inspectors.length < ctx.teamSize) rep.add('走访 ' + v.id + ' 指派的执法人员少于 ' + ctx.teamSize + ' 人',
        'visit ' + v.id + ' assigns fewer than ' + ctx.teamSize + ' inspectors');
    if (ctx.needsExpert && experts.length === 0) rep.add('走访 ' + v.id + ' 需要专家，但指派中没有专家', 'visit ' + v.id + ' needs an expert but none is assigned');
    return { inspectors: inspectors, experts: experts };
  }

  /** § The match, Algorithm 5: a drawn team (inspectors, then one expert from the same stream). */
  async function drawnTeam(rep, ctx, v, busy) {
    const stream = new Stream(concatBytes([ctx.master, utf8(v.id)]));
    const inspectorPool = ctx.pool.filter((p) => !p.expert && eligible(p, v.date, v.target, busy)).map((p) => p.key);
    if (inspectorPool.length < ctx.teamSize) {
      rep.add('走访 ' + v.id + ' 无法组队：可选执法人员 ' + inspectorPool.length + ' 人，缺 ' + (ctx.teamSize - inspectorPool.length) + ' 人',
          'visit ' + v.id + ' cannot be staffed: ' + inspectorPool.length + ' eligible inspectors, ' + (ctx.teamSize - inspectorPool.length) + ' missing');
      return null;
    }
    const inspectors = await partialFisherYates(inspectorPool, ctx.teamSize, stream);
    const experts = [];
    if (ctx.needsExpert) {
      const expertPool = ctx.pool.filter((p) => p.expert && eligible(p, v.date, v.target, busy)).map((p) => p.key);
      if (expertPool.length === 0) rep.add('走访 ' + v.id + ' 需要专家，但没有可选的专家', 'visit ' + v.id + ' needs an expert but no expert is eligible');
      else experts.push((await partialFisherYates(expertPool, 1, stream))[0]);
    }
    return { inspectors: inspectors, experts: experts };
  }

  /** Compares a recorded <team> with the replayed one (roles: 组长 first, 组员 after). */
  function compareTeam(rep, v, recorded, want) {
    if (!recorded) { rep.add('走访 ' + v.id + ' 没有 <team>', 'visit ' + v.id + ' has no <team>'); return; }
    const gotKeys = recorded.inspectors.map((i) => i.key);
    if (firstDifference(gotKeys, want.inspectors) >= 0) rep.add('走访 ' + v.id + ' 的检查组为 ' + showList(gotKeys) + '，重算应为 ' + showList(want.inspectors),
        'visit ' + v.id + ': the team is ' + showList(gotKeys) + ', recomputed ' + showList(want.inspectors));
    recorded.inspectors.forEach((i, k) => {
      const role = k === 0 ? '组长' : '组员';
      if (i.role !== role) rep.add('走访 ' + v.id + ' 中 ' + i.key + ' 的角色为 ' + q(i.role) + '，应为 ' + role,
          'visit ' + v.id + ': ' + i.key + ' has role ' + q(i.role) + ', should be ' + role);
    });
    if (firstDifference(recorded.experts, want.experts) >= 0) rep.add('走访 ' + v.id + ' 的专家为 ' + showList(recorded.experts) + '，重算应为 ' + showList(want.experts),
        'visit ' + v.id + ': the expert is ' + showList(recorded.experts) + ', recomputed ' + showList(want.experts));
  }

  /** § The match, Algorithm 2–5: replays every visit's team; returns the teams as first matched. */
  async function replayTeams(rep, ctx, m) {
    const recordedTeams = new Map();
    for (const t of m.teams) {
      if (recordedTeams.has(t.visit)) rep.add('走访 ' + t.visit + ' 有多个 <team>', 'visit ' + t.visit + ' has more than one <team>');
      recordedTeams.set(t.visit, t);
    }
    const visitIds = new Set(m.visits.map((v) => v.id));
    for (const t of m.teams) if (!visitIds.has(t.visit)) rep.add('<team> 所指的走访 ' + q(t.visit) + ' 不存在',
        '<team> names visit ' + q(t.visit) + ', which does not exist');
    const teams = new Map();
    for (const v of m.visits.slice().sort(byDateThenId)) {
      const busy = busyOn(ctx.booked, v.date);
      const want = v.assigned.length > 0 ? assignedTeam(rep, ctx, v, busy) : await drawnTeam(rep, ctx, v, busy);
      if (!want) continue;
      compareTeam(rep, v, recordedTeams.get(v.id), want);
      want.inspectors.concat(want.experts).forEach((k) => busy.add(k));
      teams.set(v.id, { visit: v, members: want.inspectors.map((k, i) => ({ key: k, role: i === 0 ? '组长' : '组员' })).concat(want.experts.map((k) => ({ key: k, role: 'expert' }))) });
    }
    return teams;
  }

  /** § The match, Algorithm 6: experts drawn for joined visits whose host team has none. */
  async function replayJoins(rep, ctx, m) {
    const poolExperts = new Set(ctx.pool.filter((p) => p.expert).map((p) => p.key));
    const joins = m.merged.map((j) => ({ join: j, date: j.date || '', id: j.visit || '' })).sort(byDateThenId);
    for (const { join } of joins) {
      const hostHasExpert = join.hosts.some((k) => poolExperts.has(k));
      if (!ctx.needsExpert || hostHasExpert) {
        if (join.expert !== null) rep.add('并入走访 ' + join.visit + ' 的对象 ' + join.code + ' 记录了专家 ' + join.expert + '，但' + (ctx.needsExpert ? '主办检查组已有专家' : '任务不需要专家'),
            'the join of ' + join.code + ' to ' + join.visit + ' records expert ' + join.expert + ' although ' + (ctx.needsExpert ? 'the host team has one' : 'the task needs none'));
        continue;
      }
      const busy = busyOn(ctx.booked, join.date);
      const hosts = new Set(join.hosts);
      const candidates = ctx.pool.filter((p) => p.expert && !busy.has(p.key) && !hosts.has(p.key) && !p.conflicts.has(join.code)).map((p) => p.key);
      if (candidates.length === 0) { rep.add('并入走访 ' + join.visit + ' 需要专家，但没有可选的专家',
          'the join to ' + join.visit + ' needs an expert but none is eligible'); continue; }
      const stream = new Stream(concatBytes([ctx.master, utf8('join' + LF + join.visit)]));
      const expert = (await partialFisherYates(candidates, 1, stream))[0];
      if (join.expert !== expert) rep.add('并入走访 ' + join.visit + '（对象 ' + join.code + '）的专家记录为 ' + q(join.expert) + '，重算应为 ' + expert,
          'the join of ' + join.code + ' to ' + join.visit + ' records expert ' + q(join.expert) + ', recomputed ' + expert);
      busy.add(expert);
    }
  }

  /** § The match, Substitution: who is busy for the k-th substitution. */
  function substitutionBusy(s, visit, teams, replaced) {
    const busy = new Set(s.booked);
    for (const t of teams.values()) if (t.visit.date === visit.date) t.members.forEach((mm) => busy.add(mm.key));
    busy.add(s.removed);
    for (const r of replaced) if (r.date === visit.date) busy.add(r.key);
    return busy;
  }

  /** § The match, Substitution: replays every substitution in order. */
  async function replaySubstitutions(rep, ctx, m, teams) {
    const people = new Map(ctx.pool.concat(ctx.outsiders).map((p) => [p.key, p]));
    const replaced = [];
    for (let k = 0; k < m.substitutions.length; k++) {
      const s = m.substitutions[k];
      const team = teams.get(s.visit);
      const where = '第 ' + (k + 1) + ' 次替换（走访 ' + s.visit + '）', whereEn = 'substitution ' + (k + 1) + ' (visit ' + s.visit + ')';
      if (!team) { rep.add(where + '所指的走访不是本记录的走访', whereEn + ' names a visit that is not one of this record\'s'); continue; }
      const slot = team.members.findIndex((mm) => mm.key === s.removed);
      if (slot < 0) { rep.add(where + '被替换的 ' + q(s.removed) + ' 不在该走访的检查组中', whereEn + ': ' + q(s.removed) + ' is not on that visit\'s team'); continue; }
      const removed = people.get(s.removed);
      const expertKind = removed ? removed.expert : team.members[slot].role === 'expert';
      const busy = substitutionBusy(s, team.visit, teams, replaced);
      const candidates = ctx.pool.filter((p) => p.expert === expertKind && eligible(p, team.visit.date, team.visit.target, busy)).map((p) => p.key);
      if (candidates.length === 0) { rep.add(where + '没有可选的替换人员', whereEn + ': nobody is eligible'); continue; }
      const stream = new Stream(concatBytes([ctx.master, utf8('substitute' + LF + k + LF + s.visit)]));
      const added = (await partialFisherYates(candidates, 1, stream))[0];
      if (s.added !== added) rep.add(where + '替换人员记录为 ' + q(s.added) + '，重算应为 ' + added, whereEn + ': the newcomer is ' + q(s.added) + ', recomputed ' + added);
      replaced.push({ key: s.removed, date: team.visit.date });
      team.members[slot] = { key: added, role: team.members[slot].role };
    }
  }

  // ------------------------------------------------------------------ verifyMatch

  function checkMatchRoot(rep, root) {
    const alg = attr(root, 'algorithm');
    if (root.namespaceURI === MATCH_NS_V1 || alg === 'spotcheck-match-v1') {
      rep.add('这是 spotcheck-match-v1 记录；本验证器只核验 spotcheck-match-v2 记录，未作核验（请用 spotcheck match verify）',
          'this is a spotcheck-match-v1 record; this verifier checks spotcheck-match-v2 records only, so it was not verified (use spotcheck match verify)');
      return false;
    }
    if (root.localName !== 'match' || root.namespaceURI !== MATCH_NS_V2) {
      rep.add('根元素应为命名空间 ' + MATCH_NS_V2 + ' 中的 <match>',
          'the root should be <match> in namespace ' + MATCH_NS_V2 + ', is <' + root.localName + '> in ' + q(root.namespaceURI));
      return false;
    }
    if (alg !== MATCH_ALG) rep.add('<match> 的 algorithm 应为 ' + MATCH_ALG + '，实为 ' + q(alg), '<match> algorithm should be ' + MATCH_ALG + ', is ' + q(alg));
    return true;
  }

  async function verifyMatchInner(rep, input) {
    const text = decodeUtf8(input.record);
    if (text === null) { rep.add('匹配记录不是有效的 UTF-8', 'the match record is not valid UTF-8'); return null; }
    const doc = parseXml(text.replace(/^\ufeff/, ''), rep, '匹配记录', 'match record');
    if (!doc || !checkMatchRoot(rep, doc.documentElement)) return null;
    checkRawAttributes(rep, text);
    checkAllNfc(rep, doc.documentElement);
    const m = readMatchRecord(rep, doc.documentElement);
    checkMatchFields(rep, m, input.recordName);
    checkPool(rep, m);
    checkWorkingDays(rep, m);
    checkVisitSchedule(rep, m);
    const drawHash = hex(await sha256(input.draw));
    const draw = readDrawForMatch(rep, input.draw);
    if (draw) checkAgainstDraw(rep, m, draw, drawHash);

    // § The match, Algorithm 1: master = SHA256("spotcheck-match-v2" ‖ LF ‖ task ‖ LF ‖ seed ‖ LF ‖ registry hash ‖ LF ‖ draw SHA-256).
    const master = await sha256(utf8([MATCH_ALG, m.task.id || '', m.seed || '', m.registryHash || '', m.draw.sha256 || ''].join(LF)));
    const ctx = {
      master: master, teamSize: Number(m.teamSize) || 0, needsExpert: m.task.needsExpert === 'true',
      pool: m.pool.slice().sort((a, b) => cmpBytes(a.key || '', b.key || '')), outsiders: m.outsiders, booked: new Map(),
    };
    for (const b of m.booked) busyOn(ctx.booked, b.date).add(b.key);
    const teams = await replayTeams(rep, ctx, m);
    await replayJoins(rep, ctx, m);
    await replaySubstitutions(rep, ctx, m, teams);

    if (m.merged.length > 0) rep.note('并入的走访未与其他任务的匹配记录核对（需要那些记录）',
        'the joins were not checked against the other tasks\' match records (they are needed for that)');
    rep.note('人员库、其他任务的预约和工作日历无法仅凭本文件夹核对', 'the inspector pool, the bookings elsewhere and the working-day calendar cannot be checked from the folder alone');
    return { m: m, teams: teams };
  }

  function matchSummary(out) {
    const m = out.m;
    return {
      task: m.task.id, version: m.substitutions.length + 1, drawRecord: m.draw.record, drawSha256: m.draw.sha256, seed: m.seed,
      visits: m.visits.map((v) => ({ id: v.id, date: v.date, target: v.target, team: out.teams.has(v.id) ? out.teams.get(v.id).members.map((x) => x.key) : null })),
      joined: m.merged.map((j) => ({ code: j.code, visit: j.visit, date: j.date, expert: j.expert })),
      substitutions: m.substitutions.map((s) => ({ visit: s.visit, removed: s.removed, added: s.added })),
    };
  }

  /**
   * Verifies a spotcheck-match-v2 record against the draw record it cites.
   * @param {{record: Uint8Array, draw: Uint8Array, recordName?: string}} input
   */
  async function verifyMatch(input) {
    const rep = new Report();
    let out = null;
    try {
      if (!(input && input.record instanceof Uint8Array)) rep.add('没有提供匹配记录', 'no match record was given');
      else if (!(input.draw instanceof Uint8Array)) rep.add('没有提供所引用的抽取记录', 'the cited draw record was not given');
      else out = await verifyMatchInner(rep, input);
    } catch (e) {
      rep.add('验证器内部错误：' + (e && e.message), 'internal error of the verifier: ' + (e && e.message));
    }
    return { ok: rep.problems.length === 0, problems: rep.problems, notes: rep.notes, summary: out ? matchSummary(out) : null };
  }

  global.SpotCheckVerify = {
    verifyDraw: verifyDraw,
    verifyMatch: verifyMatch,
    // Exposed for tests and for curious readers; not needed to verify.
    internals: { cmpBytes: cmpBytes, creditCodeProblem: creditCodeProblem, parseRatio: parseRatio, canonicalRatio: canonicalRatio, sampleSize: sampleSize, seedFromSources: (sources) => seedFromSources(new Report(), sources), writeCsvField: writeCsvField },
  };
})(typeof window !== 'undefined' ? window : globalThis);
