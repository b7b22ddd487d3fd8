#include "json.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  const char *start;
  const char *p;
  char *error;
  size_t error_size;
} parser;

static json_value *parse_value(parser *ps, int depth);

static json_value *fail(parser *ps, const char *what) {
  if (ps->error && ps->error[0] == 0) snprintf(ps->error, ps->error_size, "%s at byte %ld", what, (long)(ps->p - ps->start));
  return NULL;
}

static void skip_space(parser *ps) {
  while (*ps->p && isspace((unsigned char)*ps->p)) ps->p++;
}

static json_value *new_value(json_type type) {
  json_value *v = calloc(1, sizeof *v);
  if (v) v->type = type;
  return v;
}

static char *parse_string_raw(parser *ps) {
  size_t cap = 16, len = 0;
  char *out = malloc(cap);
  if (!out) return NULL;
  ps->p++; /* opening quote */
  while (*ps->p && *ps->p != '"') {
    char c = *ps->p++;
    if (c == '\\') {
      char e = *ps->p++;
      switch (e) {
        case 'n': c = '\n'; break;
        case 't': c = '\t'; break;
        case 'r': c = '\r'; break;
        case 'b': c = '\b'; break;
        case 'f': c = '\f'; break;
        case 'u': /* non-ASCII escapes are not needed in a configuration: keep a placeholder */
          for (int i = 0; i < 4 && *ps->p; i++) ps->p++;
          c = '?';
          break;
        case '"': case '\\': case '/': c = e; break;
        default: free(out); fail(ps, "bad escape in a string"); return NULL;
      }
    }
    if (len + 2 > cap) {
      char *bigger = realloc(out, cap *= 2);
      if (!bigger) { free(out); return NULL; }
      out = bigger;
    }
    out[len++] = c;
  }
  if (*ps->p != '"') { free(out); fail(ps, "unterminated string"); return NULL; }
  ps->p++;
  out[len] = 0;
  return out;
}

static int append(json_value *v, char *key, json_value *item) {
  json_value **items = realloc(v->items, (v->count + 1) * sizeof *items);
  if (!items) return 0;
  v->items = items;
  if (v->type == JSON_OBJECT) {
    char **keys = realloc(v->keys, (v->count + 1) * sizeof *keys);
    if (!keys) return 0;
    v->keys = keys;
    v->keys[v->count] = key;
  }
  v->items[v->count++] = item;
  return 1;
}

static json_value *parse_container(parser *ps, int depth, int object) {
  json_value *v = new_value(object ? JSON_OBJECT : JSON_ARRAY);
  char close = object ? '}' : ']';
  ps->p++;
  skip_space(ps);
  if (*ps->p == close) { ps->p++; return v; }
  for (;;) {
    char *key = NULL;
    skip_space(ps);
    if (object) {
      if (*ps->p != '"') { json_free(v); return fail(ps, "expected a quoted key"); }
      key = parse_string_raw(ps);
      skip_space(ps);
      if (!key || *ps->p != ':') { free(key); json_free(v); return fail(ps, "expected ':'"); }
      ps->p++;
    }
    json_value *item = parse_value(ps, depth + 1);
    if (!item || !append(v, key, item)) { free(key); json_free(item); json_free(v); return NULL; }
    skip_space(ps);
    if (*ps->p == ',') { ps->p++; continue; }
    if (*ps->p == close) { ps->p++; return v; }
    json_free(v);
    return fail(ps, object ? "expected ',' or '}'" : "expected ',' or ']'");
  }
}

static json_value *parse_value(parser *ps, int depth) {
  if (depth > 32) return fail(ps, "nesting too deep");
  skip_space(ps);
  char c = *ps->p;
  if (c == '{' || c == '[') return parse_container(ps, depth, c == '{');
  if (c == '"') {
    char *s = parse_string_raw(ps);
    if (!s) return NULL;
    json_value *v = new_value(JSON_STRING);
    v->string = s;
    return v;
  }
  if (strncmp(ps->p, "true", 4) == 0 || strncmp(ps->p, "false", 5) == 0) {
    json_value *v = new_value(JSON_BOOL);
    v->number = c == 't';
    ps->p += c == 't' ? 4 : 5;
    return v;
  }
  if (strncmp(ps->p, "null", 4) == 0) { ps->p += 4; return new_value(JSON_NULL); }
  if (c == '-' || isdigit((unsigned char)c)) {
    char *end;
    double n = strtod(ps->p, &end);
    if (end == ps->p) return fail(ps, "bad number");
    ps->p = end;
    json_value *v = new_value(JSON_NUMBER);
    v->number = n;
    return v;
  }
  return fail(ps, "unexpected character");
}

json_value *json_parse(const char *text, char *error, size_t error_size) {
  parser ps = {text, text, error, error_size};
  if (error && error_size) error[0] = 0;
  json_value *v = parse_value(&ps, 0);
  if (!v) return NULL;
  skip_space(&ps);
  if (*ps.p) { json_free(v); return fail(&ps, "unexpected text after the value"); }
  return v;
}

void json_free(json_value *v) {
  if (!v) return;
  for (size_t i = 0; i < v->count; i++) {
    json_free(v->items[i]);
    if (v->keys) free(v->keys[i]);
  }
  free(v->items);
  free(v->keys);
  free(v->string);
  free(v);
}

const json_value *json_get(const json_value *object, const char *key) {
  if (!object || object->type != JSON_OBJECT) return NULL;
  for (size_t i = 0; i < object->count; i++)
    if (strcmp(object->keys[i], key) == 0) return object->items[i];
  return NULL;
}

const char *json_string(const json_value *v, const char *fallback) {
  return v && v->type == JSON_STRING ? v->string : fallback;
}

double json_number(const json_value *v, double fallback) {
  return v && (v->type == JSON_NUMBER || v->type == JSON_BOOL) ? v->number : fallback;
}
