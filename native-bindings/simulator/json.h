/* A small JSON reader for the simulator's configuration file. */
#ifndef BURN_AUDIO_SIM_JSON_H
#define BURN_AUDIO_SIM_JSON_H

#include <stddef.h>

typedef enum { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT } json_type;

typedef struct json_value {
  json_type type;
  double number;       /* JSON_NUMBER; JSON_BOOL as 0 or 1 */
  char *string;        /* JSON_STRING (UTF-8) */
  size_t count;        /* JSON_ARRAY / JSON_OBJECT: number of items */
  char **keys;         /* JSON_OBJECT */
  struct json_value **items;
} json_value;

/* Parses `text`; on failure returns NULL and writes a message with the byte offset to `error`. */
json_value *json_parse(const char *text, char *error, size_t error_size);
void json_free(json_value *value);
/* The member `key` of an object, or NULL. */
const json_value *json_get(const json_value *object, const char *key);
const char *json_string(const json_value *value, const char *fallback);
double json_number(const json_value *value, double fallback);

#endif
