#!/usr/bin/env python3
"""What a workspace holds, written so that two workspaces that hold the same can be compared as text:
the crash-consistency test compares a command cut off and rerun with a clean run of it.

usage: stateview.py WORKSPACE [FOLDER...]

Prints, sorted:
  file PATH SIZE        every file under WORKSPACE (and each FOLDER), but the database, the audit head
                        and the office's private key (which differ by run or by time)
  row TABLE VALUES      every row of every table but the audit trail's own, with times masked
  audit ACTION ENTITY ID  the audit trail's entries in order, without their times and without
                        audit.recover (the record that a command was cut off, which a clean run lacks)
  leftover PATH         a temporary file left behind (.partial, .tmp, TemporaryDirectory): always a fault
Reads the database with Python's sqlite3, not with spotcheck.
"""
import os
import re
import sqlite3
import sys

TIME = re.compile(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)?')
SKIP_FILES = {'spotcheck.sqlite', 'spotcheck.sqlite-wal', 'spotcheck.sqlite-shm', 'audit.head'}
LEFTOVER = re.compile(r'(\.partial$|\.partial/|\.tmp$|TemporaryDirectory|\.\d+\.partial)')


def files(root, label):
    out = []
    for folder, dirs, names in os.walk(root):
        for name in dirs + names:
            path = os.path.join(folder, name)
            relative = os.path.relpath(path, root)
            if LEFTOVER.search(relative):
                out.append(f'leftover {label}/{relative}')
        for name in names:
            if name in SKIP_FILES:
                continue
            path = os.path.join(folder, name)
            relative = os.path.relpath(path, root)
            out.append(f'file {label}/{relative} {os.path.getsize(path)}')
    return out


def rows(database):
    out = []
    connection = sqlite3.connect(f'file:{database}?mode=ro', uri=True)
    tables = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    for table in tables:
        if table in ('audit', 'sqlite_sequence', 'grdb_migrations'):
            continue
        for row in connection.execute(f'SELECT * FROM "{table}"'):
            values = [TIME.sub('<time>', v) if isinstance(v, str) else v for v in row]
            out.append(f'row {table} {values!r}')
    for action, entity, entity_id in connection.execute('SELECT action, entity, entityID FROM audit ORDER BY sequence'):
        if action != 'audit.recover':
            out.append(f'audit {action} {entity} {entity_id}')
    return out


def main():
    workspace = sys.argv[1]
    view = files(workspace, 'ws') + rows(os.path.join(workspace, 'spotcheck.sqlite'))
    for index, folder in enumerate(sys.argv[2:]):
        if os.path.isdir(folder):
            view += files(folder, f'out{index}')
    audits = [line for line in view if line.startswith('audit ')]
    print('\n'.join(sorted(line for line in view if not line.startswith('audit ')) + audits))


if __name__ == '__main__':
    main()
