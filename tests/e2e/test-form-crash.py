#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End to end: nothing shown as "Saved" is lost when the app is killed.

Starts the real mystery-audit on a temporary demo database, creates an
audit and answers questions through accessible names and roles only (as a
screen reader would), waits for "Saved", kills the process with SIGKILL,
starts it again and checks that every answer that was shown as saved is in
the database (read with mystery-audit-cli export) and that the window offers
the draft again.

Run it through run-e2e.sh (Xvfb, D-Bus session, accessibility bus):
  run-e2e.sh test-form-crash.py APP CLI
APP is the window binary, CLI the command-line tool; MA_TEMPLATES_DIR
names the shipped templates.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile

import ma_e2e
from ma_e2e import config, fail, find_all, find_first, tree, wait_for

# No pause after an action: the test watches "Saving…" turn "Saved".
config.actionDelay = 0
config.typingDelay = 0
ma_e2e.POLL = 0.05

AUDITOR = "E2E Auditor Kill Test"


def find_buttons(node, name):
    """Toggle buttons: GTK 4.8 gives them the button role (with a pressed
    state); later versions the toggle button role."""
    return find_all(node, "push button", name) + find_all(node, "toggle button", name)


def find_one(node, role, name):
    found = find_all(node, role, name)
    if len(found) != 1:
        return None
    return found[0]


class App:
    def __init__(self, binary, db, env):
        self.process = subprocess.Popen([binary, "--db", db], env=env)
        self.node = wait_for("the window on the accessibility bus", self._find)

    def _find(self):
        for application in tree.root.applications():
            if application.get_process_id() == self.process.pid:
                frames = [c for c in application.children if c.roleName == "frame"]
                if frames:
                    return application
        return None

    def frame(self, name):
        return wait_for(f"the window “{name}”",
                        lambda: next((c for c in self.node.children
                                      if c.roleName == "frame" and c.name == name), None))

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def quit(self):
        ma_e2e.stop(self.process)


def labels_shown(node, text):
    # GTK 4.8 sets "visible" but not "showing" on labels.
    return [n for n in find_all(node, "label", text) if n.visible]


def save_labels(window):
    """The label that tells the draft's state in the form (the window's
    subtitle says the same; the C test checks it). Found once: a search of the whole tree is slow, a
    label's name is cheap to read again."""
    def found():
        labels = [n for text in ("Saved", "Saving…")
                  for n in find_all(window, "label", text) if n.visible]
        return labels if labels else None
    return wait_for("the “Saved” labels", found)


def live_text(label):
    """A label's text read now: its accessible name may be cached."""
    text = label.queryText()
    # GTK 4.8 reads no text for an end offset of -1.
    return text.getText(0, text.characterCount)


def wait_saved(labels):
    """Waits until every state label says "Saved" (never "Saving…" or
    "Not saved")."""
    wait_for("“Saved”", lambda: all(live_text(n) == "Saved" for n in labels))


def wait_change_saved(labels):
    """After a change: "Saving…" first (for at least the autosave delay,
    so polling sees it), then "Saved"."""
    wait_for("“Saving…”", lambda: any(live_text(n) == "Saving…" for n in labels), timeout=5)
    wait_saved(labels)


def question_of(button):
    """The question group (named by the question's text) around a button."""
    node = button.parent
    while node is not None and not (node.roleName == "panel" and node.name):
        node = node.parent
    if node is None:
        fail(f"the button {button.name} is in no named question group")
    return node


def click(node):
    node.doActionNamed("click")


def export(cli, db, out):
    subprocess.run([cli, "--db", db, "export", "--audits", "--templates", "-o", out],
                   check=True, stdout=subprocess.DEVNULL)
    with open(out, encoding="utf-8") as f:
        return json.load(f)


def main():
    if len(sys.argv) != 3:
        print("usage: test-form-crash.py APP CLI", file=sys.stderr)
        return 2
    app_binary, cli = sys.argv[1], sys.argv[2]
    tmp = tempfile.mkdtemp(prefix="ma-e2e-")
    db = os.path.join(tmp, "demo.db")
    env = ma_e2e.app_env(tmp)
    app = None
    try:
        subprocess.run([cli, "--db", db, "init", "--demo"], check=True, env=env,
                       stdout=subprocess.DEVNULL)
        drafts_before = sum(1 for a in export(cli, db, os.path.join(tmp, "before.json"))["audits"]
                            if a["status"] == "draft")

        app = App(app_binary, db, env)
        main_window = app.frame("Mystery Audit")
        click(wait_for("the New audit button", lambda: find_first(main_window, "push button", "New audit")))
        dialog = app.frame("New Audit")
        auditor = wait_for("the Auditor entry", lambda: find_one(dialog, "text", "Auditor"))
        # EditableText: GTK 4.8 sets it, though its Text does not read an
        # entry row back; the database shows below that it arrived.
        if not auditor.queryEditableText().setTextContents(AUDITOR):
            fail("the Auditor entry refused the text")
        # The dialog's Start button runs the new.create action.
        click(wait_for("the Start button",
                       lambda: next((b for b in find_all(dialog, "push button", None)
                                     if b.name.endswith("Start")), None)))

        # The form, and in it each question a group named by its text.
        form = wait_for("the form", lambda: find_first(main_window, "panel", "Audit"))
        yes_buttons = wait_for("the Yes buttons of the form", lambda: find_buttons(form, "Yes"))
        if len(yes_buttons) < 3:
            fail(f"only {len(yes_buttons)} yes/no questions in the form")
        states = save_labels(form)
        wait_saved(states)

        answered = {}
        for button, value in zip(yes_buttons[:3], (True, False, True)):
            # Each change is its own save, seen through to "Saved".
            group = question_of(button)
            if value:
                click(button)
            else:
                no = find_buttons(group, "No")
                if len(no) != 1:
                    fail(f"“{group.name}” has {len(no)} No buttons")
                click(no[0])
            answered[group.name] = value
            wait_change_saved(states)
        comment = find_one(question_of(yes_buttons[0]), "text", "Comment")
        if comment is None:
            fail("no Comment entry in the first question")
        if not comment.queryEditableText().setTextContents("Put on hold twice"):
            fail("the Comment entry refused the text")
        wait_change_saved(states)

        app.kill()
        app = None

        # Every answer shown as saved is in the database.
        bundle = export(cli, db, os.path.join(tmp, "after.json"))
        mine = [a for a in bundle["audits"] if a.get("auditor") == AUDITOR]
        if len(mine) != 1:
            fail(f"{len(mine)} audits by {AUDITOR} in the database, not 1")
        audit = mine[0]
        if audit["status"] != "draft":
            fail(f"the audit is {audit['status']}, not a draft")
        texts = {}
        for template in bundle["templates"]:
            if template["key"] == audit["template"]:
                for section in template["sections"]:
                    for question in section["questions"]:
                        texts[question["key"]] = question["text"]
        stored = {texts[a["question"]]: a for a in audit["answers"]}
        for text, value in answered.items():
            if text not in stored or stored[text].get("value") is not value:
                fail(f"“{text}” was shown as saved with {value} but the database has "
                     f"{stored.get(text)}")
        if not any(a.get("comment") == "Put on hold twice" for a in audit["answers"]):
            fail("the comment shown as saved is not in the database")

        # Started again, the window offers the unfinished draft first.
        app = App(app_binary, db, env)
        main_window = app.frame("Mystery Audit")
        expected = f"You have {drafts_before + 1} unfinished drafts"
        wait_for(f"“{expected}”", lambda: find_first(main_window, "label", expected))
        print(f"ok: {len(answered)} answers and a comment survived SIGKILL; {expected}")
        return 0
    finally:
        if app is not None:
            app.quit()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
