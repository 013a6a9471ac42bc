/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "ma-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(MaApplication) app = NULL;
  const char *locale_dir;

  setlocale (LC_ALL, "");
  /* MA_LOCALEDIR lets a build that is not installed find its catalogues
   * (MA_LOCALEDIR=_build/po, see HACKING.md). */
  locale_dir = g_getenv ("MA_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir != NULL && *locale_dir != '\0' ? locale_dir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = ma_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
