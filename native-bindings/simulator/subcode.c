/* The Q frame, the codes it carries, and the 96 subcode bytes of a raw sector (subcode.h). */
#include <ctype.h>
#include <string.h>

#include "subcode.h"

static uint8_t bcd(long value) { return (uint8_t)((value / 10 % 10) << 4 | value % 10); }

static void msf(uint8_t *out, long frames) {
  out[0] = bcd(frames / (60 * 75));
  out[1] = bcd(frames / 75 % 60);
  out[2] = bcd(frames % 75);
}

void q_set_crc(uint8_t q[Q_BYTES]) {
  unsigned crc = 0;
  for (int i = 0; i < 10; i++) {
    crc ^= (unsigned)q[i] << 8;
    for (int bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1;
  }
  crc = ~crc & 0xFFFF; /* the disc carries it inverted */
  q[10] = (uint8_t)(crc >> 8);
  q[11] = (uint8_t)crc;
}

void q_position_frame(uint8_t q[Q_BYTES], const q_position *p) {
  memset(q, 0, Q_BYTES);
  q[0] = (uint8_t)(p->control << 4 | 1);
  q[1] = p->tno == TNO_LEADOUT ? TNO_LEADOUT : bcd(p->tno);
  msf(q + 3, p->relative);
  if (p->tno == 0) { /* the lead-in's table of contents: POINT and what it points at */
    q[2] = p->point >= 0xA0 ? (uint8_t)p->point : bcd(p->point);
    if (p->point == 0xA0 || p->point == 0xA1) q[7] = bcd(p->pointed); /* PSEC 00: a CD-DA disc */
    else msf(q + 7, p->pointed);
  } else {
    q[2] = bcd(p->index);
    msf(q + 7, p->absolute);
  }
  q_set_crc(q);
}

void q_mcn_frame(uint8_t q[Q_BYTES], int control, const char *mcn, int aframe) {
  memset(q, 0, Q_BYTES);
  q[0] = (uint8_t)(control << 4 | 2);
  for (int i = 0; i < 13; i++) q[1 + i / 2] |= (uint8_t)((mcn[i] - '0') << (i % 2 ? 0 : 4));
  q[9] = bcd(aframe);
  q_set_crc(q);
}

/* ISRC characters in the Q channel: '0'-'9' are 0-9, 'A'-'Z' are 0x11-0x2A (6 bits). */
static unsigned isrc_code(char c) { return c <= '9' ? (unsigned)(c - '0') : (unsigned)(c - 'A' + 0x11); }

void q_isrc_frame(uint8_t q[Q_BYTES], int control, const char *isrc, int aframe) {
  uint64_t bits = 0; /* five 6-bit characters, 2 zero bits, seven BCD digits, 4 zero bits */
  for (int i = 0; i < 5; i++) bits = bits << 6 | isrc_code(isrc[i]);
  bits <<= 2;
  for (int i = 5; i < 12; i++) bits = bits << 4 | (unsigned)(isrc[i] - '0');
  bits <<= 4;
  memset(q, 0, Q_BYTES);
  q[0] = (uint8_t)(control << 4 | 3);
  for (int i = 0; i < 8; i++) q[1 + i] = (uint8_t)(bits >> (56 - 8 * i));
  q[9] = bcd(aframe);
  q_set_crc(q);
}

static long from_bcd(uint8_t b) { return (b >> 4) * 10 + (b & 0x0F); }
static long msf_frames(const uint8_t *in) { return (from_bcd(in[0]) * 60 + from_bcd(in[1])) * 75 + from_bcd(in[2]); }

int q_position_read(const uint8_t q[Q_BYTES], q_position *p) {
  if ((q[0] & 0x0F) != 1) return 0;
  *p = (q_position){.control = q[0] >> 4, .tno = q[1] == TNO_LEADOUT ? TNO_LEADOUT : (int)from_bcd(q[1]), .relative = msf_frames(q + 3)};
  if (p->tno == 0) {
    p->point = q[2] >= 0xA0 ? q[2] : (int)from_bcd(q[2]);
    p->pointed = msf_frames(q + 7);
  } else {
    p->index = (int)from_bcd(q[2]);
    p->absolute = msf_frames(q + 7);
  }
  return 1;
}

int q_mcn_read(const uint8_t q[Q_BYTES], char out[14]) {
  if ((q[0] & 0x0F) != 2) return 0;
  for (int i = 0; i < 13; i++) out[i] = (char)('0' + (q[1 + i / 2] >> (i % 2 ? 0 : 4) & 0x0F));
  out[13] = 0;
  return 1;
}

int q_isrc_read(const uint8_t q[Q_BYTES], char out[13]) {
  if ((q[0] & 0x0F) != 3) return 0;
  uint64_t bits = 0;
  for (int i = 0; i < 8; i++) bits = bits << 8 | q[1 + i];
  for (int i = 0; i < 5; i++) {
    unsigned code = (unsigned)(bits >> (58 - 6 * i) & 0x3F);
    out[i] = (char)(code < 10 ? '0' + code : 'A' + code - 0x11);
  }
  for (int i = 0; i < 7; i++) out[5 + i] = (char)('0' + (bits >> (28 - 4 * i) & 0x0F));
  out[12] = 0;
  return 1;
}

/* EAN-13: digits in odd places count once, in even places three times; the sum of all is a
   multiple of ten. */
int mcn_parse(const char *text, char out[14]) {
  size_t n = strlen(text);
  if (n == 0 || n > 13) return 0;
  memset(out, '0', 13);
  out[13] = 0;
  memcpy(out + 13 - n, text, n);
  int sum = 0;
  for (int i = 0; i < 13; i++) {
    if (!isdigit((unsigned char)out[i])) return 0;
    sum += (out[i] - '0') * (i % 2 ? 3 : 1);
  }
  return sum % 10 == 0;
}

int isrc_parse(const char *text, char out[13]) {
  size_t n = 0;
  for (const char *c = text; *c; c++) {
    if (*c == '-') continue;
    if (n == 12) return 0;
    out[n++] = (char)toupper((unsigned char)*c);
  }
  out[n] = 0;
  if (n != 12) return 0;
  for (size_t i = 0; i < 12; i++) {
    int letter = out[i] >= 'A' && out[i] <= 'Z', digit = out[i] >= '0' && out[i] <= '9';
    if (i < 2 ? !letter : i < 5 ? !(letter || digit) : !digit) return 0; /* country, owner, year and designation */
  }
  return 1;
}

void subcode_pack(uint8_t out[RW_BYTES], int p, const uint8_t q[Q_BYTES], const uint8_t *rw) {
  for (int i = 0; i < RW_BYTES; i++)
    out[i] = (uint8_t)((p ? 0x80 : 0) | (q[i / 8] >> (7 - i % 8) & 1) << 6 | (rw ? rw[i] & 0x3F : 0));
}

void subcode_unpack_q(const uint8_t in[RW_BYTES], uint8_t q[Q_BYTES]) {
  memset(q, 0, Q_BYTES);
  for (int i = 0; i < RW_BYTES; i++) q[i / 8] |= (uint8_t)((in[i] >> 6 & 1) << (7 - i % 8));
}

void subcode_unpack_packs(const uint8_t in[RW_BYTES], uint8_t packs[4][CD_TEXT_PACK]) {
  memset(packs, 0, 4 * CD_TEXT_PACK);
  for (int i = 0; i < RW_BYTES; i++)
    for (int bit = 0; bit < 6; bit++) {
      int at = (i % 24) * 6 + bit; /* the bit's place in its pack */
      packs[i / 24][at / 8] |= (uint8_t)((in[i] >> (5 - bit) & 1) << (7 - at % 8));
    }
}
