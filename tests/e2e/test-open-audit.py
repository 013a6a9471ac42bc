#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End to end: `mystery-audit --audit UUID` opens that audit in the form.

Starts the real mystery-audit on a temporary demo database with the UUID of
one of the demo's drafts and checks, through accessible names and roles
only, that the form shows it (its Back and Submit buttons); then
with a UUID the database does not hold, and checks that the app says so on
its standard error and still shows the audit list.

Run it through run-e2e.sh (Xvfb, D-Bus session, accessibility bus):
  run-e2e.sh test-open-audit.py APP CLI
APP is the window binary, CLI the command-line tool; MA_TEMPLATES_DIR
names the shipped templates.
"""

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

from ma_e2e import app_env, config, fail, find_first, stop, tree, wait_for

config.actionDelay = 0

MISSING = "00000000-0000-4000-8000-000000000000"


def main_frame(process):
    for application in tree.root.applications():
        if application.get_process_id() == process.pid:
            for child in application.children:
                if child.roleName == "frame" and child.name == "Mystery Audit":
                    return child
    return None


def main():
    if len(sys.argv) != 3:
        print("usage: test-open-audit.py APP CLI", file=sys.stderr)
        return 2
    app_binary, cli = sys.argv[1], sys.argv[2]
    tmp = tempfile.mkdtemp(prefix="ma-e2e-")
    db = os.path.join(tmp, "demo.db")
    err_path = os.path.join(tmp, "stderr.txt")
    env = app_env(tmp)
    env["MA_NO_DAILY_BACKUP"] = "1"
    process = None
    try:
        subprocess.run([cli, "--db", db, "init", "--demo"], check=True, env=env,
                       stdout=subprocess.DEVNULL)
        with sqlite3.connect(db) as connection:
            row = connection.execute(
                "SELECT uuid FROM audits WHERE status = 'draft' ORDER BY uuid LIMIT 1").fetchone()
        if row is None:
            fail("the demo database has no draft")
        uuid = row[0]

        process = subprocess.Popen([app_binary, "--db", db, "--audit", uuid], env=env)
        frame = wait_for("the window on the accessibility bus", lambda: main_frame(process))
        # GTK 4.8 names a button with a mnemonic "_Submit Submit"; its
        # label is "Submit".
        wait_for("the form's Back button",
                 lambda: find_first(frame, "push button", "Back to the audit list"))
        wait_for("the form's Submit label", lambda: find_first(frame, "label", "Submit"))
        stop(process)

        with open(err_path, "w", encoding="utf-8") as err:
            process = subprocess.Popen([app_binary, "--db", db, "--audit", MISSING], env=env,
                                       stderr=err)
            frame = wait_for("the window on the accessibility bus", lambda: main_frame(process))
            wait_for("the audit list's New audit button",
                     lambda: find_first(frame, "push button", "New audit"))
            if (find_first(frame, "push button", "Back to the audit list") is not None
                    or find_first(frame, "label", "Submit") is not None):
                fail("a form is open for an audit the database does not hold")
        with open(err_path, encoding="utf-8") as err:
            said = err.read()
        if f"There is no audit {MISSING}" not in said:
            fail(f"the missing audit is not named on standard error: {said!r}")
        print("PASS: --audit opens a draft and names an audit that is not there")
        return 0
    finally:
        if process is not None:
            stop(process)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
