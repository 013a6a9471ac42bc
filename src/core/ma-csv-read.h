/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-csv-read.h: reading CSV (RFC 4180) and spreadsheet text, for the
 * imports of an HR export and of KPI figures and for pasting from a
 * spreadsheet.
 *
 * Spreadsheets write what their locale writes: Russian Excel separates
 * fields with ';' and writes "60 000,50"; an English one writes ',' and
 * "60000.50"; a copied block is tab-separated. The reader therefore finds
 * the separator itself and the number and date readers accept the common
 * forms, so that HR never has to convert a file before importing it. Every
 * problem names the line of the file it was found on. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MA_CSV_ERROR (ma_csv_error_quark ())

typedef enum {
  MA_CSV_ERROR_ENCODING,   /* not UTF-8 text, or a NUL byte */
  MA_CSV_ERROR_QUOTE,      /* a quoted field never ends, or text follows its closing quote */
  MA_CSV_ERROR_EMPTY,      /* nothing but blank lines */
  MA_CSV_ERROR_TOO_LARGE,  /* more rows or fields than an import is meant for */
} MaCsvError;

GQuark ma_csv_error_quark (void);

/* The most records and fields per record a file may have: an HR export of
 * a large chain has some thousands of lines, and a bigger file is more
 * likely a wrong file than a real export. */
#define MA_CSV_MAX_RECORDS 200000
#define MA_CSV_MAX_FIELDS  1000

typedef struct {
  guint  line;      /* 1-based line of the file where the record starts */
  char **fields;    /* NULL-terminated, each UTF-8 */
  guint  n_fields;
} MaCsvRecord;

typedef struct {
  char       delimiter;   /* the one used: ',', ';' or '\t' */
  GPtrArray *records;     /* of MaCsvRecord, blank lines left out */
} MaCsvTable;

void ma_csv_table_free (MaCsvTable *self);

/* Reads @length bytes of @data (-1: NUL-terminated). @delimiter is ',', ';'
 * or '\t', or 0 to take the one of these that occurs most often outside
 * quotes on the first non-blank line (',' when none does). A UTF-8 byte
 * order mark is skipped; line ends may be CRLF, LF or CR; a quoted field
 * may hold delimiters, doubled quotes and line breaks. Lines that hold
 * nothing at all are left out, their numbers still counted. */
MaCsvTable *ma_csv_read (const char  *data,
                         gssize       length,
                         char         delimiter,
                         GError     **error);

/* A number as a spreadsheet shows it: "1234.5", "1234,5", "1 234,5",
 * "1,234.50", "-3", "12 %" is refused. Spaces (also no-break ones) and
 * apostrophes group thousands; when both ',' and '.' occur the last one is
 * the decimal separator; a single ',' or '.' alone is the decimal
 * separator; several of the same are thousands groups. FALSE with an
 * error message (for the user, without a line number) otherwise. */
gboolean ma_csv_parse_number (const char  *text,
                              double      *out,
                              char       **message);

/* A date as "YYYY-MM-DD" or "DD.MM.YYYY" (with one- or two-digit day and
 * month), returned as "YYYY-MM-DD". FALSE with a message otherwise. */
gboolean ma_csv_parse_date (const char  *text,
                            char       **out,
                            char       **message);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaCsvTable, ma_csv_table_free)

G_END_DECLS
