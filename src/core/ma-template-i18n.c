/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ma-template-i18n.h"

/* Contexts shared with build-aux/extract-template-strings.py. */
#define CONTEXT_TEXT "template"
#define CONTEXT_UNIT "unit"

/* Swaps *@text for its translation. A translation that is not valid UTF-8
 * (a catalogue in another encoding) is ignored: the English text is
 * better than a template that no longer validates. */
static void
translate_text (char **text)
{
  const char *translated;

  if (*text == NULL || **text == '\0')
    return;
  translated = g_dpgettext2 (GETTEXT_PACKAGE, CONTEXT_TEXT, *text);
  if (translated == *text || strcmp (translated, *text) == 0 || *translated == '\0' ||
      !g_utf8_validate (translated, -1, NULL))
    return;
  g_free (*text);
  *text = g_strdup (translated);
}

static void
translate_question (MaQuestion *q)
{
  translate_text (&q->text);
  translate_text (&q->guidance);
  if (q->scale_labels != NULL)
    for (guint i = 0; i < q->scale_labels->len; i++)
      translate_text (&((MaScaleLabel *) g_ptr_array_index (q->scale_labels, i))->label);
  if (q->options != NULL)
    for (guint i = 0; i < q->options->len; i++)
      translate_text (&((MaChoiceOption *) g_ptr_array_index (q->options, i))->label);
}

void
ma_template_translate (MaTemplate *self)
{
  g_return_if_fail (self != NULL);

  translate_text (&self->name);
  translate_text (&self->description);
  if (self->sections == NULL)
    return;
  for (guint i = 0; i < self->sections->len; i++)
    {
      MaSection *s = g_ptr_array_index (self->sections, i);

      translate_text (&s->title);
      if (s->questions != NULL)
        for (guint j = 0; j < s->questions->len; j++)
          translate_question (g_ptr_array_index (s->questions, j));
    }
}

const char *
ma_template_unit_label (const char *unit)
{
  const char *translated;

  if (unit == NULL || *unit == '\0')
    return unit;
  translated = g_dpgettext2 (GETTEXT_PACKAGE, CONTEXT_UNIT, unit);
  return g_utf8_validate (translated, -1, NULL) ? translated : unit;
}

static const char * const known_channels[] = { "visit", "phone", "chat", "email", "delivery", NULL };

const char * const *
ma_template_known_channels (void)
{
  return known_channels;
}

const char *
ma_template_channel_label (const char *channel)
{
  /* In the order of known_channels. */
  static const char * const labels[] = {
    N_("Visit"), N_("Phone"), N_("Chat"), N_("Email"), N_("Delivery"),
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (labels) == G_N_ELEMENTS (known_channels) - 1);

  if (channel == NULL)
    return "";
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (strcmp (known_channels[i], channel) == 0)
      return _(labels[i]);
  /* Channels are open-ended: an unknown one is shown as recorded. */
  return channel;
}
