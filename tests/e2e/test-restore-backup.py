#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End to end: restoring a backup through the window, as HR would.

Makes a demo database, starts the real mystery-audit on it, opens
Preferences from the main menu and makes a backup with Back Up Now; then
the command-line tool changes the database (three audits more) while the
window is open. Back in Preferences, HR chooses the backup and confirms the
restore. The app closes its windows, puts the backup in place and opens its
window again: the command-line tool then counts the backup's audits, and the
database the backup replaced is kept aside with the three audits.

Every control is found by its role and accessible name only, as a screen
reader would. Run it through run-e2e.sh (Xvfb, D-Bus session,
accessibility bus):
  run-e2e.sh test-restore-backup.py APP CLI
APP is the window binary, CLI the command-line tool; MA_TEMPLATES_DIR
names the shipped templates.
"""

import glob
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid

import ma_e2e
from ma_e2e import config, fail, find_first, tree, wait_for
from gi.repository import Atspi

config.actionDelay = 0
config.typingDelay = 0
# A window that went away (Preferences, or every window during the
# restore) can leave objects behind whose calls wait for D-Bus's 25 s
# timeout: fail those fast and look again instead.
Atspi.set_timeout(3000, 15000)

MAIN_TITLE = "Mystery Audit"


STEP = "starting"


def step(text):
    """Says where the test is: a hang shows the step it hung in."""
    global STEP
    STEP = text
    print(f"step: {text}", file=sys.stderr, flush=True)


def on_alarm(signum, frame):
    print(f"FAIL: stuck in step “{STEP}”", file=sys.stderr, flush=True)
    os._exit(1)


def find_button(node, name):
    """The push button @name. GTK 4.8 names a button with a mnemonic label
    after its raw label and the label's text both ("_Restore Restore", or
    "Back Up Now Back Up Now" with an accessible label): any of these forms
    is that button."""
    def named(n):
        return n.roleName == "push button" and n.name.replace("_", "") in (name, f"{name} {name}")
    return node.findChild(named, showingOnly=False, retry=False, requireResult=False)


def click(node):
    node.doActionNamed("click")


class App:
    def __init__(self, binary, db, env):
        self.process = subprocess.Popen([binary, "--db", db], env=env)
        self.node = wait_for("the app on the accessibility bus", self._find, timeout=90)

    def _find(self):
        for application in tree.root.applications():
            if application.get_process_id() == self.process.pid:
                if any(c.roleName == "frame" for c in application.children):
                    return application
        return None

    def windows(self):
        # A dialog is a "dialog" or a "frame" depending on how GTK 4.8 sees
        # its modality; both are top-level children of the application.
        return [c for c in self.node.children if c.roleName in ("frame", "dialog")]

    def window(self, name):
        return wait_for(f"the window “{name}”",
                        lambda: next((w for w in self.windows() if w.name == name), None))

    def window_starting(self, prefix):
        return wait_for(f"a window “{prefix}…”",
                        lambda: next((w for w in self.windows() if w.name.startswith(prefix)), None))

    def quit(self):
        ma_e2e.stop(self.process)


def cli_run(cli, db, env, *args):
    return subprocess.run([cli, "--db", db, *args], env=env, check=True,
                          capture_output=True, text=True)


def audit_uuids(cli, db, env, tmp):
    out = os.path.join(tmp, "export.json")
    cli_run(cli, db, env, "export", "--audits", "-o", out)
    with open(out, encoding="utf-8") as f:
        return sorted(a["uuid"] for a in json.load(f)["audits"])


def add_audits(cli, db, env, tmp, n):
    """Three submitted audits more, through the command-line tool: copies
    of existing ones under new identities. Their uuids."""
    out = os.path.join(tmp, "source.json")
    cli_run(cli, db, env, "export", "--audits", "-o", out)
    with open(out, encoding="utf-8") as f:
        audits = [a for a in json.load(f)["audits"] if a["status"] == "submitted"][:n]
    if len(audits) != n:
        fail(f"the demo has fewer than {n} submitted audits")
    for audit in audits:
        audit["uuid"] = str(uuid.uuid4())
    bundle = os.path.join(tmp, "more.json")
    with open(bundle, "w", encoding="utf-8") as f:
        json.dump({"format": "mystery-audit-bundle", "version": 1, "audits": audits}, f)
    cli_run(cli, db, env, "import", bundle)
    return sorted(a["uuid"] for a in audits)


def count_audits_read_only(path):
    """The audits in a database file, read without changing it (the kept
    file is evidence: no tool may upgrade or write it)."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return connection.execute("SELECT count(*) FROM audits").fetchone()[0]
    finally:
        connection.close()


def open_preferences(app):
    main_window = app.window(MAIN_TITLE)
    # A menu button is two nodes of that name: the one that clicks. The
    # first found, depth first: the header bar comes before the views.
    menu = wait_for("the Main Menu button",
                    lambda: main_window.findChild(
                        lambda n: n.roleName in ("push button", "toggle button") and n.name == "Main Menu"
                        and "click" in n.actions,
                        showingOnly=False, retry=False, requireResult=False))
    click(menu)
    item = wait_for("the Preferences menu item", lambda: find_first(main_window, "menu item", "Preferences"))
    click(item)
    preferences = app.window("Preferences")
    # The Backups page: its tab in the page switcher, when it shows one.
    page = find_first(preferences, "page tab", "Backups") or find_first(preferences, "radio button", "Backups")
    if page is not None:
        click(page)
    return preferences


def restore_buttons(preferences):
    return [n for n in preferences.findChildren(
        lambda n: n.roleName == "push button" and n.name.startswith("Restore the backup of"),
        showingOnly=False) if n.sensitive]


def main():
    if len(sys.argv) != 3:
        print("usage: test-restore-backup.py APP CLI", file=sys.stderr)
        return 2
    app_binary, cli = sys.argv[1], sys.argv[2]
    tmp = tempfile.mkdtemp(prefix="ma-e2e-restore-")
    db = os.path.join(tmp, "office.db")
    env = ma_e2e.app_env(tmp)
    # The backup this test restores is the one it makes with Back Up Now.
    env["MA_NO_DAILY_BACKUP"] = "1"
    app = None
    # Before meson's own timeout, so that the step shows.
    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(int(os.environ.get("MA_E2E_DEADLINE", "170")))
    try:
        step("making the demo database")
        cli_run(cli, db, env, "init", "--demo")
        app = App(app_binary, db, env)

        # 1. A backup, made in the window.
        step("opening Preferences")
        preferences = open_preferences(app)
        wait_for("“No backups yet”", lambda: find_first(preferences, "label", "No backups yet"))
        step("Back Up Now")
        click(wait_for("Back Up Now", lambda: find_button(preferences, "Back Up Now")))
        buttons = wait_for("the backup in the list", lambda: restore_buttons(preferences))
        if len(buttons) != 1:
            fail(f"expected one backup, the list has {len(buttons)}")
        backup_name = buttons[0].name
        at_backup = audit_uuids(cli, db, env, tmp)
        preferences_close = find_button(preferences, "Close")
        if preferences_close is not None:
            click(preferences_close)

        # 2. The command-line tool changes the database while the window is open.
        step("adding audits with the command-line tool")
        added = add_audits(cli, db, env, tmp, 3)
        changed = audit_uuids(cli, db, env, tmp)
        if len(changed) != len(at_backup) + 3:
            fail(f"the import did not add three audits: {len(at_backup)} -> {len(changed)}")

        # 3. Restore, through Preferences and its confirmation.
        step("opening Preferences again")
        preferences = open_preferences(app)
        button = wait_for(f"“{backup_name}”", lambda: next((b for b in restore_buttons(preferences)
                                                             if b.name == backup_name), None))
        step("restoring")
        click(button)
        confirmation = app.window("Restore This Backup?")
        click(wait_for("the Restore response", lambda: find_button(confirmation, "Restore")))

        # 4. The app closes its windows, restores and opens its window again.
        # The files first: the accessibility tree is in flux meanwhile.
        replaced = [p for p in wait_for("the replaced database kept aside",
                                        lambda: glob.glob(db + ".replaced-*"))
                    if not p.endswith(("-wal", "-shm"))]
        time.sleep(1)
        step("waiting for the window again")
        if app.process.poll() is not None:
            fail(f"the app exited with status {app.process.returncode} during the restore")
        main_window = app.window(MAIN_TITLE)
        wait_for("the window's audit list", lambda: find_first(main_window, "push button", "New audit"))

        step("checking the data")
        # The data is the backup's: the command-line tool sees it.
        restored = audit_uuids(cli, db, env, tmp)
        if restored != at_backup:
            fail(f"after the restore the database has {len(restored)} audits, the backup {len(at_backup)}")
        if any(u in restored for u in added):
            fail("an audit added after the backup is still there")

        # The database it replaced is kept aside, with the three audits.
        if len(replaced) != 1:
            fail(f"expected one replaced database beside {db}, found {replaced}")
        kept = count_audits_read_only(replaced[0])
        if kept != len(changed):
            fail(f"the kept database {replaced[0]} has {kept} audits, expected {len(changed)}")

        print(f"restored the backup ({backup_name}): {len(restored)} audits; "
              f"the replaced database is kept as {os.path.basename(replaced[0])}")
        return 0
    finally:
        if app is not None:
            app.quit()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
