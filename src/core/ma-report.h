/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-report.h: bonus statements and comparisons as tables, so that the
 * terminal, CSV and XLSX (and the window's exports) show the same figures. */
#pragma once

#include "ma-bonus.h"
#include "ma-rollup.h"
#include "ma-scheme.h"
#include "ma-scoring.h"
#include "ma-table.h"

G_BEGIN_DECLS

/* One row per employee and component, then a "total" row per employee:
 * employee, name, branch, scheme, component, share, achievement, payout,
 * amount, n, flags (not assessed and the policy applied, low confidence).
 * With @schemes (MaScheme, from ma_store_list_schemes()) the scheme and
 * component columns name them as the window does, for a person to read
 * (the terminal, XLSX); without, they hold the keys, for programs (CSV). */
MaTable *ma_report_bonus_table   (const MaBonusStatement *statement,
                                  GPtrArray              *schemes);

/* One row per group: rank, key, name, n, score, low confidence, then a
 * column per section (with @with_sections) and per pay component. */
MaTable *ma_report_compare_table (const MaRollup *rollup,
                                  gboolean        with_sections);

/* The "score" document of the command-line contract. */
JsonNode *ma_report_score_to_json (const char *uuid, const MaScore *score);

G_END_DECLS
