# SPDX-License-Identifier: GPL-3.0-or-later
"""End to end: build a small template in the window, publish it and fill
one audit against it, through accessible names only, as a screen reader
user would.

Usage (through run-e2e.sh): test-template-editor.py APP CLI
APP is the mystery-audit binary, CLI mystery-audit-cli (to read back what
the window wrote, without the window's help). The database starts with a
directory of one branch and one employee (imported with the CLI: a visit
needs somewhere to happen) and no templates.
"""

import json
import os
import subprocess
import sys
import tempfile
import time

from dogtail import config, rawinput
from dogtail.tree import root

config.logDebugToStdOut = False
config.logDebugToFile = False
config.searchCutoffCount = 20
config.defaultDelay = 0.3

TIMEOUT = 20


def wait_for(what, find):
    end = time.monotonic() + TIMEOUT
    while time.monotonic() < end:
        try:
            found = find()
            if found:
                return found
        except Exception:  # not there yet (dogtail raises while searching)
            pass
        time.sleep(0.2)
    raise AssertionError(f"not found within {TIMEOUT} s: {what}")


def named(node, name, role):
    # GTK 4.8 names a button with a label by its accessible label followed
    # by the text of the label inside ("Publish Publish"): the accessible
    # label comes first either way.
    return node.roleName == role and (node.name == name or node.name.startswith(name + " "))


def find(node, name, role):
    """The first node with this accessible name and role."""
    return wait_for(f"{role} {name!r}", lambda: node.findChild(
        lambda n: named(n, name, role), retry=False, requireResult=False, showingOnly=False))


def click(node, name):
    find(node, name, "push button").click()


def type_into(node, name, text):
    # GTK 4.8 has no EditableText over AT-SPI: type as a person does.
    entry = find(node, name, "text")
    entry.click()
    rawinput.keyCombo("<Control>a")
    rawinput.typeText(text)
    # GTK 4.8 does not give an entry's text over AT-SPI either: what was
    # typed is checked in what the window saved, at the end.
    time.sleep(0.5)


AUDITOR = "E2E Courier Auditor"

DIRECTORY = {
    "format": "mystery-audit-bundle",
    "version": 1,
    "regions": [{"code": "NW", "name": "North-West"}],
    "branches": [{"code": "SPB-09", "name": "Ligovsky 30", "region": "NW"}],
    "employees": [{"code": "E9001", "name": "Pavel Orlov", "branch": "SPB-09",
                   "position": "driver"}],
}


def find_buttons(node, name):
    """Answer buttons: GTK 4.8 gives toggle buttons the push button role."""
    return node.findChildren(
        lambda n: n.roleName in ("push button", "toggle button") and named(n, name, n.roleName),
        showingOnly=False)


def answer(form, question, value):
    group = find(form, question, "panel")
    buttons = wait_for(f"the {value} button of “{question}”", lambda: find_buttons(group, value))
    assert len(buttons) == 1, f"“{question}” has {len(buttons)} {value} buttons"
    buttons[0].doActionNamed("click")


def fill_audit(app):
    """Audits › New audit with the new template, three answers, Submit."""
    find(app, "Audits", "list item").click()
    click(app, "New audit")
    dialog = wait_for("the New Audit dialog", lambda: [
        c for c in app.children if c.roleName in ("frame", "dialog") and c.name == "New Audit"][0])
    # The only published template and the only branch are what the dialog
    # offers first; its rows say so by name.
    find(dialog, "Courier check v1", "label")
    find(dialog, "Ligovsky 30", "label")
    auditor = find(dialog, "Auditor", "text")
    assert auditor.queryEditableText().setTextContents(AUDITOR), "the Auditor entry refused the text"
    start = wait_for("the Start button", lambda: [
        b for b in dialog.findChildren(lambda n: n.roleName == "push button", showingOnly=False)
        if b.name.endswith("Start")][0])
    start.doActionNamed("click")

    form = find(app, "Audit", "panel")
    answer(form, "Parcel handed over intact", "Yes")
    answer(form, "Greeted by name", "Yes")
    answer(form, "Vehicle clean", "No")
    # "Saved" first: Submit reads what is on disk.
    wait_for("the answers to be saved", lambda: [
        n for n in form.findChildren(lambda n: n.roleName == "label" and n.name == "Saved",
                                     showingOnly=False) if n.visible])
    time.sleep(1.5)
    # GTK 4.8 names a button with a mnemonic label "_Submit Submit".
    submit = wait_for("the Submit button", lambda: [
        b for b in form.findChildren(lambda n: n.roleName == "push button", showingOnly=False)
        if b.name == "Submit" or b.name.endswith(" Submit")][0])
    submit.doActionNamed("click")


def main():
    app_binary, cli = sys.argv[1], sys.argv[2]
    workdir = tempfile.mkdtemp(prefix="ma-e2e-")
    db = os.path.join(workdir, "e2e.db")
    env = dict(os.environ, ADW_DISABLE_PORTAL="1")
    directory = os.path.join(workdir, "directory.json")
    with open(directory, "w", encoding="utf-8") as f:
        json.dump(DIRECTORY, f)
    subprocess.run([cli, "--db", db, "import", directory], check=True, stdout=subprocess.DEVNULL)
    process = subprocess.Popen([app_binary, "--db", db], env=env)
    try:
        app = wait_for("the application", lambda: [
            a for a in root.applications() if a.name == "mystery-audit"][0])

        # The Templates view, from the sidebar.
        find(app, "Templates", "list item").click()

        # An empty database: a new template from the empty page.
        click(app, "New Template…")
        type_into(app, "Template name", "Courier check")
        # Create is the dialog's default response; the name entry has the focus.
        rawinput.pressKey("Return")

        # The editor opens on the first question.
        type_into(app, "Question text", "Parcel handed over intact")
        click(app, "Add Question")
        type_into(app, "Question text", "Greeted by name")
        click(app, "Add Section")
        type_into(app, "Section title", "Vehicle")
        click(app, "Add Question")
        type_into(app, "Question text", "Vehicle clean")

        # The preview shows the form as the auditor will see it. (Its live
        # score is checked in test-templates-view.c: GTK 4.8 does not tell
        # AT-SPI when a label's text changes.)
        find(find(app, "Greeted by name", "panel"), "Yes", "push button")

        wait_for("the draft to be saved", lambda: find(
            app, "Version 1 · Draft · saved", "label"))
        click(app, "Publish")
        find(app, "Version 1 · Published · cannot change; New Version makes an editable copy", "label")

        # Read back what the window stored, through the command line tool.
        exported = os.path.join(workdir, "templates.json")
        subprocess.run([cli, "--db", db, "export", "--templates", "--output", exported],
                       check=True)
        with open(exported, encoding="utf-8") as f:
            bundle = json.load(f)
        templates = bundle["templates"]
        assert len(templates) == 1, templates
        t = templates[0]
        assert (t["key"], t["version"], t.get("status", "published")) == ("courier-check", 1, "published"), t
        assert [s["title"] for s in t["sections"]] == ["General", "Vehicle"], t
        assert [q["text"] for q in t["sections"][0]["questions"]] == [
            "Parcel handed over intact", "Greeted by name"], t
        assert [q["key"] for q in t["sections"][0]["questions"]] == [
            "parcel_handed_over_intact", "greeted_by_name"], t

        # The list shows the published version.
        click(app, "All Templates")
        find(app, "Courier check, version 1, Published", "list item")

        # One audit against it, from the Audits view.
        fill_audit(app)
        audits_file = os.path.join(workdir, "audits.json")

        def submitted():
            subprocess.run([cli, "--db", db, "export", "--audits", "--output", audits_file],
                           check=True, stdout=subprocess.DEVNULL)
            with open(audits_file, encoding="utf-8") as f:
                audits = [a for a in json.load(f).get("audits", [])
                          if a.get("auditor") == AUDITOR and a.get("status") == "submitted"]
            return audits
        audits = wait_for("the audit to be submitted", submitted)
        assert len(audits) == 1, audits
        audit = audits[0]
        assert (audit["template"], audit["template_version"], audit["branch"]) == (
            "courier-check", 1, "SPB-09"), audit
        values = {a["question"]: a.get("value") for a in audit["answers"]}
        assert values == {"parcel_handed_over_intact": True, "greeted_by_name": True,
                          "vehicle_clean": False}, values

        print("# a template was built, published and filled in through accessible names")
    finally:
        process.terminate()
        process.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
