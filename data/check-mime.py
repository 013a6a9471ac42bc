#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the bundle MIME type as a desktop would see it: installed next to
the system's shared-mime-info database in a temporary data directory, a
bundle is application/vnd.mysteryaudit.bundle+json while other JSON stays
application/json, and the desktop file offers the app for bundles.

Usage: check-mime.py MIME_XML DESKTOP_FILE BUNDLE..."""

import os
import shutil
import subprocess
import sys
import tempfile

BUNDLE_TYPE = 'application/vnd.mysteryaudit.bundle+json'
SYSTEM_XML = '/usr/share/mime/packages/freedesktop.org.xml'


def content_type(env, path):
    out = subprocess.run(['gio', 'info', '-a', 'standard::content-type', path],
                         env=env, check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        line = line.strip()
        if line.startswith('standard::content-type:'):
            return line.split(': ', 1)[1].strip()
    raise SystemExit(f'{path}: gio gave no content type:\n{out}')


def main():
    mime_xml, desktop, bundles = sys.argv[1], sys.argv[2], sys.argv[3:]
    for tool in ('update-mime-database', 'gio'):
        if shutil.which(tool) is None:
            print(f'{tool} is not installed (Debian packages shared-mime-info, libglib2.0-bin)')
            return 77
    if not os.path.exists(SYSTEM_XML):
        print(f'{SYSTEM_XML} is not installed (Debian package shared-mime-info)')
        return 77

    failures = []
    with open(desktop, encoding='utf-8') as f:
        entries = dict(line.rstrip('\n').split('=', 1) for line in f if '=' in line and not line.startswith('#'))
    if BUNDLE_TYPE not in entries.get('MimeType', '').split(';'):
        failures.append(f'{desktop}: MimeType does not list {BUNDLE_TYPE}')
    if '%F' not in entries.get('Exec', '').split():
        failures.append(f'{desktop}: Exec does not take files (%F)')

    with tempfile.TemporaryDirectory(prefix='ma-mime-') as data:
        packages = os.path.join(data, 'mime', 'packages')
        os.makedirs(packages)
        shutil.copy(SYSTEM_XML, packages)
        shutil.copy(mime_xml, packages)
        env = dict(os.environ, XDG_DATA_HOME=data, XDG_DATA_DIRS=data)
        subprocess.run(['update-mime-database', os.path.join(data, 'mime')], env=env, check=True)

        plain = os.path.join(data, 'figures.json')
        with open(plain, 'w', encoding='utf-8') as f:
            f.write('{ "format": "something-else", "rows": [1, 2, 3] }\n')
        compact = os.path.join(data, 'compact.json')
        with open(compact, 'w', encoding='utf-8') as f:
            f.write('{"format":"mystery-audit-bundle","version":1,"audits":[]}')

        expected = [(b, BUNDLE_TYPE) for b in bundles] + [(compact, BUNDLE_TYPE), (plain, 'application/json')]
        for path, want in expected:
            got = content_type(env, path)
            if got != want:
                failures.append(f'{path}: content type {got}, expected {want}')

    for failure in failures:
        print(failure)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
