/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ma-template-i18n.h: the shipped templates in the user's language.
 *
 * The texts of the shipped templates (the JSON files in data/templates) reach the
 * translators through data/templates/template-strings.c, which
 * build-aux/extract-template-strings.py generates with the contexts used
 * here. A template is translated once, when it is put into a database: from
 * then on it is the office's own text, stored, exported and compared like
 * any other, so a score or a bundle never depends on the language of the
 * machine that reads it. */
#pragma once

#include "ma-template.h"

G_BEGIN_DECLS

/* Replaces the display texts of @self (name, description, section titles,
 * question texts and guidance, scale labels, choice option labels) by their
 * translations in the GETTEXT_PACKAGE domain, context "template", for the
 * current LC_MESSAGES / LANGUAGE. Texts without a translation stay as they
 * are. Keys, weights, scores, units and the structure never change. */
void        ma_template_translate  (MaTemplate *self);

/* The unit of a number question as shown next to the field: the
 * translation (context "unit") of a shipped unit such as "min" or "s",
 * else @unit itself. The stored unit stays untranslated because the form
 * recognises "min" and "s" to offer its stopwatch. NULL gives NULL. */
const char *ma_template_unit_label (const char *unit);

/* The channels the app knows, NULL-terminated: "visit", "phone", "chat",
 * "email", "delivery". Templates may name others. */
const char * const *ma_template_known_channels (void);

/* A channel as people read it ("Visit", "Phone"...), translated; a channel
 * the app does not know is shown as recorded; NULL gives "". */
const char *ma_template_channel_label (const char *channel);

G_END_DECLS
