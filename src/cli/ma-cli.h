/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-cli.h: mystery-audit-cli, the office's engine without a window.
 *
 * Exit status: 0 success, 1 refused input (a message on stderr names the
 * problem), 2 wrong usage. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

enum {
  MA_CLI_EXIT_OK = 0,
  MA_CLI_EXIT_REFUSED = 1,
  MA_CLI_EXIT_USAGE = 2,
};

int ma_cli_run (int argc, char **argv);

G_END_DECLS
