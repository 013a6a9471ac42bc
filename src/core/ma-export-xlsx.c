/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <xlsxwriter.h>

#include "ma-export-xlsx.h"
#include "ma-money.h"

/* Column widths in Excel's character units: wide enough for a typical
 * value, never so wide that one long comment pushes the rest off screen. */
#define MIN_COLUMN_WIDTH 8.0
#define MAX_COLUMN_WIDTH 60.0

/* Excel's limits on a sheet. */
#define MAX_ROWS    1048576
#define MAX_COLUMNS 16384

/* Currencies have 0 to 4 minor digits (ISO 4217); more is not money. */
#define MAX_MONEY_DIGITS 4

typedef struct {
  lxw_workbook *workbook;
  lxw_format   *header;
  lxw_format   *integer;
  lxw_format   *percent;
  lxw_format   *money[MAX_MONEY_DIGITS + 1];
} Formats;

/* libxlsxwriter's message, without the final period our messages never
 * have. */
static char *
describe_lxw_error (lxw_error code)
{
  char *message = g_strdup (lxw_strerror (code));
  gsize length = strlen (message);

  if (length > 0 && message[length - 1] == '.')
    message[length - 1] = '\0';
  return message;
}

static void
set_lxw_error (GError     **error,
               const char  *path,
               lxw_error    code)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *reason = describe_lxw_error (code);

  g_set_error (error, MA_EXPORT_ERROR, MA_EXPORT_ERROR_FAILED,
               _("Could not write the workbook “%s”: %s"), display, reason);
}

static void
set_cell_error (GError        **error,
                const char     *path,
                const MaTable  *table,
                guint           row,
                guint           col,
                lxw_error       code)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *reason = describe_lxw_error (code);

  g_set_error (error, MA_EXPORT_ERROR, MA_EXPORT_ERROR_INVALID,
               _("Could not write the workbook “%s”: row %u, column “%s”: %s"),
               display, row + 1, ma_table_get_column_key (table, col), reason);
}

static lxw_format *
get_money_format (Formats *formats,
                  int      digits)
{
  digits = CLAMP (digits, 0, MAX_MONEY_DIGITS);
  if (formats->money[digits] == NULL)
    {
      g_autofree char *decimals = g_strnfill (digits, '0');
      g_autofree char *num_format = digits > 0
        ? g_strconcat ("#,##0.", decimals, NULL)
        : g_strdup ("#,##0");

      formats->money[digits] = workbook_add_format (formats->workbook);
      format_set_num_format (formats->money[digits], num_format);
    }
  return formats->money[digits];
}

/* A width from the text a cell shows: the plain form, plus the thousands
 * separators the money format adds. */
static double
estimate_width (const char *text,
                MaCellKind  kind)
{
  double width = g_utf8_strlen (text, -1);

  if (kind == MA_CELL_MONEY)
    width += width / 3;
  else if (kind == MA_CELL_PERCENT)
    width += 1;
  return width;
}

static lxw_error
write_cell (lxw_worksheet *sheet,
            Formats       *formats,
            const MaTable *table,
            guint          row,
            guint          col,
            double        *width)
{
  lxw_row_t sheet_row = row + 1;
  lxw_col_t sheet_col = col;
  MaCellKind kind = ma_table_get_column_kind (table, col);
  g_autofree char *plain = ma_table_format_plain (table, row, col);
  const char *currency = NULL;
  gint64 minor;

  if (plain == NULL)
    return LXW_NO_ERROR;
  *width = MAX (*width, estimate_width (plain, kind));

  switch (kind)
    {
    case MA_CELL_TEXT:
      /* Always a string: text that looks like "=HYPERLINK(...)" stays text. */
      return worksheet_write_string (sheet, sheet_row, sheet_col,
                                     ma_table_get_text (table, row, col), NULL);
    case MA_CELL_INTEGER:
      return worksheet_write_number (sheet, sheet_row, sheet_col,
                                     (double) ma_table_get_integer (table, row, col),
                                     formats->integer);
    case MA_CELL_NUMBER:
      return worksheet_write_number (sheet, sheet_row, sheet_col,
                                     ma_table_get_number (table, row, col), NULL);
    case MA_CELL_PERCENT:
      return worksheet_write_number (sheet, sheet_row, sheet_col,
                                     ma_table_get_percent (table, row, col),
                                     formats->percent);
    case MA_CELL_MONEY:
      minor = ma_table_get_money (table, row, col, &currency);
      return worksheet_write_number (sheet, sheet_row, sheet_col,
                                     ma_money_to_double (minor, currency),
                                     get_money_format (formats,
                                                       ma_currency_minor_digits (currency)));
    default:
      g_assert_not_reached ();
    }
}

/* Fills the workbook; on failure sets @error and returns FALSE. The caller
 * still closes the workbook. */
static gboolean
fill_workbook (lxw_workbook   *workbook,
               const MaTable  *table,
               const char     *sheet_name,
               const char     *path,
               GError        **error)
{
  guint n_columns = ma_table_get_n_columns (table);
  guint n_rows = ma_table_get_n_rows (table);
  g_autofree double *widths = NULL;
  Formats formats = { .workbook = workbook };
  lxw_worksheet *sheet;
  lxw_error code;

  sheet = workbook_add_worksheet (workbook, sheet_name);
  if (sheet == NULL)
    {
      set_lxw_error (error, path, LXW_ERROR_MEMORY_MALLOC_FAILED);
      return FALSE;
    }

  formats.header = workbook_add_format (workbook);
  format_set_bold (formats.header);
  /* "0" rather than General, so a long count or an ID is never shown as
   * 1.23457E+10. */
  formats.integer = workbook_add_format (workbook);
  format_set_num_format (formats.integer, "0");
  formats.percent = workbook_add_format (workbook);
  format_set_num_format (formats.percent, "0.0%");

  widths = g_new0 (double, MAX (n_columns, 1));
  for (guint col = 0; col < n_columns; col++)
    {
      const char *title = ma_table_get_column_title (table, col);

      widths[col] = g_utf8_strlen (title, -1);
      code = worksheet_write_string (sheet, 0, col, title, formats.header);
      if (code != LXW_NO_ERROR)
        {
          set_cell_error (error, path, table, 0, col, code);
          return FALSE;
        }
    }

  for (guint row = 0; row < n_rows; row++)
    for (guint col = 0; col < n_columns; col++)
      {
        code = write_cell (sheet, &formats, table, row, col, &widths[col]);
        if (code != LXW_NO_ERROR)
          {
            /* Rows as a person counts them in the sheet: the header is 1. */
            set_cell_error (error, path, table, row + 1, col, code);
            return FALSE;
          }
      }

  for (guint col = 0; col < n_columns; col++)
    {
      code = worksheet_set_column (sheet, col, col,
                                   CLAMP (widths[col] + 2, MIN_COLUMN_WIDTH, MAX_COLUMN_WIDTH),
                                   NULL);
      if (code != LXW_NO_ERROR)
        {
          set_lxw_error (error, path, code);
          return FALSE;
        }
    }

  worksheet_freeze_panes (sheet, 1, 0);
  return TRUE;
}

static gboolean
check_sheet_name (const char  *sheet_name,
                  GError     **error)
{
  /* A workbook that is never closed does not touch the disk; it only lends
   * its validation of Excel's rules. */
  lxw_workbook *probe;
  lxw_error code;
  g_autofree char *reason = NULL;

  if (*sheet_name == '\0')
    {
      g_set_error (error, MA_EXPORT_ERROR, MA_EXPORT_ERROR_INVALID,
                   _("The sheet name is empty"));
      return FALSE;
    }
  if (!g_utf8_validate (sheet_name, -1, NULL))
    {
      g_set_error (error, MA_EXPORT_ERROR, MA_EXPORT_ERROR_INVALID,
                   _("The sheet name is not valid UTF-8"));
      return FALSE;
    }

  probe = workbook_new ("probe.xlsx");
  if (probe == NULL)
    {
      reason = describe_lxw_error (LXW_ERROR_MEMORY_MALLOC_FAILED);
      g_set_error (error, MA_EXPORT_ERROR, MA_EXPORT_ERROR_FAILED,
                   _("Could not check the sheet name “%s”: %s"), sheet_name, reason);
      return FALSE;
    }
  code = workbook_validate_sheet_name (probe, sheet_name);
  lxw_workbook_free (probe);
  if (code != LXW_NO_ERROR)
    {
      reason = describe_lxw_error (code);
      g_set_error (error, MA_EXPORT_ERROR, MA_EXPORT_ERROR_INVALID,
                   _("“%s” cannot name a sheet: %s"), sheet_name, reason);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_size (const MaTable  *table,
            GError        **error)
{
  guint n_columns = ma_table_get_n_columns (table);
  guint n_rows = ma_table_get_n_rows (table);

  /* The header takes one row of the sheet. */
  if (n_rows >= MAX_ROWS || n_columns > MAX_COLUMNS)
    {
      g_set_error (error, MA_EXPORT_ERROR, MA_EXPORT_ERROR_INVALID,
                   _("A table of %u rows and %u columns does not fit in a sheet "
                     "(at most %u rows below the header and %u columns)"),
                   n_rows, n_columns, MAX_ROWS - 1, MAX_COLUMNS);
      return FALSE;
    }
  return TRUE;
}

static void
set_errno_error (GError     **error,
                 const char  *path,
                 int          saved_errno)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
               _("Could not write the workbook “%s”: %s"), display,
               g_strerror (saved_errno));
}

/* What G_FILE_SET_CONTENTS_DURABLE does for the CSV files: the data is on
 * disk before the rename makes it the workbook. */
static gboolean
sync_file (const char  *tmp_path,
           const char  *path,
           GError     **error)
{
  int fd = g_open (tmp_path, O_RDONLY, 0);
  int saved_errno;

  if (fd < 0)
    {
      set_errno_error (error, path, errno);
      return FALSE;
    }
  if (g_fsync (fd) != 0)
    {
      saved_errno = errno;
      g_close (fd, NULL);
      set_errno_error (error, path, saved_errno);
      return FALSE;
    }
  g_close (fd, NULL);
  return TRUE;
}

gboolean
ma_export_xlsx_to_file (const MaTable  *table,
                        const char     *sheet_name,
                        const char     *path,
                        GError        **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp_name = NULL;
  g_autofree char *tmp_path = NULL;
  lxw_workbook_options options = { 0 };
  lxw_workbook *workbook;
  lxw_error code;
  gboolean filled;
  int fd;

  g_return_val_if_fail (table != NULL, FALSE);
  g_return_val_if_fail (path != NULL && *path != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (sheet_name == NULL)
    sheet_name = "Sheet1";
  if (!check_sheet_name (sheet_name, error) || !check_size (table, error))
    return FALSE;

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  /* Next to @path, so the rename stays on one file system and is atomic;
   * hidden, so a file manager does not show a half-written workbook. */
  tmp_name = g_strconcat (".", base, ".XXXXXX", NULL);
  tmp_path = g_build_filename (dir, tmp_name, NULL);
  fd = g_mkstemp_full (tmp_path, O_RDWR, 0644);
  if (fd < 0)
    {
      set_errno_error (error, path, errno);
      return FALSE;
    }
  /* libxlsxwriter opens the file by name when it closes the workbook. */
  g_close (fd, NULL);

  /* Its scratch files go where the user wants temporary files. */
  options.tmpdir = (char *) g_get_tmp_dir ();
  workbook = workbook_new_opt (tmp_path, &options);
  if (workbook == NULL)
    {
      set_lxw_error (error, path, LXW_ERROR_MEMORY_MALLOC_FAILED);
      g_unlink (tmp_path);
      return FALSE;
    }

  filled = fill_workbook (workbook, table, sheet_name, path, error);
  /* Closing frees the workbook whatever happens, and writes the file. */
  code = workbook_close (workbook);
  if (!filled)
    {
      g_unlink (tmp_path);
      return FALSE;
    }
  if (code != LXW_NO_ERROR)
    {
      set_lxw_error (error, path, code);
      g_unlink (tmp_path);
      return FALSE;
    }

  if (!sync_file (tmp_path, path, error))
    {
      g_unlink (tmp_path);
      return FALSE;
    }

  if (g_rename (tmp_path, path) != 0)
    {
      set_errno_error (error, path, errno);
      g_unlink (tmp_path);
      return FALSE;
    }
  return TRUE;
}
