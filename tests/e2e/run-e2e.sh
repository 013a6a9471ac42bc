#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs an end-to-end test of the window the way every dogtail test starts:
# a private X server (Xvfb), a private D-Bus session with the accessibility
# bus, and GTK talking AT-SPI on it.
#   run-e2e.sh COMMAND [ARGS...]
# Exit status 77 (skipped) when a tool is missing, with a message saying which.
set -u

for tool in xvfb-run dbus-run-session /usr/libexec/at-spi-bus-launcher; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIP: $tool is not installed (Debian packages xvfb, dbus, at-spi2-core)" >&2
    exit 77
  fi
done

# The unit test environment turns the accessibility bridge off: here it is
# the point.
unset NO_AT_BRIDGE
# GTK 4.8 does not know the unit tests' no-portals and would say so.
unset GDK_DEBUG
# Fatal warnings are for the program under test (the test passes them on
# as MA_APP_G_DEBUG), not for the AT-SPI client library of the harness,
# which warns about the bus's own start-up.
if [ -n "${G_DEBUG:-}" ]; then
  export MA_APP_G_DEBUG="$G_DEBUG"
  unset G_DEBUG
fi
export GTK_A11Y=atspi
export GDK_BACKEND=x11
export GSK_RENDERER="${GSK_RENDERER:-cairo}"

exec xvfb-run -a -s "-screen 0 1366x768x24" \
  dbus-run-session -- sh -c '
    /usr/libexec/at-spi-bus-launcher --launch-immediately >/dev/null 2>&1 &
    launcher=$!
    # The bus registers itself on the session bus; give it a moment.
    for i in 1 2 3 4 5 6 7 8 9 10; do
      if dbus-send --session --print-reply --dest=org.freedesktop.DBus / \
           org.freedesktop.DBus.NameHasOwner string:org.a11y.Bus 2>/dev/null | grep -q true; then
        break
      fi
      sleep 0.2
    done
    "$@"
    status=$?
    kill $launcher 2>/dev/null
    exit $status' run-e2e "$@"
