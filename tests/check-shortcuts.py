#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every shortcut the window installs is in the Keyboard Shortcuts window.

Reads the key bindings (gtk_widget_class_add_binding*) and the application
accelerators (gtk_application_set_accels_for_action with a "*_accels"
array) from the C sources and fails, naming file and action, for each
accelerator that src/ui/ma-shortcuts-window.ui does not list.

Usage: check-shortcuts.py SRC_UI_DIR
"""

import html
import pathlib
import re
import sys

MODIFIERS = {
    "GDK_CONTROL_MASK": "<Control>",
    "GDK_ALT_MASK": "<Alt>",
    "GDK_SHIFT_MASK": "<Shift>",
    "GDK_SUPER_MASK": "<Super>",
}
# Keys bound twice for the same thing: the shortcuts window shows one.
SAME_KEY = {"KP_Enter": "Return", "ISO_Enter": "Return", "KP_Tab": "Tab"}

BINDING = re.compile(
    r"gtk_widget_class_add_binding(?:_action|_signal)?\s*\(\s*\w+\s*,\s*GDK_KEY_(\w+)\s*,"
    r"\s*([^,]+?)\s*,\s*\"([^\"]+)\"", re.S)
ACCELS = re.compile(r"static const char \*(\w+_accels)\[\]\s*=\s*\{([^}]*)\}", re.S)
SET_ACCELS = re.compile(r"set_accels_for_action\s*\([^,]+,\s*\"([^\"]+)\"\s*,\s*(\w+)\s*\)", re.S)
LISTED = re.compile(r"<property name=\"accelerator\">([^<]*)</property>")


def installed(directory):
    """(accelerator, where) for each shortcut in the C sources."""
    found = []
    for path in sorted(directory.glob("*.c")):
        text = path.read_text(encoding="utf-8")
        for key, mods, action in BINDING.findall(text):
            prefix = ""
            for mod in re.split(r"\s*\|\s*", mods.strip()):
                if mod in ("0", ""):
                    continue
                if mod not in MODIFIERS:
                    raise SystemExit(f"{path.name}: unknown modifier {mod} for {action}")
                prefix += MODIFIERS[mod]
            found.append((prefix + SAME_KEY.get(key, key), f"{path.name}: {action}"))
        arrays = {name: re.findall(r"\"([^\"]+)\"", body) for name, body in ACCELS.findall(text)}
        for action, array in SET_ACCELS.findall(text):
            if array not in arrays:
                raise SystemExit(f"{path.name}: the accelerators of {action} are not in a *_accels array")
            for accel in arrays[array]:
                found.append((accel, f"{path.name}: {action}"))
    return found


def main():
    if len(sys.argv) != 2:
        print("usage: check-shortcuts.py SRC_UI_DIR", file=sys.stderr)
        return 2
    directory = pathlib.Path(sys.argv[1])
    window = (directory / "ma-shortcuts-window.ui").read_text(encoding="utf-8")
    listed = set()
    for accelerators in LISTED.findall(window):
        listed.update(html.unescape(accelerators).split())
    shortcuts = installed(directory)
    if len(shortcuts) < 10:
        print(f"FAIL: only {len(shortcuts)} shortcuts found in {directory}: is the parser broken?",
              file=sys.stderr)
        return 1
    missing = [(accel, where) for accel, where in shortcuts if accel not in listed]
    for accel, where in missing:
        print(f"FAIL: {accel} ({where}) is not in the Keyboard Shortcuts window", file=sys.stderr)
    if missing:
        return 1
    print(f"ok: the {len(shortcuts)} installed shortcuts are all listed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
