/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "ma-json-strict.h"

G_DEFINE_QUARK (ma-json-error-quark, ma_json_error)

#define DEFAULT_MAX_BYTES  ((gsize) 256 * 1024 * 1024)
#define DEFAULT_MAX_DEPTH  64
#define DEFAULT_MAX_STRING ((gsize) 1024 * 1024)

/* 2^53: every integer up to this magnitude is exact in a double, which is
 * what the rest of the app (and json-glib's double accessors) will use. */
#define MAX_EXACT_INTEGER        "9007199254740992"
#define MAX_EXACT_INTEGER_DIGITS 16

/* Objects up to this many members are checked for duplicates by a linear
 * scan: nearly every object of a bundle is that small, and a scan over a few
 * cached hashes is cheaper than any table. Larger objects get an index. */
#define LINEAR_MEMBERS 8

/* Member names longer than this are shortened in messages, so that a
 * megabyte-long name does not turn into a megabyte-long error. */
#define MAX_NAME_IN_MESSAGE 64

typedef struct {
  const char *name;   /* unescaped; points into the document or the chunk */
  gsize       length;
  guint       hash;
} Member;

typedef struct {
  gboolean is_object;
  gboolean has_member;  /* objects: @member names the current member */
  guint    index;       /* arrays: the current element */
  guint    member;      /* objects: index in Scanner.members */
  guint    first;       /* objects: index in Scanner.members of the first member */
  guint   *slots;       /* large objects: open addressing, member index + 1 */
  guint    n_slots;
} Frame;

typedef struct {
  const guchar       *data;
  const guchar       *end;
  const MaJsonLimits *limits;
  Frame              *frames;
  guint               n_frames;
  guint               depth;
  /* The member names of all open objects, innermost last: a stack, since an
   * inner object closes before its parent gets its next member. */
  GArray             *members;
  /* Unescaped names that differ from their bytes in the document; the
   * chunk never moves what it holds, so Member.name stays valid. */
  GStringChunk       *names;
  GString            *scratch;
  GError            **error;
} Scanner;

/* 0: a byte that stands for itself in a string; anything else needs a look. */
static const guchar string_class[256] = {
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

void
ma_json_limits_init_default (MaJsonLimits *limits)
{
  g_return_if_fail (limits != NULL);

  limits->max_bytes = DEFAULT_MAX_BYTES;
  limits->max_depth = DEFAULT_MAX_DEPTH;
  limits->max_string = DEFAULT_MAX_STRING;
}

static inline gboolean
is_digit (guchar c)
{
  return c >= '0' && c <= '9';
}

static inline gboolean
is_space (guchar c)
{
  return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

/* The length of the well-formed UTF-8 sequence at @p, 0 when there is none:
 * overlong forms, surrogates (ED A0..BF) and code points past U+10FFFF are
 * not well formed (RFC 3629). */
static guint
utf8_sequence_length (const guchar *p,
                      const guchar *end)
{
  gsize avail = (gsize) (end - p);
  guchar c = p[0];
  guchar lo = 0x80, hi = 0xBF;

  if (c >= 0xC2 && c <= 0xDF)
    return avail >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;

  if (c >= 0xE0 && c <= 0xEF)
    {
      if (c == 0xE0)
        lo = 0xA0;
      else if (c == 0xED)
        hi = 0x9F;
      if (avail < 3 || p[1] < lo || p[1] > hi || (p[2] & 0xC0) != 0x80)
        return 0;
      return 3;
    }

  if (c >= 0xF0 && c <= 0xF4)
    {
      if (c == 0xF0)
        lo = 0x90;
      else if (c == 0xF4)
        hi = 0x8F;
      if (avail < 4 || p[1] < lo || p[1] > hi
          || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80)
        return 0;
      return 4;
    }

  return 0;
}

/* Appends @name to @out for a message, shortened at a character boundary. */
static void
append_name (GString    *out,
             const char *name,
             gsize       length)
{
  if (length <= MAX_NAME_IN_MESSAGE)
    {
      g_string_append_len (out, name, (gssize) length);
      return;
    }

  /* Names were validated as UTF-8 (or built from valid escapes). */
  const char *cut = g_utf8_find_prev_char (name, name + MAX_NAME_IN_MESSAGE + 1);
  g_string_append_len (out, name, cut != NULL ? cut - name : 0);
  g_string_append (out, "…");
}

static char *
build_path (Scanner *s)
{
  GString *path = g_string_new (NULL);

  for (guint i = 0; i < s->depth; i++)
    {
      const Frame *frame = &s->frames[i];

      if (!frame->is_object)
        g_string_append_printf (path, "[%u]", frame->index);
      else if (frame->has_member)
        {
          const Member *member = &g_array_index (s->members, Member, frame->member);

          if (path->len > 0)
            g_string_append_c (path, '.');
          append_name (path, member->name, member->length);
        }
    }

  return g_string_free (path, FALSE);
}

/* Sets the error with the member path and the position of @at: line and
 * column count from 1, the column in characters. Positions are worked out
 * only here, so the scan itself never counts lines. */
static gboolean fail (Scanner      *s,
                      const guchar *at,
                      MaJsonError   code,
                      const char   *format,
                      ...) G_GNUC_PRINTF (4, 5);

static gboolean
fail (Scanner      *s,
      const guchar *at,
      MaJsonError   code,
      const char   *format,
      ...)
{
  g_autofree char *reason = NULL;
  g_autofree char *path = NULL;
  guint line = 1, column = 1;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  for (const guchar *p = s->data; p < at; p++)
    {
      if (*p == '\n')
        {
          line++;
          column = 1;
        }
      else if ((*p & 0xC0) != 0x80)
        column++;
    }

  path = build_path (s);
  if (path[0] != '\0')
    /* TRANSLATORS: a member path ("audits[3].value"), a line and a column
     * number in the document, and what is wrong there */
    g_set_error (s->error, MA_JSON_ERROR, code, _("%s (line %u, column %u): %s"),
                 path, line, column, reason);
  else
    /* TRANSLATORS: a line and a column number in the document, and what is
     * wrong there */
    g_set_error (s->error, MA_JSON_ERROR, code, _("line %u, column %u: %s"),
                 line, column, reason);
  return FALSE;
}

/* Refuses the byte at @p, which is not what the grammar allows there. The
 * usual suspects (comments, single quotes, a cut-off document, bytes that
 * are not UTF-8) get a message of their own; @expected says what would have
 * been right. */
static gboolean
fail_unexpected (Scanner      *s,
                 const guchar *p,
                 const char   *expected)
{
  if (p == s->end)
    return fail (s, p, MA_JSON_ERROR_SYNTAX,
                 _("the document ends too early; %s"), expected);
  if (*p == '/')
    return fail (s, p, MA_JSON_ERROR_SYNTAX, _("comments are not allowed in JSON"));
  if (*p == '\'')
    return fail (s, p, MA_JSON_ERROR_SYNTAX,
                 _("single quotes are not allowed in JSON; strings and member names take double quotes"));
  if (*p >= 0x80)
    {
      guint n = utf8_sequence_length (p, s->end);
      g_autofree char *character = NULL;

      if (n == 0)
        return fail (s, p, MA_JSON_ERROR_ENCODING,
                     _("invalid UTF-8 (byte 0x%02X)"), *p);
      character = g_strndup ((const char *) p, n);
      return fail (s, p, MA_JSON_ERROR_SYNTAX,
                   _("unexpected character “%s”; %s"), character, expected);
    }
  if (*p < 0x20 || *p == 0x7F)
    return fail (s, p, MA_JSON_ERROR_SYNTAX,
                 _("unexpected control character U+%04X; %s"), *p, expected);
  return fail (s, p, MA_JSON_ERROR_SYNTAX,
               _("unexpected character “%c”; %s"), *p, expected);
}

static inline int
hex_value (guchar c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* The four hex digits of a \u escape at @p (pointing at the backslash);
 * -1 when they are missing or not hex. */
static int
read_unicode_escape (const guchar *p,
                     const guchar *end)
{
  int value = 0;

  if (end - p < 6 || p[0] != '\\' || p[1] != 'u')
    return -1;
  for (int i = 2; i < 6; i++)
    {
      int digit = hex_value (p[i]);
      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }
  return value;
}

/* Scans the string whose opening quote is at @start and returns the byte
 * after its closing quote, or NULL with the error set. With @name, the
 * string is a member name: it is returned unescaped in @name. */
static const guchar *
scan_string (Scanner      *s,
             const guchar *start,
             Member       *name)
{
  const guchar *end = s->end;
  const guchar *p = start + 1;
  const guchar *run = p;     /* first byte not yet counted in @length */
  gsize length = 0;          /* unescaped bytes before @run */
  gboolean decoding = FALSE; /* a name with escapes, unescaped into scratch */

  for (;;)
    {
      while (p < end && string_class[*p] == 0)
        p++;

      if (length + (gsize) (p - run) > s->limits->max_string)
        {
          g_autofree char *limit = g_format_size_full (s->limits->max_string,
                                                       G_FORMAT_SIZE_IEC_UNITS);
          fail (s, start, MA_JSON_ERROR_STRING_TOO_LONG,
                _("a string is longer than the limit of %s"), limit);
          return NULL;
        }

      if (p == end)
        {
          fail (s, start, MA_JSON_ERROR_SYNTAX,
                _("the document ends inside a string that has no closing quote"));
          return NULL;
        }

      if (*p == '"')
        {
          length += (gsize) (p - run);
          if (name != NULL)
            {
              if (decoding)
                {
                  g_string_append_len (s->scratch, (const char *) run, p - run);
                  name->name = g_string_chunk_insert_len (s->names, s->scratch->str,
                                                          (gssize) s->scratch->len);
                }
              else
                name->name = (const char *) start + 1;
              name->length = length;
            }
          return p + 1;
        }

      if (*p == '\\')
        {
          char decoded[4];
          guint n_decoded = 1;

          if (name != NULL)
            {
              if (!decoding)
                g_string_truncate (s->scratch, 0);
              decoding = TRUE;
              g_string_append_len (s->scratch, (const char *) run, p - run);
            }
          length += (gsize) (p - run);

          if (end - p < 2)
            {
              fail (s, start, MA_JSON_ERROR_SYNTAX,
                    _("the document ends inside a string that has no closing quote"));
              return NULL;
            }

          switch (p[1])
            {
            case '"': decoded[0] = '"'; break;
            case '\\': decoded[0] = '\\'; break;
            case '/': decoded[0] = '/'; break;
            case 'b': decoded[0] = '\b'; break;
            case 'f': decoded[0] = '\f'; break;
            case 'n': decoded[0] = '\n'; break;
            case 'r': decoded[0] = '\r'; break;
            case 't': decoded[0] = '\t'; break;
            case 'u':
              {
                int unit = read_unicode_escape (p, end);
                gunichar c;

                if (unit < 0)
                  {
                    fail (s, p, MA_JSON_ERROR_SYNTAX,
                          _("\\u must be followed by four hexadecimal digits"));
                    return NULL;
                  }
                if (unit == 0)
                  {
                    /* json-glib would cut the string there. */
                    fail (s, p, MA_JSON_ERROR_ENCODING,
                          _("\\u0000 (a NUL character) is not allowed in strings"));
                    return NULL;
                  }
                if (unit >= 0xDC00 && unit <= 0xDFFF)
                  {
                    fail (s, p, MA_JSON_ERROR_ENCODING,
                          _("\\u%04X is a low surrogate without a high surrogate before it"),
                          (guint) unit);
                    return NULL;
                  }
                if (unit >= 0xD800 && unit <= 0xDBFF)
                  {
                    int low = read_unicode_escape (p + 6, end);

                    if (low < 0xDC00 || low > 0xDFFF)
                      {
                        fail (s, p, MA_JSON_ERROR_ENCODING,
                              _("\\u%04X is a high surrogate without a low surrogate after it"),
                              (guint) unit);
                        return NULL;
                      }
                    c = 0x10000 + (((gunichar) unit - 0xD800) << 10) + ((gunichar) low - 0xDC00);
                    p += 6;
                  }
                else
                  c = (gunichar) unit;
                n_decoded = (guint) g_unichar_to_utf8 (c, decoded);
                p += 4;
                break;
              }
            default:
              if (p[1] >= 0x20 && p[1] < 0x7F)
                fail (s, p, MA_JSON_ERROR_SYNTAX,
                      _("“\\%c” is not a valid escape in a string"), p[1]);
              else
                fail (s, p, MA_JSON_ERROR_SYNTAX,
                      _("a backslash in a string must start a valid escape"));
              return NULL;
            }

          p += 2;
          length += n_decoded;
          if (decoding)
            g_string_append_len (s->scratch, decoded, n_decoded);
          run = p;
          continue;
        }

      if (*p < 0x20)
        {
          if (*p == 0)
            fail (s, p, MA_JSON_ERROR_ENCODING,
                  _("a NUL byte is not allowed in strings"));
          else
            fail (s, p, MA_JSON_ERROR_SYNTAX,
                  _("control character U+%04X must be escaped in strings"), *p);
          return NULL;
        }

      /* Only bytes from 0x80 up are left. */
      {
        guint n = utf8_sequence_length (p, end);

        if (n == 0)
          {
            fail (s, p, MA_JSON_ERROR_ENCODING,
                  _("invalid UTF-8 in a string (byte 0x%02X)"), *p);
            return NULL;
          }
        p += n;
      }
    }
}

/* Scans the number at @start and returns the byte after it, or NULL with
 * the error set. */
static const guchar *
scan_number (Scanner      *s,
             const guchar *start)
{
  const guchar *end = s->end;
  const guchar *p = start;
  const guchar *integer;
  gsize integer_digits;
  gboolean is_integer = TRUE;
  gint64 exponent = 0;

  if (*p == '-')
    p++;

  if (p == end || !is_digit (*p))
    {
      if (p < end && *p == 'I')
        fail (s, start, MA_JSON_ERROR_NUMBER,
              _("Infinity is not allowed in JSON"));
      else
        fail (s, start, MA_JSON_ERROR_NUMBER,
              _("a minus sign must be followed by a digit"));
      return NULL;
    }

  integer = p;
  if (*p == '0')
    {
      p++;
      if (p < end && (*p == 'x' || *p == 'X'))
        {
          fail (s, start, MA_JSON_ERROR_NUMBER,
                _("hexadecimal numbers are not allowed in JSON"));
          return NULL;
        }
      if (p < end && is_digit (*p))
        {
          fail (s, start, MA_JSON_ERROR_NUMBER,
                _("leading zeros are not allowed in numbers"));
          return NULL;
        }
    }
  else
    {
      while (p < end && is_digit (*p))
        p++;
    }
  integer_digits = (gsize) (p - integer);

  if (p < end && *p == '.')
    {
      const guchar *fraction = ++p;

      while (p < end && is_digit (*p))
        p++;
      if (p == fraction)
        {
          fail (s, start, MA_JSON_ERROR_NUMBER,
                _("a decimal point must be followed by a digit"));
          return NULL;
        }
      is_integer = FALSE;
    }

  if (p < end && (*p == 'e' || *p == 'E'))
    {
      gboolean negative = FALSE;
      const guchar *digits;

      p++;
      if (p < end && (*p == '+' || *p == '-'))
        negative = (*p++ == '-');
      digits = p;
      while (p < end && is_digit (*p))
        {
          /* Clamped: past this, the verdict no longer depends on the value. */
          if (exponent < 1000000)
            exponent = exponent * 10 + (*p - '0');
          p++;
        }
      if (p == digits)
        {
          fail (s, start, MA_JSON_ERROR_NUMBER,
                _("an exponent must have digits"));
          return NULL;
        }
      if (negative)
        exponent = -exponent;
      is_integer = FALSE;
    }

  if (is_integer)
    {
      if (integer_digits > MAX_EXACT_INTEGER_DIGITS
          || (integer_digits == MAX_EXACT_INTEGER_DIGITS
              && memcmp (integer, MAX_EXACT_INTEGER, MAX_EXACT_INTEGER_DIGITS) > 0))
        {
          fail (s, start, MA_JSON_ERROR_NUMBER,
                _("integers beyond 2^53 (9007199254740992) cannot be kept exactly"));
          return NULL;
        }
      return p;
    }

  /* A number below 10^(integer digits + exponent) is certainly finite when
   * that bound is below DBL_MAX (about 1.8e308); only the rare rest needs
   * strtod, which is slow and needs a NUL-terminated copy. */
  if ((gint64) (integer[0] == '0' ? 0 : integer_digits) + exponent > 308)
    {
      double value;

      g_string_truncate (s->scratch, 0);
      g_string_append_len (s->scratch, (const char *) start, p - start);
      value = g_ascii_strtod (s->scratch->str, NULL);
      if (!isfinite (value))
        {
          fail (s, start, MA_JSON_ERROR_NUMBER,
                _("the number is too large to be represented (it would be infinite)"));
          return NULL;
        }
    }

  return p;
}

static guint
hash_name (const char *name,
           gsize       length)
{
  /* FNV-1a */
  guint32 hash = 2166136261u;

  for (gsize i = 0; i < length; i++)
    {
      hash ^= (guchar) name[i];
      hash *= 16777619u;
    }
  return hash;
}

static gboolean
same_name (const Member *a,
           const Member *b)
{
  return a->hash == b->hash && a->length == b->length
         && memcmp (a->name, b->name, a->length) == 0;
}

/* Puts member @index into the open-addressing index of @frame. */
static void
index_member (Scanner *s,
              Frame   *frame,
              guint    index)
{
  const Member *member = &g_array_index (s->members, Member, index);
  guint mask = frame->n_slots - 1;
  guint slot = member->hash & mask;

  while (frame->slots[slot] != 0)
    slot = (slot + 1) & mask;
  frame->slots[slot] = index + 1;
}

/* Adds the member just appended to s->members to @frame; FALSE when the
 * object already has a member of that name. */
static gboolean
add_member (Scanner *s,
            Frame   *frame)
{
  guint index = s->members->len - 1;
  const Member *member = &g_array_index (s->members, Member, index);
  guint count = index - frame->first;

  if (frame->slots == NULL && count < LINEAR_MEMBERS)
    {
      for (guint i = frame->first; i < index; i++)
        if (same_name (&g_array_index (s->members, Member, i), member))
          return FALSE;
      return TRUE;
    }

  if (frame->slots == NULL || (count + 1) * 2 > frame->n_slots)
    {
      /* Grow (or create) the index at half load and put back what it held. */
      frame->n_slots = frame->n_slots == 0 ? 4 * LINEAR_MEMBERS : frame->n_slots * 2;
      g_free (frame->slots);
      frame->slots = g_new0 (guint, frame->n_slots);
      for (guint i = frame->first; i < index; i++)
        index_member (s, frame, i);
    }

  {
    guint mask = frame->n_slots - 1;
    guint slot = member->hash & mask;

    while (frame->slots[slot] != 0)
      {
        if (same_name (&g_array_index (s->members, Member, frame->slots[slot] - 1), member))
          return FALSE;
        slot = (slot + 1) & mask;
      }
    frame->slots[slot] = index + 1;
  }
  return TRUE;
}

static gboolean
push_frame (Scanner      *s,
            const guchar *at,
            gboolean      is_object)
{
  Frame *frame;

  if (s->depth >= s->limits->max_depth)
    return fail (s, at, MA_JSON_ERROR_TOO_DEEP,
                 _("objects and arrays are nested deeper than %u levels"),
                 s->limits->max_depth);

  if (s->depth == s->n_frames)
    {
      /* max_depth bounds this, so a hostile document cannot grow it far. */
      s->n_frames = s->n_frames == 0 ? 16 : s->n_frames * 2;
      s->frames = g_renew (Frame, s->frames, s->n_frames);
    }

  frame = &s->frames[s->depth++];
  frame->is_object = is_object;
  frame->has_member = FALSE;
  frame->index = 0;
  frame->member = 0;
  frame->first = s->members->len;
  frame->slots = NULL;
  frame->n_slots = 0;
  return TRUE;
}

static void
pop_frame (Scanner *s)
{
  Frame *frame = &s->frames[--s->depth];

  if (frame->is_object)
    g_array_set_size (s->members, frame->first);
  g_clear_pointer (&frame->slots, g_free);
  frame->n_slots = 0;
}

typedef enum {
  STATE_VALUE,        /* after ':' or ',' in an array */
  STATE_FIRST_VALUE,  /* after '[': a value or ']' */
  STATE_FIRST_MEMBER, /* after '{': a member name or '}' */
  STATE_MEMBER,       /* after ',' in an object */
  STATE_COLON,        /* after a member name */
  STATE_AFTER_VALUE,  /* after a value: ',' or the end of the container */
  STATE_END,          /* after the top-level object: only white space */
} State;

/* Scans a value that starts at @p and is not an object or array. */
static const guchar *
scan_scalar (Scanner      *s,
             const guchar *p,
             gboolean      after_comma)
{
  static const char *const literals[] = { "true", "false", "null" };

  if (p == s->end)
    {
      fail_unexpected (s, p, _("a value was expected"));
      return NULL;
    }

  switch (*p)
    {
    case '"':
      return scan_string (s, p, NULL);

    case '-':
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      return scan_number (s, p);

    case 't':
    case 'f':
    case 'n':
      for (guint i = 0; i < G_N_ELEMENTS (literals); i++)
        {
          gsize n = strlen (literals[i]);

          if (*p == literals[i][0])
            {
              if ((gsize) (s->end - p) >= n && memcmp (p, literals[i], n) == 0)
                return p + n;
              break;
            }
        }
      fail (s, p, MA_JSON_ERROR_SYNTAX,
            _("unknown word; the literals of JSON are true, false and null"));
      return NULL;

    case 'N':
    case 'I':
      fail (s, p, MA_JSON_ERROR_NUMBER,
            _("NaN and Infinity are not allowed in JSON"));
      return NULL;

    case '+':
      fail (s, p, MA_JSON_ERROR_NUMBER,
            _("a number must not start with a plus sign"));
      return NULL;

    case '.':
      fail (s, p, MA_JSON_ERROR_NUMBER,
            _("a number must have a digit before the decimal point"));
      return NULL;

    case ']':
    case '}':
      if (after_comma)
        {
          fail (s, p, MA_JSON_ERROR_SYNTAX, _("trailing commas are not allowed"));
          return NULL;
        }
      G_GNUC_FALLTHROUGH;

    default:
      fail_unexpected (s, p, _("a value was expected"));
      return NULL;
    }
}

static gboolean
scan_document (Scanner *s)
{
  const guchar *p = s->data;
  const guchar *end = s->end;
  State state = STATE_VALUE;

  if (end - p >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
    return fail (s, p, MA_JSON_ERROR_ENCODING,
                 _("the document starts with a byte order mark (BOM); save it as UTF-8 without a BOM"));

  while (p < end && is_space (*p))
    p++;
  if (p == end)
    return fail (s, p, MA_JSON_ERROR_SYNTAX, _("the document is empty"));
  if (*p == '[')
    return fail (s, p, MA_JSON_ERROR_NOT_OBJECT,
                 _("the top level of the document must be an object, not an array"));
  if (*p == '"')
    return fail (s, p, MA_JSON_ERROR_NOT_OBJECT,
                 _("the top level of the document must be an object, not a string"));
  if (*p == '-' || is_digit (*p))
    return fail (s, p, MA_JSON_ERROR_NOT_OBJECT,
                 _("the top level of the document must be an object, not a number"));
  if (*p == 't' || *p == 'f' || *p == 'n')
    return fail (s, p, MA_JSON_ERROR_NOT_OBJECT,
                 _("the top level of the document must be an object"));

  for (;;)
    {
      Frame *top;

      while (p < end && is_space (*p))
        p++;

      top = s->depth > 0 ? &s->frames[s->depth - 1] : NULL;

      switch (state)
        {
        case STATE_VALUE:
        case STATE_FIRST_VALUE:
          if (p < end && *p == '{')
            {
              if (!push_frame (s, p, TRUE))
                return FALSE;
              p++;
              state = STATE_FIRST_MEMBER;
            }
          else if (p < end && *p == '[')
            {
              if (!push_frame (s, p, FALSE))
                return FALSE;
              p++;
              state = STATE_FIRST_VALUE;
            }
          else if (state == STATE_FIRST_VALUE && p < end && *p == ']')
            {
              pop_frame (s);
              p++;
              state = s->depth == 0 ? STATE_END : STATE_AFTER_VALUE;
            }
          else
            {
              p = scan_scalar (s, p, state == STATE_VALUE && top != NULL && !top->is_object);
              if (p == NULL)
                return FALSE;
              state = STATE_AFTER_VALUE;
            }
          break;

        case STATE_FIRST_MEMBER:
        case STATE_MEMBER:
          if (p < end && *p == '"')
            {
              Member member;
              const guchar *start = p;

              p = scan_string (s, p, &member);
              if (p == NULL)
                return FALSE;
              member.hash = hash_name (member.name, member.length);
              g_array_append_val (s->members, member);
              top->member = s->members->len - 1;
              top->has_member = TRUE;
              if (!add_member (s, top))
                {
                  GString *name = g_string_new (NULL);
                  g_autofree char *shown = NULL;

                  append_name (name, member.name, member.length);
                  shown = g_string_free (name, FALSE);
                  return fail (s, start, MA_JSON_ERROR_DUPLICATE_MEMBER,
                               _("the member “%s” appears more than once in this object"),
                               shown);
                }
              state = STATE_COLON;
            }
          else if (p < end && *p == '}')
            {
              if (state == STATE_MEMBER)
                return fail (s, p, MA_JSON_ERROR_SYNTAX, _("trailing commas are not allowed"));
              pop_frame (s);
              p++;
              state = s->depth == 0 ? STATE_END : STATE_AFTER_VALUE;
            }
          else if (p < end && (*p == '/' || *p == '\'' || *p >= 0x80))
            return fail_unexpected (s, p, _("a member name was expected"));
          else if (p < end)
            return fail (s, p, MA_JSON_ERROR_SYNTAX,
                         _("member names must be strings in double quotes"));
          else
            return fail_unexpected (s, p, _("a member name was expected"));
          break;

        case STATE_COLON:
          if (p < end && *p == ':')
            {
              p++;
              state = STATE_VALUE;
            }
          else
            return fail_unexpected (s, p, _("“:” was expected after the member name"));
          break;

        case STATE_AFTER_VALUE:
          if (top->is_object)
            {
              if (p < end && *p == ',')
                {
                  p++;
                  top->has_member = FALSE;
                  state = STATE_MEMBER;
                }
              else if (p < end && *p == '}')
                {
                  p++;
                  pop_frame (s);
                  state = s->depth == 0 ? STATE_END : STATE_AFTER_VALUE;
                }
              else
                return fail_unexpected (s, p, _("“,” or “}” was expected after the member"));
            }
          else
            {
              if (p < end && *p == ',')
                {
                  p++;
                  top->index++;
                  state = STATE_VALUE;
                }
              else if (p < end && *p == ']')
                {
                  p++;
                  pop_frame (s);
                  state = s->depth == 0 ? STATE_END : STATE_AFTER_VALUE;
                }
              else
                return fail_unexpected (s, p, _("“,” or “]” was expected after the element"));
            }
          break;

        case STATE_END:
          if (p == end)
            return TRUE;
          if (*p == '/')
            return fail_unexpected (s, p, "");
          return fail (s, p, MA_JSON_ERROR_SYNTAX,
                       _("unexpected text after the end of the top-level object"));

        default:
          g_assert_not_reached ();
        }
    }
}

gboolean
ma_json_strict_check (const char          *data,
                      gsize                length,
                      const MaJsonLimits  *limits,
                      GError             **error)
{
  MaJsonLimits defaults;
  Scanner s = { 0 };
  gboolean ok;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (limits == NULL)
    {
      ma_json_limits_init_default (&defaults);
      limits = &defaults;
    }

  /* Before anything else: the limit exists so that nothing reads the rest. */
  if (length > limits->max_bytes)
    {
      g_autofree char *size = g_format_size_full (length, G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *limit = g_format_size_full (limits->max_bytes, G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, MA_JSON_ERROR, MA_JSON_ERROR_TOO_LARGE,
                   _("the document is %s, over the limit of %s"), size, limit);
      return FALSE;
    }

  s.data = (const guchar *) (data != NULL ? data : "");
  s.end = s.data + length;
  s.limits = limits;
  s.members = g_array_new (FALSE, FALSE, sizeof (Member));
  s.names = g_string_chunk_new (1024);
  s.scratch = g_string_new (NULL);
  s.error = error;

  ok = scan_document (&s);

  while (s.depth > 0)
    pop_frame (&s);
  g_free (s.frames);
  g_array_unref (s.members);
  g_string_chunk_free (s.names);
  g_string_free (s.scratch, TRUE);
  return ok;
}

/* ---- The tree ------------------------------------------------------------ */

/* Builds json-glib's tree of a document that ma_json_strict_check() has
 * accepted, so nothing here can fail: every string is well-formed UTF-8
 * with valid escapes (no \u0000, no lone surrogate), every number is
 * finite, integers fit in 2^53, no object has a member twice, and the
 * nesting is bounded by max_depth (the recursion too). It builds exactly
 * the tree json_parser_load_from_data() builds (tests/test-json-strict.c
 * compares them node by node): the same member order, integers as gint64
 * and numbers with a fraction or an exponent as doubles, read by the same
 * correctly rounded strtod. json-glib's parser tokenizes through GScanner
 * at a few hundred instructions a byte; for a bundle of 100 MB that was a
 * third of an import. */
typedef struct {
  const guchar *p;
  GString      *scratch;
} Builder;

static inline void
skip_space (Builder *b)
{
  while (is_space (*b->p))
    b->p++;
}

/* The string at b->p (its opening quote), unescaped into b->scratch. */
static const char *
build_string (Builder *b)
{
  const guchar *p = b->p + 1;
  const guchar *run = p;

  g_string_truncate (b->scratch, 0);
  for (;;)
    {
      while (*p != '"' && *p != '\\')
        p++;
      g_string_append_len (b->scratch, (const char *) run, p - run);
      if (*p == '"')
        break;

      switch (p[1])
        {
        case 'b': g_string_append_c (b->scratch, '\b'); break;
        case 'f': g_string_append_c (b->scratch, '\f'); break;
        case 'n': g_string_append_c (b->scratch, '\n'); break;
        case 'r': g_string_append_c (b->scratch, '\r'); break;
        case 't': g_string_append_c (b->scratch, '\t'); break;
        case 'u':
          {
            gunichar c = (gunichar) read_unicode_escape (p, p + 6);

            if (c >= 0xD800 && c <= 0xDBFF)
              {
                c = 0x10000 + ((c - 0xD800) << 10)
                    + ((gunichar) read_unicode_escape (p + 6, p + 12) - 0xDC00);
                p += 6;
              }
            g_string_append_unichar (b->scratch, c);
            p += 4;
            break;
          }
        default:  /* '"', '\\' and '/' stand for themselves */
          g_string_append_c (b->scratch, (char) p[1]);
          break;
        }
      p += 2;
      run = p;
    }
  b->p = p + 1;
  return b->scratch->str;
}

static JsonNode *
build_number (Builder *b)
{
  const guchar *start = b->p;
  const guchar *p = start;
  gboolean negative = *p == '-';
  guint64 magnitude = 0;

  if (negative)
    p++;
  while (is_digit (*p))
    magnitude = magnitude * 10 + (guint64) (*p++ - '0');
  if (*p != '.' && *p != 'e' && *p != 'E')
    {
      b->p = p;
      return json_node_init_int (json_node_alloc (),
                                 negative ? -(gint64) magnitude : (gint64) magnitude);
    }
  {
    char *after = NULL;
    /* The number ends before a delimiter that the check has seen, so
     * strtod stops inside the document. */
    double value = g_ascii_strtod ((const char *) start, &after);

    b->p = (const guchar *) after;
    return json_node_init_double (json_node_alloc (), value);
  }
}

static JsonNode *
build_value (Builder *b)
{
  JsonNode *node;

  skip_space (b);
  switch (*b->p)
    {
    case '{':
      {
        JsonObject *object = json_object_new ();

        b->p++;
        skip_space (b);
        while (*b->p != '}')
          {
            g_autofree char *name = NULL;

            if (*b->p == ',')
              {
                b->p++;
                skip_space (b);
              }
            /* Copied: the value's strings reuse the scratch. */
            name = g_strdup (build_string (b));
            skip_space (b);
            b->p++;  /* ':' */
            json_object_set_member (object, name, build_value (b));
            skip_space (b);
          }
        b->p++;
        node = json_node_init_object (json_node_alloc (), object);
        json_object_unref (object);
        return node;
      }

    case '[':
      {
        JsonArray *array = json_array_new ();

        b->p++;
        skip_space (b);
        while (*b->p != ']')
          {
            if (*b->p == ',')
              b->p++;
            json_array_add_element (array, build_value (b));
            skip_space (b);
          }
        b->p++;
        node = json_node_init_array (json_node_alloc (), array);
        json_array_unref (array);
        return node;
      }

    case '"':
      return json_node_init_string (json_node_alloc (), build_string (b));

    case 't':
      b->p += 4;
      return json_node_init_boolean (json_node_alloc (), TRUE);

    case 'f':
      b->p += 5;
      return json_node_init_boolean (json_node_alloc (), FALSE);

    case 'n':
      b->p += 4;
      return json_node_init_null (json_node_alloc ());

    default:
      return build_number (b);
    }
}

JsonNode *
ma_json_strict_parse (const char          *data,
                      gsize                length,
                      const MaJsonLimits  *limits,
                      GError             **error)
{
  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!ma_json_strict_check (data, length, limits, error))
    return NULL;

  if (length > G_MAXSSIZE)
    {
      g_set_error (error, MA_JSON_ERROR, MA_JSON_ERROR_TOO_LARGE,
                   _("the document is too large to be read"));
      return NULL;
    }

  {
    g_autoptr(GString) scratch = g_string_new (NULL);
    Builder builder = { (const guchar *) data, scratch };

    return build_value (&builder);
  }
}
