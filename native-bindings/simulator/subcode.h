/*
 * The subchannel of a CD sector, as the Red Book (IEC 60908) and ECMA-130 define it: the Q frame
 * (control/ADR, nine data bytes, the CRC), its three modes (1 position, 2 media catalog number,
 * 3 ISRC), the codes' own rules (the MCN's EAN-13 check digit, the ISRC's form), MSF in BCD, and
 * how P, Q and R-W share the 96 bytes that follow a raw sector. Nothing here knows IMAPI2.
 *
 * Calls nothing. Called by layout2.c (the image's subcode), writing2.c (reading it back) and
 * creator2.c (checking codes).
 */
#ifndef BURN_AUDIO_SIM_SUBCODE_H
#define BURN_AUDIO_SIM_SUBCODE_H

#include <stdint.h>

#define Q_BYTES 12
#define RW_BYTES 96
#define CD_TEXT_PACK 18
#define CONTROL_PREEMPHASIS 0x1
#define CONTROL_COPY_PERMITTED 0x2
#define TNO_LEADOUT 0xAA

/* What a mode-1 Q frame says of a sector. `point` and p* are for the lead-in's table of
   contents (tno 0); relative and absolute are frame counts, written as MSF. */
typedef struct {
  int control, tno, index;
  long relative, absolute;
  int point;
  long pointed; /* POINT's PMIN:PSEC:PFRAME as frames; for A0/A1 the first/last track number as PMIN */
} q_position;

/* CRC-16/CCITT (x^16 + x^12 + x^5 + 1, initial 0) over the first ten bytes, stored inverted. */
void q_set_crc(uint8_t q[Q_BYTES]);
void q_position_frame(uint8_t q[Q_BYTES], const q_position *p);
/* mcn: 13 digits; isrc: 12 characters (checked). aframe: the absolute frame within its second. */
void q_mcn_frame(uint8_t q[Q_BYTES], int control, const char *mcn, int aframe);
void q_isrc_frame(uint8_t q[Q_BYTES], int control, const char *isrc, int aframe);

/* Reading frames back: a mode-1 frame's position (1; 0 for another mode), a mode-2 frame's 13
   MCN digits, a mode-3 frame's 12 ISRC characters (1 when the frame is of that mode). */
int q_position_read(const uint8_t q[Q_BYTES], q_position *p);
int q_mcn_read(const uint8_t q[Q_BYTES], char out[14]);
int q_isrc_read(const uint8_t q[Q_BYTES], char out[13]);

/* "0123456789012" or the same without leading zeros, with a valid check digit: 1 and the 13
   digits in `out`; 0 otherwise. */
int mcn_parse(const char *text, char out[14]);
/* CC-OOO-YY-NNNNN with or without dashes, any case: 1 and the 12 characters in `out`. */
int isrc_parse(const char *text, char out[13]);

/* The 96 subcode bytes of a raw sector: bit 7 P, bit 6 the next bit of Q, bits 5-0 a symbol
   of R-W. */
void subcode_pack(uint8_t out[RW_BYTES], int p, const uint8_t q[Q_BYTES], const uint8_t *rw);
void subcode_unpack_q(const uint8_t in[RW_BYTES], uint8_t q[Q_BYTES]);
/* The four CD-TEXT packs the R-W symbols of one sector carry (24 symbols of 6 bits each). */
void subcode_unpack_packs(const uint8_t in[RW_BYTES], uint8_t packs[4][CD_TEXT_PACK]);

#endif
