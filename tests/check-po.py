#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the translations in po/ (a test in the 'validate' suite).

  check-po.py SOURCE_ROOT [complete|current]

complete: every language in po/LINGUAS has a po/LANG.po that msgfmt --check
  accepts (format strings, plural forms, header) with no untranslated and no
  fuzzy message, and a mnemonic underscore wherever the English has one.
current: the same after merging each translation with a template extracted
  afresh from the files in po/POTFILES.in, the way the mystery-audit-pot
  target extracts it; a message added or changed in the sources since the
  translation was last updated fails here, named, until
    meson compile -C _build mystery-audit-update-po
  and a translator have brought the translation up to date.

Only the gettext tools and the standard library are used.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

# The arguments of meson's 'glib' preset for xgettext (i18n.gettext in
# po/meson.build), so that the fresh template holds the same messages.
XGETTEXT_ARGS = [
    "--from-code=UTF-8",
    "--add-comments",
    "--keyword=_",
    "--keyword=N_",
    "--keyword=C_:1c,2",
    "--keyword=NC_:1c,2",
    "--keyword=g_dcgettext:2",
    "--keyword=g_dngettext:2,3",
    "--keyword=g_dpgettext2:2c,3",
    "--flag=N_:1:pass-c-format",
    "--flag=C_:2:pass-c-format",
    "--flag=NC_:2:pass-c-format",
    "--flag=g_dngettext:2:pass-c-format",
    "--flag=g_strdup_printf:1:c-format",
    "--flag=g_string_printf:2:c-format",
    "--flag=g_string_append_printf:2:c-format",
    "--flag=g_error_new:3:c-format",
    "--flag=g_set_error:4:c-format",
    "--flag=g_markup_printf_escaped:1:c-format",
    "--flag=g_log:3:c-format",
    "--flag=g_print:1:c-format",
    "--flag=g_printerr:1:c-format",
    "--flag=g_printf:1:c-format",
    "--flag=g_fprintf:2:c-format",
    "--flag=g_sprintf:2:c-format",
    "--flag=g_snprintf:3:c-format",
]


def tool(name):
    path = shutil.which(name)
    if path is None:
        sys.stderr.write("%s is not installed (Debian package gettext)\n" % name)
        sys.exit(77)
    return path


def read_list(path):
    with open(path, encoding="utf-8") as handle:
        return [line.strip() for line in handle
                if line.strip() and not line.lstrip().startswith("#")]


def po_strings(text):
    """(msgid, [msgstr...], flags) of every message of a PO file's text."""
    entries = []
    for block in re.split(r"\n\s*\n", text):
        msgid = None
        strs = []
        flags = ""
        current = None
        for line in block.splitlines():
            if line.startswith("#,"):
                flags = line
            elif line.startswith("#"):
                continue
            elif line.startswith("msgid "):
                msgid = line[7:-1]
                current = "id"
            elif line.startswith("msgid_plural ") or line.startswith("msgctxt "):
                current = None
            elif line.startswith("msgstr"):
                strs.append(line[line.index('"') + 1:-1])
                current = "str"
            elif line.startswith('"'):
                if current == "id":
                    msgid += line[1:-1]
                elif current == "str":
                    strs[-1] += line[1:-1]
        if msgid:
            entries.append((msgid, strs, flags))
    return entries


def check_mnemonics(po_path):
    """The number of underscores is kept: one mnemonic, or technical names."""
    problems = []
    with open(po_path, encoding="utf-8") as handle:
        entries = po_strings(handle.read())
    for msgid, strs, _flags in entries:
        for msgstr in strs:
            if msgstr and msgstr.count("_") != msgid.count("_"):
                problems.append("%s: “%s” → “%s”: the underscores (mnemonic or names) differ"
                                % (po_path, msgid, msgstr))
    return problems


def statistics(msgfmt, po_path):
    """msgfmt --check's verdict: (ok, its report)."""
    result = subprocess.run([msgfmt, "--check", "--statistics", "-o", os.devnull, po_path],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            universal_newlines=True)
    report = result.stdout.strip()
    ok = result.returncode == 0 and "untranslated" not in report and "fuzzy" not in report
    return ok, report


def incomplete(msgattrib, po_path):
    """The untranslated and fuzzy msgids, to name them in the failure."""
    names = []
    for option in ("--untranslated", "--only-fuzzy"):
        result = subprocess.run([msgattrib, option, "--no-obsolete", po_path],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                universal_newlines=True)
        for msgid, _strs, _flags in po_strings(result.stdout):
            names.append("%s: %s" % (option[2:].replace("only-", ""), msgid))
    return names


def main(argv):
    if len(argv) != 3 or argv[2] not in ("complete", "current"):
        sys.stderr.write("usage: %s SOURCE_ROOT complete|current\n" % argv[0])
        return 2
    root, mode = argv[1], argv[2]
    msgfmt = tool("msgfmt")
    msgattrib = tool("msgattrib")
    po_dir = os.path.join(root, "po")
    languages = read_list(os.path.join(po_dir, "LINGUAS"))
    if not languages:
        print("1..0 # SKIP po/LINGUAS names no language")
        return 0

    failures = []
    with tempfile.TemporaryDirectory(prefix="ma-check-po-") as tmp:
        if mode == "current":
            pot = os.path.join(tmp, "mystery-audit.pot")
            sources = read_list(os.path.join(po_dir, "POTFILES.in"))
            missing = [s for s in sources if not os.path.exists(os.path.join(root, s))]
            if missing:
                failures.append("po/POTFILES.in lists files that do not exist: " + ", ".join(missing))
            subprocess.run([tool("xgettext"), "--package-name=mystery-audit", "-o", pot,
                            "--directory=" + root] + XGETTEXT_ARGS +
                           [s for s in sources if s not in missing],
                           check=True, stderr=subprocess.DEVNULL)

        for lang in languages:
            po_path = os.path.join(po_dir, lang + ".po")
            if not os.path.exists(po_path):
                failures.append("po/LINGUAS names %s, but po/%s.po does not exist" % (lang, lang))
                continue
            checked = po_path
            if mode == "current":
                checked = os.path.join(tmp, lang + ".po")
                subprocess.run([tool("msgmerge"), "--quiet", "--no-wrap", "-o", checked, po_path, pot],
                               check=True)
            ok, report = statistics(msgfmt, checked)
            print("# %s: %s" % (lang, report.replace("\n", "\n#   ")))
            if not ok:
                failures.append("%s: %s" % (lang, report))
                failures.extend("  " + name for name in incomplete(msgattrib, checked))
            if mode == "complete":
                failures.extend(check_mnemonics(po_path))

    if failures:
        sys.stderr.write("\n".join(failures) + "\n")
        if mode == "current":
            sys.stderr.write("The sources changed since the translations were updated: run\n"
                             "  meson compile -C _build mystery-audit-update-po\n"
                             "and translate the messages named above.\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
