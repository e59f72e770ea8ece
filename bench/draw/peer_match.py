#!/usr/bin/env python3
"""The peer for bench/draw: spotcheck-match-v2 written from docs/DRAW.md alone. It reads the
inputs from SpotCheck's match record (pool, visits, bookings elsewhere), matches every visit, and
says whether its teams equal the record's.

usage: peer_match.py RECORD.xml
"""
import hashlib
import sys
import xml.etree.ElementTree as ET

NS = {'m': 'urn:spotcheck:match:2'}


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


def prefix(n, pool, words):
    pool = list(pool)
    for i in range(n):
        j = i + uniform(words, len(pool) - i)
        pool[i], pool[j] = pool[j], pool[i]
    return pool[:n]


def main():
    root = ET.parse(sys.argv[1]).getroot()
    task = root.find('m:task', NS).get('id')
    seed = root.find('m:seed', NS).text or ''
    registry = root.find('m:registry', NS).get('hash')
    size = int(root.find('m:teamSize', NS).text)
    pool = sorted(root.find('m:pool', NS), key=lambda m: m.get('key').encode())
    members = [(m.get('key'), m.get('expert') == 'true', m.get('validUntil'), {c.text for c in m.findall('m:conflict', NS)}) for m in pool]
    booked = {}
    for b in root.find('m:bookedElsewhere', NS):
        booked.setdefault(b.get('date'), set()).add(b.get('key'))
    visits = sorted(root.find('m:visits', NS), key=lambda v: (v.get('date').encode(), v.get('id').encode()))
    draw_sha = root.find('m:draw', NS).get('sha256')
    master = hashlib.sha256(f'spotcheck-match-v2\n{task}\n{seed}\n{registry}\n{draw_sha}'.encode()).digest()
    teams = {}
    for v in visits:
        date, target = v.get('date'), v.get('target')
        busy = booked.setdefault(date, set())
        def eligible(expert):
            return [k for k, e, until, conflicts in members
                    if e == expert and k not in busy and target not in conflicts and (expert or until >= date)]
        words = stream(master + v.get('id').encode())
        chosen = prefix(size, eligible(False), words)
        experts = prefix(1, eligible(True), words) if v.get('needsExpert') == 'true' else []
        busy.update(chosen + experts)
        teams[v.get('id')] = chosen + experts
    recorded = {t.get('visit'): [i.get('key') for i in t.findall('m:inspector', NS)] + [e.get('key') for e in t.findall('m:expert', NS)]
                for t in root.find('m:teams', NS)}
    print('agree' if recorded == teams else 'DIFFER')


if __name__ == '__main__':
    main()
