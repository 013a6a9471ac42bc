# SPDX-License-Identifier: GPL-3.0-or-later
"""What the end-to-end tests share: dogtail (or exit 77, "skipped", without
it), waiting on the accessibility tree while the app works, finding a
control by its role and accessible name, stopping the app, and an
environment that keeps the app away from the user's files.

Each test sets dogtail's delays to what it drives (`ma_e2e.config`)."""

import os
import subprocess
import sys
import time

__all__ = ["config", "tree", "GenericPredicate", "TIMEOUT", "POLL", "fail", "wait_for", "find_all",
           "find_first", "stop", "app_env"]

try:
    from dogtail.config import config
    # The check reads a GNOME setting; run-e2e.sh's private session has
    # AT-SPI running by construction.
    config.checkForA11y = False
    config.logDebugToFile = False
    config.searchCutoffCount = 3
    import dogtail.tree as tree
    from dogtail.predicate import GenericPredicate
except ImportError as error:  # pragma: no cover
    print(f"SKIP: dogtail cannot be imported ({error}); install python3-dogtail", file=sys.stderr)
    sys.exit(77)

# How long wait_for() waits, and how often it looks; a test may change both.
TIMEOUT = 30
POLL = 0.1


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def wait_for(what, condition, timeout=None):
    """The first true value of @condition(), or fail naming @what."""
    end = time.monotonic() + (TIMEOUT if timeout is None else timeout)
    while time.monotonic() < end:
        try:
            result = condition()
        except Exception:  # the tree changes under us while the app works
            result = None
        if result:
            return result
        time.sleep(POLL)
    fail(f"timed out waiting for {what}")


def find_all(node, role, name):
    return node.findChildren(GenericPredicate(name=name, roleName=role), showingOnly=False)


def find_first(node, role, name):
    """The first match, depth first: stops early, unlike find_all()."""
    return node.findChild(GenericPredicate(name=name, roleName=role), showingOnly=False,
                          retry=False, requireResult=False)


def stop(process):
    """Ends @process politely, then not."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def app_env(tmp):
    """The environment for the app and the command-line tool: data and
    settings under @tmp, settings in memory."""
    env = dict(os.environ)
    env["XDG_DATA_HOME"] = os.path.join(tmp, "data")
    env["XDG_CONFIG_HOME"] = os.path.join(tmp, "config")
    env["GSETTINGS_BACKEND"] = "memory"
    return env
