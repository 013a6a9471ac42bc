#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs one dogtail test the way every end-to-end test starts: its own X
# server (Xvfb), its own D-Bus session with the accessibility bus, and the
# system Python, where Debian's python3-dogtail and pyatspi load.
#
# Usage: run-e2e.sh SCRIPT.py [ARGS...]
set -eu

if [ $# -lt 1 ]; then
  echo "usage: $0 SCRIPT.py [ARGS...]" >&2
  exit 2
fi

# The unit test environment turns the accessibility bridge off; these tests
# need it.
unset NO_AT_BRIDGE
export GTK_A11Y=atspi

# dogtail refuses to run unless toolkit-accessibility is on; settings go to
# a throw-away key file so that the test never touches the user's.
config_home=$(mktemp -d)
trap 'rm -rf "$config_home"' EXIT
export XDG_CONFIG_HOME="$config_home"
export GSETTINGS_BACKEND=keyfile
gsettings set org.gnome.desktop.interface toolkit-accessibility true

xvfb-run -a -s "-screen 0 1366x768x24" \
  dbus-run-session -- sh -c '
    /usr/libexec/at-spi-bus-launcher --launch-immediately &
    launcher=$!
    status=0
    /usr/bin/python3 "$@" || status=$?
    kill "$launcher" 2>/dev/null || true
    exit "$status"
  ' run-e2e "$@"
