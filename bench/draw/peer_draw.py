#!/usr/bin/env python3
"""The peer for bench/draw: spotcheck-draw-v1 written from docs/DRAW.md alone, run on the same
registry CSV. It reads the seed and registry hash from SpotCheck's record (they are inputs), builds
the strata itself from the CSV, draws, and says whether its result equals the record's.

usage: peer_draw.py TARGETS.csv RECORD.xml RATIO
"""
import csv
import hashlib
import math
import sys
import xml.etree.ElementTree as ET

NS = {'d': 'urn:spotcheck:draw:1'}


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
    targets, record, ratio = sys.argv[1], sys.argv[2], float(sys.argv[3])
    root = ET.parse(record).getroot()
    task = root.find('d:task', NS).get('id')
    seed = root.find('d:seed', NS).text or ''
    registry = root.find('d:registry', NS).get('hash')
    strata = {}
    with open(targets, encoding='utf-8') as f:
        for row in csv.DictReader(f):
            if row['状态'] != '正常':
                continue
            strata.setdefault(row['机构类型'] + '/' + row['风险等级'], []).append(row['统一社会信用代码'])
    master = hashlib.sha256(f'spotcheck-draw-v1\n{task}\n{seed}\n{registry}'.encode()).digest()
    result = {}
    for name in sorted(strata, key=lambda s: s.encode()):
        pool = sorted(strata[name], key=lambda c: c.encode())
        n = min(len(pool), max(1, math.ceil(round(ratio * len(pool), 9))))
        words = stream(master + name.encode())
        for i in range(n):
            j = i + uniform(words, len(pool) - i)
            pool[i], pool[j] = pool[j], pool[i]
        result[name] = pool[:n]
    recorded = {s.get('name'): [t.get('code') for t in s.findall('d:target', NS)] for s in root.find('d:result', NS)}
    print('agree' if recorded == result else 'DIFFER')


if __name__ == '__main__':
    main()
