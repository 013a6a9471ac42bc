#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check the Flatpak manifest against what the meson build needs.

Usage: check-manifest.py MANIFEST SOURCE_ROOT APP_ID COMMAND

The manifest cannot be built on the development machines (the runtime cannot
be downloaded there), so this test catches the mistakes that would only show
on a Flatpak build: a wrong app id or command, an app module that is not
built with meson, file system access that should go through portals, and a
library the build needs that neither the runtime nor an earlier module
provides.
"""

import json
import os
import re
import sys

# pkg-config names of the libraries the GNOME 43 runtime (org.gnome.Platform
# and org.gnome.Sdk 43) provides, as far as this build uses them. A module
# that builds something else says so with "x-provides-pkgconfig" in the
# manifest. Add a name here only after checking that the runtime has it.
RUNTIME_PROVIDES = {
    "glib-2.0",
    "gio-2.0",
    "gio-unix-2.0",
    "gmodule-2.0",
    "gobject-2.0",
    "gtk4",
    "libadwaita-1",
    "sqlite3",
    "json-glib-1.0",
}

# Dependencies that meson resolves itself, from the C library.
MESON_BUILTIN = {"threads", "dl", "intl", "iconv"}

# Access to the user's files goes through the file chooser portal; the
# sandbox gets no file system access of its own.
FORBIDDEN_FINISH_ARG = re.compile(r"^--filesystem(=|$)")

DEPENDENCY_CALL = re.compile(r"(?<![\w.])dependency\s*\(\s*'([^']+)'")


def flatten_modules(modules, where="modules"):
    """Modules in build order: nested modules are built before their parent."""
    order = []
    for i, module in enumerate(modules):
        path = f"{where}[{i}]"
        if isinstance(module, str):
            # A module kept in a file of its own is not used by this project;
            # the check would not see inside it.
            raise ValueError(f"{path}: modules in separate files are not checked "
                             f"by this test ({module!r})")
        if not isinstance(module, dict):
            raise ValueError(f"{path}: a module must be an object")
        order += flatten_modules(module.get("modules", []), path + ".modules")
        order.append((path, module))
    return order


def is_app_source(source):
    return (isinstance(source, dict) and source.get("type") == "dir"
            and os.path.normpath(source.get("path", "")) == "..")


def is_build_dir(dirpath, filenames):
    return "build.ninja" in filenames or os.path.isdir(
        os.path.join(dirpath, "meson-private"))


def meson_dependencies(source_root):
    """{name: first meson.build that asks for it} over the source tree."""
    found = {}
    for dirpath, dirnames, filenames in os.walk(source_root):
        if is_build_dir(dirpath, filenames):
            dirnames[:] = []
            continue
        dirnames[:] = sorted(d for d in dirnames
                             if not d.startswith((".", "_build"))
                             and d != "subprojects")
        if "meson.build" not in filenames:
            continue
        path = os.path.join(dirpath, "meson.build")
        with open(path, encoding="utf-8") as f:
            for lineno, line in enumerate(f, 1):
                if line.lstrip().startswith("#"):
                    continue
                for name in DEPENDENCY_CALL.findall(line):
                    rel = os.path.relpath(path, source_root)
                    found.setdefault(name, f"{rel}:{lineno}")
    return found


def check(manifest_path, source_root, app_id, command):
    problems = []
    try:
        with open(manifest_path, encoding="utf-8") as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        return [f"{manifest_path}: cannot be read as JSON: {e}"]
    if not isinstance(manifest, dict):
        return [f"{manifest_path}: the top level must be an object"]

    ids = {k: manifest[k] for k in ("id", "app-id") if k in manifest}
    if not ids:
        problems.append("id: missing (neither \"id\" nor \"app-id\" is set)")
    for key, value in ids.items():
        if value != app_id:
            problems.append(f"{key}: {value!r} is not the app id {app_id!r}")

    if manifest.get("command") != command:
        problems.append(f"command: {manifest.get('command')!r} is not {command!r}")

    finish_args = manifest.get("finish-args", [])
    for i, arg in enumerate(finish_args):
        if isinstance(arg, str) and FORBIDDEN_FINISH_ARG.match(arg):
            problems.append(f"finish-args[{i}]: {arg!r} gives file system access; "
                            "files go through the portals")

    try:
        modules = flatten_modules(manifest.get("modules", []))
    except ValueError as e:
        return problems + [str(e)]

    app = [(n, path, m) for n, (path, m) in enumerate(modules)
           if any(is_app_source(s) for s in m.get("sources", []))]
    if len(app) != 1:
        problems.append(f"modules: {len(app)} modules build the source tree "
                        "(a \"dir\" source with path \"..\"); expected exactly one")
        return problems
    app_index, app_path, app_module = app[0]
    if app_module.get("buildsystem") != "meson":
        problems.append(f"{app_path}.buildsystem: {app_module.get('buildsystem')!r} "
                        "is not 'meson'")

    built_before = {}
    for path, module in modules[:app_index]:
        for name in module.get("x-provides-pkgconfig", []):
            built_before.setdefault(name, path)
    built_after = {name: path for path, module in modules[app_index + 1:]
                   for name in module.get("x-provides-pkgconfig", [])}

    deps = meson_dependencies(source_root)
    if not deps:
        problems.append(f"{source_root}: no dependency() found in any meson.build")
    for name, where in sorted(deps.items()):
        if name in RUNTIME_PROVIDES or name in MESON_BUILTIN or name in built_before:
            continue
        if name in built_after:
            problems.append(f"{where}: dependency '{name}' is built by "
                            f"{built_after[name]}, after the app module {app_path}")
        else:
            problems.append(f"{where}: dependency '{name}' is neither in the GNOME 43 "
                            "runtime nor built by a module before the app "
                            "(a module declares what it builds with \"x-provides-pkgconfig\")")
    return problems


def main():
    if len(sys.argv) != 5:
        print("usage: check-manifest.py MANIFEST SOURCE_ROOT APP_ID COMMAND",
              file=sys.stderr)
        return 2
    manifest_path, source_root, app_id, command = sys.argv[1:]
    problems = check(manifest_path, source_root, app_id, command)
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        return 1
    print(f"{manifest_path}: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
