#!/usr/bin/env python3
"""The peer for bench/draw: spotcheck-draw-v2 written from docs/DRAW.md alone, run on the same
registry CSV. It reads the seed and registry hash from SpotCheck's record (they are inputs), builds
the strata itself from the CSV, draws, and says whether its result equals the record's.

usage: peer_draw.py TARGETS.csv RECORD.xml
"""
import csv
import hashlib
import math
import sys
import xml.etree.ElementTree as ET
from fractions import Fraction

NS = {'d': 'urn:spotcheck:draw:2'}


def stream(key):
    counter = 0
    while True:
        block = hashlib.sha256(key + counter.to_bytes(8, 'big')).digest()
        counter += 1
        for i in range(4):
            yield int.from_bytes(block[i * 8:(i + 1) * 8], 'big')


def uniform(words, m):
    r = (1 << 64) % m
    while True:
        w = next(words)
        if w < (1 << 64) - r:
            return w % m


def main():
    targets, record = sys.argv[1], sys.argv[2]
    root = ET.parse(record).getroot()
    task = root.find('d:task', NS)
    seed = root.find('d:seed', NS).text or ''
    registry = root.find('d:registry', NS).get('hash')
    types = [e.text for e in task.findall('d:type', NS)]
    districts = [e.text for e in task.findall('d:district', NS)]
    ratios = {e.get('grade'): e.text for e in task.findall('d:ratio', NS)}
    joined = lambda items: '、'.join(sorted(items, key=lambda s: s.encode()))
    lines = ['spotcheck-draw-v2', task.get('id'), seed, registry, task.get('year'), task.get('from'), task.get('to'),
             task.get('keyItems'), task.get('perYearCap'), joined(types), joined(districts),
             '、'.join(f'{g}={ratios[g]}' for g in sorted(ratios, key=lambda g: g.encode()))]
    master = hashlib.sha256('\n'.join(lines).encode()).digest()
    every = types or ['定点医院', '定点基层医疗机构', '定点零售药店', '用人单位', '参保个人', '其他']
    strata = {f'{t}/{g}': [] for t in every for g in ratios}
    with open(targets, encoding='utf-8') as f:
        for row in csv.DictReader(f):
            if row['状态'] != '正常' or (districts and row['所属区域'] not in districts):
                continue
            name = row['机构类型'] + '/' + row['风险等级']
            if name in strata:
                strata[name].append(row['统一社会信用代码'])
    result = {}
    for name in sorted(strata, key=lambda s: s.encode()):
        pool = sorted(strata[name], key=lambda c: c.encode())
        p = Fraction(ratios[name.split('/')[1]].rstrip('%')) / 100
        n = 0 if not pool or p == 0 else min(len(pool), max(1, math.ceil(p * len(pool))))
        words = stream(master + name.encode())
        for i in range(n):
            j = i + uniform(words, len(pool) - i)
            pool[i], pool[j] = pool[j], pool[i]
        result[name] = pool[:n]
    recorded = {s.get('name'): [t.get('code') for t in s.findall('d:target', NS)] for s in root.find('d:result', NS)}
    print('agree' if recorded == result else 'DIFFER')


if __name__ == '__main__':
    main()
