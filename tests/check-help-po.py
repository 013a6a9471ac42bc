#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the translations of the user help (a test in the 'validate' suite).

  check-help-po.py HELP_DIR PAGE...

For every language in HELP_DIR/LINGUAS: HELP_DIR/LANG/LANG.po is accepted by
msgfmt --check and, merged with the messages the pages in HELP_DIR/C hold
now, has no untranslated or fuzzy message, the pages that
itstool builds from it (the way gnome.yelp() installs them) are valid
Mallard for yelp-check, and no message lost or gained a Mallard element
(a broken <link> or <gui> would otherwise only show in the installed help).
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile


def tool(name, package):
    path = shutil.which(name)
    if path is None:
        sys.stderr.write("%s is not installed (Debian package %s)\n" % (name, package))
        sys.exit(77)
    return path


def read_list(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as handle:
        return [line.strip() for line in handle
                if line.strip() and not line.lstrip().startswith("#")]


def po_messages(path):
    """(msgid, msgstr) pairs of a PO file, plural forms left out."""
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    pairs = []
    for block in re.split(r"\n\s*\n", text):
        msgid = msgstr = None
        current = None
        for line in block.splitlines():
            if line.startswith("msgid "):
                msgid, current = line[7:-1], "id"
            elif line.startswith("msgstr "):
                msgstr, current = line[8:-1], "str"
            elif line.startswith('"'):
                if current == "id":
                    msgid += line[1:-1]
                elif current == "str":
                    msgstr += line[1:-1]
            else:
                current = None if not line.startswith("#") else current
        if msgid and msgstr:
            pairs.append((msgid, msgstr))
    return pairs


TAG = re.compile(r"<(/?)([a-z]+)\b([^>]*)>")


def tags(text):
    """The Mallard elements of a message, with the attributes that must not
    change (link targets, styles), in order of appearance."""
    found = []
    for slash, name, attributes in TAG.findall(text):
        kept = " ".join(sorted(re.findall(r'(?:xref|href|style)=\\?"[^"\\]*\\?"', attributes)))
        found.append("<%s%s %s>" % (slash, name, kept))
    # A set: a translation may repeat an element (a second key name), but
    # must not lose or invent one.
    return sorted(set(found))


def main(argv):
    if len(argv) < 3:
        sys.stderr.write("usage: %s HELP_DIR PAGE...\n" % argv[0])
        return 2
    help_dir, pages = argv[1], argv[2:]
    languages = read_list(os.path.join(help_dir, "LINGUAS"))
    if not languages:
        print("1..0 # SKIP help/LINGUAS names no language")
        return 0
    msgfmt = tool("msgfmt", "gettext")
    itstool = tool("itstool", "itstool")
    yelp_check = tool("yelp-check", "yelp-tools")
    msgmerge = tool("msgmerge", "gettext")

    failures = []
    for lang in languages:
        po = os.path.join(help_dir, lang, lang + ".po")
        if not os.path.exists(po):
            failures.append("help/LINGUAS names %s, but %s does not exist" % (lang, po))
            continue
        with tempfile.TemporaryDirectory(prefix="ma-help-%s-" % lang) as tmp:
            # Merged with a template extracted afresh from the pages, so that
            # a paragraph added or changed in help/C counts as untranslated.
            pot = os.path.join(tmp, "help.pot")
            merged = os.path.join(tmp, lang + ".po")
            subprocess.run([itstool, "-o", pot] + [os.path.join(help_dir, "C", page) for page in pages],
                           check=True)
            subprocess.run([msgmerge, "--quiet", "-o", merged, po, pot], check=True)
            mo = os.path.join(tmp, lang + ".mo")
            result = subprocess.run([msgfmt, "--check", "--statistics", "-o", mo, merged],
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                    universal_newlines=True)
            report = result.stdout.strip()
            print("# %s: %s" % (lang, report))
            if result.returncode != 0 or "untranslated" in report or "fuzzy" in report:
                failures.append("%s: %s" % (po, report))
                if result.returncode != 0:
                    continue

            for msgid, msgstr in po_messages(po):
                if tags(msgid) != tags(msgstr):
                    failures.append("%s: the Mallard markup differs:\n  %s\n  %s" % (po, msgid, msgstr))

            out = os.path.join(tmp, "pages")
            os.mkdir(out)
            subprocess.run([itstool, "-m", mo, "-l", lang, "-o", out + os.sep]
                           + [os.path.join(help_dir, "C", page) for page in pages], check=True)
            result = subprocess.run([yelp_check, "validate"]
                                    + [os.path.join(out, page) for page in pages],
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                    universal_newlines=True)
            if result.returncode != 0 or result.stdout.strip():
                failures.append("%s: the translated pages are not valid Mallard:\n%s"
                                % (lang, result.stdout))

    if failures:
        sys.stderr.write("\n".join(failures) + "\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
