#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End to end: every control a person can reach has a name.

Starts the real mystery-audit on a demo database and walks it as a screen
reader user would: every view of the sidebar and every tab of it, a
template in the editor, a person in the directory, the new-audit dialog,
the audit form, an employee's bonus statement and the Record Dispute
dialog opened from it, the import review of bundles (given to a second
"mystery-audit --db DB BUNDLE..." as a person opening files would, which
hands them to the running window), the CSV imports of employees and of
KPI figures (opened through GTK's own file chooser, which is driven but
not checked: it is GTK's), Preferences, the Keyboard Shortcuts window and
About. In each it collects every focusable control that is on screen and
fails, listing role and path, for each one whose accessible name is empty or is
a class name ("GtkImage", "GtkToggleButton"...: what GTK 4.8 reports for a
control nobody named).

Run it through run-e2e.sh (Xvfb, D-Bus session, accessibility bus):
  run-e2e.sh test-a11y-walk.py APP CLI
APP is the window binary, CLI the command-line tool; MA_TEMPLATES_DIR
names the shipped templates.

GTK 4.8 sets STATE_SHOWING on windows only, so "on screen" is read from
the geometry instead: a widget that was never shown (a page of a stack not
visited yet, a popover never opened) has no size, and what lies outside
the visible part of a scrolled window is left out. The windows opened over
the main window are also driven by keyboard: Tab must put the focus on one
of their controls and Escape must close them. With MA_A11Y_WALK_SHOTS=DIR
the walk saves a screenshot of each such window after Tab (ImageMagick's
import), to look at the focus ring. A page shown once keeps
its size after it is hidden again, so each view is checked right after it
is first shown; later walks see it again, which costs time but never a
false failure. Rows of column views (the tables) are not checked: GTK 4.8
gives their rows no way to be named (GTK 4.12 does), and each cell's text
is read with them.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import ma_e2e
from ma_e2e import config, fail, tree, wait_for

try:
    import pyatspi
    from dogtail import rawinput
except ImportError as error:  # pragma: no cover
    print(f"SKIP: pyatspi cannot be imported ({error}); install python3-pyatspi", file=sys.stderr)
    sys.exit(77)

config.logDebugToStdOut = False
config.actionDelay = 0.2
config.typingDelay = 0

TIMEOUT = ma_e2e.TIMEOUT = 60

# The roles of controls a person operates, as the accessibility tree names
# them (GTK 4.8 reports toggle buttons as push buttons).
CONTROL_ROLES = {
    "push button", "toggle button", "check box", "radio button", "text", "entry",
    "password text", "combo box", "spin button", "slider", "menu item",
    "check menu item", "radio menu item", "switch", "link", "toggle", "list item",
    "page tab",
}
# What GTK reports for a widget without an accessible name: its type name.
CLASS_NAME = re.compile(r"(Gtk|Gdk|Adw|Ma)[A-Z][A-Za-z]*")


def extents(node):
    """(x, y, width, height) in the window, or None for a node without
    geometry (the application)."""
    try:
        e = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    except (NotImplementedError, AttributeError):
        return None
    return e.x, e.y, e.width, e.height


def size(node):
    e = extents(node)
    return None if e is None else (e[2], e[3])


def on_screen(node, clip=None):
    """Whether @node has a size and, with @clip (x, y, width, height, the
    visible part of the scrolled windows around it), shows within it."""
    e = extents(node)
    if e is None:
        return True
    x, y, width, height = e
    if width <= 0 or height <= 0:
        return False
    if clip is None:
        return True
    cx, cy, cw, ch = clip
    return x < cx + cw and cx < x + width and y < cy + ch and cy < y + height


def intersect(clip, node):
    e = extents(node)
    if e is None:
        return clip
    if clip is None:
        return e
    x1, y1 = max(clip[0], e[0]), max(clip[1], e[1])
    x2 = min(clip[0] + clip[2], e[0] + e[2])
    y2 = min(clip[1] + clip[3], e[1] + e[3])
    return x1, y1, max(0, x2 - x1), max(0, y2 - y1)


def unnamed(name):
    name = (name or "").strip()
    # "Copy GtkLabel" is a named thing; only the type name alone is none.
    return not name or CLASS_NAME.fullmatch(name) is not None


def check(node, path, problems, seen, role, name, states):
    """Adds @node to @problems when it is an unnamed focusable control."""
    if role in CONTROL_ROLES and states.contains(pyatspi.STATE_FOCUSABLE) and unnamed(name):
        geometry = size(node)
        key = " > ".join(path) + (f" ({geometry[0]}×{geometry[1]})" if geometry else "")
        if key not in seen:
            seen.add(key)
            problems.append(key)


def children(node, count):
    for i in range(count):
        child = node.getChildAtIndex(i)
        if child is not None:
            yield child


def walk(node, path, problems, seen, stats, clip=None):
    """Collects the unnamed focusable controls on screen under @node."""
    if not on_screen(node, clip):
        return
    role = node.getRoleName()
    name = node.name
    states = node.getState()
    count = node.childCount
    stats["nodes"] += 1
    here = path + [f"{role} {name!r}"]
    # Column view rows and their cells: see the module comment.
    if role == "table row":
        return
    # What is scrolled out of sight is not on screen; a keyboard user
    # scrolls it in, and the same kinds of rows are checked in sight.
    if role == "scroll pane":
        clip = intersect(clip, node)
    if role == "combo box":
        # Of a combo box only its button takes the focus (GtkDropDown's
        # toggle button); the rest (the item an AdwComboRow shows, the list
        # of its popover) sits in widgets that cannot take it.
        stats["controls"] += 1
        for child in children(node, count):
            child_role, child_name = child.getRoleName(), child.name
            if child_role in ("push button", "toggle button") and on_screen(child, clip):
                check(child, here + [f"{child_role} {child_name!r}"], problems, seen,
                      child_role, child_name, child.getState())
        return
    if role in CONTROL_ROLES and states.contains(pyatspi.STATE_FOCUSABLE):
        stats["controls"] += 1
    check(node, here, problems, seen, role, name, states)
    for child in children(node, count):
        walk(child, here, problems, seen, stats, clip)


class Walk:
    def __init__(self, app):
        self.app = app
        self.problems = {}
        self.seen = set()

    def check(self, where, window, minimum=3):
        start = time.monotonic()
        for attempt in range(3):
            problems = []
            stats = {"nodes": 0, "controls": 0}
            seen = set(self.seen)
            try:
                walk(window, [], problems, seen, stats)
                self.seen = seen
                break
            except Exception as error:  # a list refilled under us: walk again
                print(f"# {where}: the tree changed while walking ({error}); again")
                time.sleep(1)
        else:
            fail(f"{where}: the accessibility tree could not be walked")
        print(f"# {where}: {stats['controls']} focusable controls in {stats['nodes']} nodes, "
              f"{len(problems)} unnamed ({time.monotonic() - start:.1f} s)")
        # A screen reader announces a window by its name.
        if not (window.name or "").strip():
            problems.append(f"{window.getRoleName()} (the window itself) has no name")
        # A walk that saw nothing proves nothing.
        if stats["controls"] < minimum:
            fail(f"{where}: only {stats['controls']} focusable controls on screen")
        for problem in problems:
            print(f"#   {problem}")
        if problems:
            self.problems[where] = problems

    def report(self):
        if not self.problems:
            return 0
        total = sum(len(p) for p in self.problems.values())
        print(f"FAIL: {total} focusable controls without a name", file=sys.stderr)
        for where, problems in self.problems.items():
            print(f"  in {where}:", file=sys.stderr)
            for problem in problems:
                print(f"    {problem}", file=sys.stderr)
        return 1


def find_shown(node, role, name, prefix=False):
    """The first node of @role named @name (or, with @prefix, whose name
    starts with it: GTK 4.8 names a button with a mnemonic label
    "_Label Label") that is on screen. Searched by hand, depth first,
    leaving out what is not on screen: much faster than dogtail's search
    of the whole tree, hidden views and all."""
    try:
        node_role, node_name, count = node.getRoleName(), node.name or "", node.childCount
    except Exception:
        return None
    if not on_screen(node) or node_role == "table row":
        return None
    if node_role == role and (node_name == name or (prefix and node_name.startswith(name))):
        return node
    for i in range(count):
        try:
            child = node.getChildAtIndex(i)
        except Exception:
            continue
        found = find_shown(child, role, name, prefix) if child is not None else None
        if found is not None:
            return found
    return None


def click(node):
    """Buttons through their action, other things with the pointer."""
    try:
        action = node.queryAction()
        for i in range(action.nActions):
            if action.getName(i) == "click":
                action.doAction(i)
                return
    except NotImplementedError:
        pass
    node.click()


def frames(app):
    return [c for c in app.children if c.roleName in ("frame", "dialog", "window")]


def wait_window(app, name, timeout=TIMEOUT):
    return wait_for(f"the window “{name}”",
                    lambda: next((c for c in frames(app) if c.name == name), None), timeout)


def wait_gone(app, window):
    wait_for(f"“{window.name}” to close", lambda: window not in frames(app), timeout=20)


def focused(node):
    """The focused node under @node, or None."""
    try:
        if node.getState().contains(pyatspi.STATE_FOCUSED):
            return node
        count = node.childCount
    except Exception:
        return None
    for child in children(node, count):
        found = focused(child)
        if found is not None:
            return found
    return None


def keyboard(app, window, where, close=True):
    """Tab must land on a control of @window and, with @close, Escape
    must close it: a window a keyboard user cannot leave traps them."""
    rawinput.pressKey("Tab")
    control = wait_for(f"the focus in {where} after Tab", lambda: focused(window), timeout=10)
    print(f"# {where}: Tab focuses {control.getRoleName()} {control.name!r}")
    shots = os.environ.get("MA_A11Y_WALK_SHOTS")
    if shots:
        # The focus ring fades in: let it finish.
        time.sleep(1)
        os.makedirs(shots, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9]+", "-", where).strip("-").lower()
        subprocess.run(["import", "-window", "root", os.path.join(shots, name + ".png")], check=False)
    if close:
        rawinput.pressKey("Escape")
        wait_gone(app, window)


def csv_import(app, window, walker, button, prefix, chooser_title, title, path, where):
    """Opens the CSV import dialog through @button and walks it. No portal
    offers a file chooser here, so GTK shows its own dialog (which AT-SPI
    gives the role "filler"): it is only driven, not checked. The path
    goes into its location entry (Ctrl+L) and Return opens the file."""
    click(wait_for(f"the button “{button}”", lambda: find_shown(window, "push button", button, prefix)))
    chooser = wait_for("the file chooser",
                       lambda: next((c for c in app.children if c.name == chooser_title), None))
    settle()
    rawinput.keyCombo("<Control>l")
    time.sleep(0.5)
    rawinput.typeText(path)
    time.sleep(0.5)
    rawinput.pressKey("Return")
    wait_for("the file chooser to close", lambda: chooser not in app.children, timeout=20)
    importer = wait_for(f"the window “{title}…”",
                        lambda: next((c for c in frames(app) if (c.name or "").startswith(title)), None))
    settle()
    walker.check(where, importer)
    keyboard(app, importer, where)


def new_window(app, known, what):
    """The first window of @app that is not in @known."""
    return wait_for(what, lambda: next((c for c in frames(app) if c not in known), None))


def settle():
    # Views fill in from idle callbacks and worker threads.
    time.sleep(1.5)


def main():
    if len(sys.argv) != 3:
        print("usage: test-a11y-walk.py APP CLI", file=sys.stderr)
        return 2
    app_binary, cli = sys.argv[1], sys.argv[2]
    tmp = tempfile.mkdtemp(prefix="ma-e2e-a11y-")
    db = os.path.join(tmp, "demo.db")
    env = ma_e2e.app_env(tmp)
    env["MA_NO_DAILY_BACKUP"] = "1"
    process = None
    try:
        subprocess.run([cli, "--db", db, "init", "--demo"], check=True, env=env,
                       stdout=subprocess.DEVNULL)
        # A bundle of the database's own records (the review finds them
        # unchanged) and one it refuses: both kinds of group are walked.
        bundle = os.path.join(tmp, "laptop.json")
        subprocess.run([cli, "--db", db, "export", "--audits", "--templates", "--directory",
                        "--since", "2026-10-01", "-o", bundle], check=True, env=env,
                       stdout=subprocess.DEVNULL)
        # Employees to import from CSV: one new, one with a branch the
        # database lacks, so that both the changes and the problems show.
        employees_csv = os.path.join(tmp, "employees.csv")
        with open(employees_csv, "w", encoding="utf-8") as f:
            f.write("code,name,branch,position\n"
                    "E9001,Walk Person,SPB-01,driver\n"
                    "E9002,Nowhere Person,NO-SUCH-BRANCH,driver\n")
        kpi_csv = os.path.join(tmp, "kpi.csv")
        with open(kpi_csv, "w", encoding="utf-8") as f:
            f.write("employee,trips actual,trips plan\nE1001,120,100\nE0000,1,1\n")
        refused = os.path.join(tmp, "refused.json")
        with open(refused, "w", encoding="utf-8") as f:
            f.write('{"format": "not-a-bundle"}\n')
        process = subprocess.Popen([app_binary, "--db", db], env=env)

        def find_app():
            for application in tree.root.applications():
                if application.get_process_id() == process.pid and frames(application):
                    return application
            return None
        app = wait_for("the application on the accessibility bus", find_app)
        main_window = wait_window(app, "Mystery Audit")
        walker = Walk(app)

        def view(name):
            click(wait_for(f"the sidebar row “{name}”",
                           lambda: find_shown(main_window, "list item", name)))
            settle()

        def tab(name):
            click(wait_for(f"the tab “{name}”", lambda: find_shown(main_window, "page tab", name)))
            settle()

        # Audits: the list, then the new-audit dialog and the form it opens.
        view("Audits")
        walker.check("Audits", main_window)
        click(wait_for("the New audit button", lambda: find_shown(main_window, "push button", "New audit")))
        dialog = wait_window(app, "New Audit")
        settle()
        walker.check("New Audit dialog", dialog)
        auditor = wait_for("the Auditor entry", lambda: find_shown(dialog, "text", "Auditor"))
        if not auditor.queryEditableText().setTextContents("Accessibility Walk"):
            fail("the Auditor entry refused the text")
        click(wait_for("the Start button", lambda: find_shown(dialog, "push button", "_Start", prefix=True)))
        wait_gone(app, dialog)
        wait_for("the audit form", lambda: find_shown(main_window, "panel", "Audit"))
        settle()
        walker.check("the audit form", main_window)
        click(wait_for("the Back button", lambda: find_shown(main_window, "push button",
                                                            "Back to the audit list")))
        settle()

        # Templates: the list and one template in the editor.
        view("Templates")
        walker.check("Templates", main_window)
        click(wait_for("a template row", lambda: find_shown(main_window, "list item", "Store visit",
                                                           prefix=True)))
        wait_for("the template editor", lambda: find_shown(main_window, "push button", "All Templates"))
        settle()
        walker.check("Templates, the template editor", main_window)
        click(find_shown(main_window, "push button", "All Templates"))
        settle()

        # People and Branches: each list and a record's form.
        view("People and Branches")
        for name in ("Employees", "Branches", "Regions"):
            tab(name)
            walker.check(f"People and Branches, {name}", main_window)
        tab("Employees")
        lists = wait_for("the employee list", lambda: find_shown(main_window, "list", "Employees"))
        employee = next((c for c in lists.children if c.roleName == "list item" and on_screen(c)), None)
        if employee is None:
            fail("the employee list shows no employee")
        click(employee)
        settle()
        walker.check("People and Branches, an employee", main_window)

        csv_import(app, main_window, walker, "Import Employees from a CSV File", False,
                   "Import Employees", "Import Employees", employees_csv, "the CSV import of employees")

        # Pay and Reports: every tab.
        view("Pay")
        for name in ("KPI Figures", "Pay Schemes"):
            tab(name)
            walker.check(f"Pay, {name}", main_window)
            if name == "KPI Figures":
                csv_import(app, main_window, walker, "_Import CSV", True, "Import KPI Figures",
                           "Import KPI Figures of", kpi_csv, "the CSV import of KPI figures")
        view("Reports")
        for name in ("Bonus", "Comparison", "Standards", "Fairness"):
            tab(name)
            walker.check(f"Reports, {name}", main_window)
            if name == "Fairness":
                for page in ("Auditors", "Training", "Disputes"):
                    tab(page)
                    walker.check(f"Reports, Fairness, {page}", main_window)
            if name == "Comparison":
                # A chart is an image to AT-SPI: its description carries
                # the figures it draws.
                for chart in ("Scores by section", "Monthly trend"):
                    image = wait_for(f"the chart “{chart}”",
                                     lambda: find_shown(main_window, "image", chart))
                    if not (image.description or "").strip():
                        walker.problems.setdefault("Reports, Comparison", []).append(
                            f"the chart {chart!r} has no description")

        # An employee's bonus statement, opened from the Bonus tab's menu,
        # and the dispute recorded from it.
        tab("Bonus")
        # Nothing is selected at first, so Open Statement has nothing to
        # open and must say so by being insensitive.
        click(wait_for("the Statements and Exports button",
                       lambda: find_shown(main_window, "push button", "Statements and Exports")))
        item = wait_for("the menu item “Open Statement”",
                        lambda: find_shown(main_window, "menu item", "Open Statement", prefix=True))
        if item.getState().contains(pyatspi.STATE_SENSITIVE):
            walker.problems.setdefault("Reports, Bonus", []).append(
                "Open Statement is offered while no employee is selected")
        rawinput.pressKey("Escape")
        wait_for("the menu to close", lambda: find_shown(main_window, "menu item", "Open Statement",
                                                          prefix=True) is None, timeout=10)
        # A row is clicked with the pointer: GTK 4.8 offers no way to
        # select a column view row over AT-SPI, and without a window
        # manager the window sits at the screen's corner, so window
        # coordinates are the screen's.
        table = wait_for("the bonus table", lambda: find_shown(main_window, "tree table", "Bonus statements"))
        # Its first row holds the column titles; the rest sit in a list.
        rows = [row for part in children(table, table.childCount)
                for row in ([part] if part.getRoleName() == "table row" else children(part, part.childCount))
                if row.getRoleName() == "table row" and on_screen(row, extents(table))]
        if len(rows) < 2:
            fail("the bonus table shows no employee")
        x, y, width, height = extents(rows[1])
        rawinput.click(x + width // 2, y + height // 2)
        settle()
        click(wait_for("the Statements and Exports button",
                       lambda: find_shown(main_window, "push button", "Statements and Exports")))
        click(wait_for("the menu item “Open Statement”",
                       lambda: find_shown(main_window, "menu item", "Open Statement", prefix=True)))
        statement = new_window(app, [main_window], "the statement window")
        settle()
        walker.check("the bonus statement", statement)
        keyboard(app, statement, "the bonus statement", close=False)
        click(wait_for("the Record Dispute button",
                       lambda: find_shown(statement, "push button", "_Record Dispute", prefix=True)))
        dispute = new_window(app, [main_window, statement], "the Record Dispute dialog")
        settle()
        walker.check("the Record Dispute dialog", dispute)
        keyboard(app, dispute, "the Record Dispute dialog")
        # Without a window manager nobody hands the focus back to the
        # statement when the dialog closes, so its Tab was tried above;
        # the keys still reach it.
        rawinput.pressKey("Escape")
        wait_gone(app, statement)

        # The import review of bundles, as when a person opens them.
        subprocess.run([app_binary, "--db", db, bundle, refused], check=True, env=env, timeout=TIMEOUT)
        review = wait_window(app, "Review Import")
        wait_for("the review of the bundles",
                 lambda: find_shown(review, "label", os.path.basename(refused)) or
                 find_shown(review, "heading", os.path.basename(refused)))
        settle()
        walker.check("the import review", review)
        keyboard(app, review, "the import review")

        # The windows of the main menu.
        for item, title in (("Preferences", "Preferences"),
                            ("Keyboard Shortcuts", "Shortcuts"),
                            ("About Mystery Audit", "About")):
            click(wait_for("the main menu button",
                           lambda: find_shown(main_window, "push button", "Main Menu")))
            click(wait_for(f"the menu item “{item}”",
                           lambda: find_shown(main_window, "menu item", item, prefix=True)))
            window = wait_for(f"the {title} window",
                              lambda: next((c for c in frames(app) if c != main_window), None))
            settle()
            # The shortcuts window has only its search and close buttons.
            walker.check(title, window, minimum=2)
            rawinput.pressKey("Escape")
            wait_gone(app, window)

        status = walker.report()
        if status == 0:
            print("ok: every focusable control on screen has a name")
        return status
    finally:
        if process is not None:
            ma_e2e.stop(process)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
