#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Validate the merged AppStream metainfo: fail on errors, allow warnings.

Usage: check-metainfo.py APPSTREAMCLI METAINFO

appstreamcli 0.16 (Debian 12) exits with 3 for warnings as well as for
errors, so its exit status alone cannot tell the two apart. Its YAML report
names the severity of each issue; that is what decides here. Warnings and
infos are printed so that they show in the test log.
"""

import re
import subprocess
import sys


def main():
    if len(sys.argv) != 3:
        print("usage: check-metainfo.py APPSTREAMCLI METAINFO", file=sys.stderr)
        return 2
    appstreamcli, metainfo = sys.argv[1:]
    proc = subprocess.run(
        [appstreamcli, "validate", "--no-net", "--format=yaml", metainfo],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    print(proc.stdout, end="")
    print(proc.stderr, end="", file=sys.stderr)

    # Anything but a report with a verdict (a crash, a changed output format,
    # or a missing file, for which appstreamcli 0.16 exits with 0) is a
    # failure: never pass on output we did not understand.
    verdict = re.search(r"^Passed:\s*(yes|no)\s*$", proc.stdout, re.MULTILINE)
    if not verdict:
        print(f"{metainfo}: appstreamcli exited with {proc.returncode} "
              "without a validation report", file=sys.stderr)
        return 1
    if proc.returncode == 0 and verdict.group(1) == "yes":
        return 0

    severities = re.findall(r"^\s*severity:\s*(\S+)\s*$", proc.stdout,
                            re.MULTILINE)
    errors = severities.count("error")
    if errors:
        print(f"{metainfo}: {errors} error(s)", file=sys.stderr)
        return 1
    if not severities:
        print(f"{metainfo}: appstreamcli exited with {proc.returncode} "
              "but reported no issue", file=sys.stderr)
        return 1
    summary = ", ".join(f"{s}: {severities.count(s)}"
                        for s in sorted(set(severities)))
    print(f"{metainfo}: no errors ({summary})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
