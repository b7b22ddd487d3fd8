;; The conversion kernel: decoding of interleaved PCM, the resampler's polyphase FIR, and
;; quantising to 16-bit with TPDF dither, all on buffers in this module's memory, so that no
;; sample passes through JavaScript; and the loudness meter's work per sample, done on the
;; signal where it lies. Assembled by `npm run build:wasm` into fir-wasm.ts.
;;
;; Every value is defined by test/audio/convert.test.ts, which writes the conversion out in plain
;; JavaScript: decoding and mixing in float64, the FIR in float32 with four lanes per channel
;; summed as (0 + 1) + (2 + 3), rounding half up as Math.round does, and one xorshift32 draw pair
;; per sample, left before right. Whatever is done here for speed keeps those values.
(module
  (memory (export "memory") 1)

  ;; The right channel's input lies 524288 bytes after the left's (kernel.ts: RIGHT_OFFSET): a
  ;; constant, so that every right-channel load uses the load's own offset, not a register.

  ;; ------------------------------------------------------------------ decoding

  ;; One sample as float64, full scale ±1. kind: 0 u8, 1 s16, 2 s24, 3 s32, 4 f32, 5 f64.
  (func $sample (param $at i32) (param $kind i32) (result f64)
    (block $f64 (block $f32 (block $s32 (block $s24 (block $s16 (block $u8
      (br_table $u8 $s16 $s24 $s32 $f32 $f64 (local.get $kind)))
      (return (f64.mul (f64.convert_i32_s (i32.sub (i32.load8_u (local.get $at)) (i32.const 128))) (f64.const 0x1p-7))))
      (return (f64.mul (f64.convert_i32_s (i32.load16_s (local.get $at))) (f64.const 0x1p-15))))
      (return (f64.mul
        (f64.convert_i32_s (i32.or (i32.load16_u (local.get $at)) (i32.shl (i32.load8_s offset=2 (local.get $at)) (i32.const 16))))
        (f64.const 0x1p-23))))
      (return (f64.mul (f64.convert_i32_s (i32.load (local.get $at))) (f64.const 0x1p-31))))
      (return (f64.promote_f32 (f32.load (local.get $at)))))
    (f64.load (local.get $at)))

  ;; Decodes `frames` frames at $src into left and right: mono to both, stereo as is, more
  ;; channels mixed with the (left, right) float64 weights at $weights. With $narrow the results
  ;; are stored as float32 (the resampler's input), else as float64.
  (func (export "decode")
    (param $src i32) (param $frames i32) (param $kind i32) (param $channels i32) (param $blockAlign i32)
    (param $weights i32) (param $dstL i32) (param $dstR i32) (param $narrow i32)
    (local $i i32) (local $c i32) (local $width i32) (local $at i32) (local $w i32)
    (local $x f64) (local $l f64) (local $r f64)
    (local.set $width (i32.div_u (local.get $blockAlign) (local.get $channels)))
    (if (i32.and (local.get $narrow) (i32.eq (local.get $channels) (i32.const 2)))
      (then
        (if (i32.eq (local.get $kind) (i32.const 1)) (then (return (call $stereo16 (local.get $src) (local.get $frames) (local.get $dstL) (local.get $dstR)))))
        (if (i32.eq (local.get $kind) (i32.const 2)) (then (return (call $stereo24 (local.get $src) (local.get $frames) (local.get $dstL) (local.get $dstR)))))))
    (if (i32.and (i32.eqz (local.get $narrow)) (i32.and (i32.eq (local.get $channels) (i32.const 2)) (i32.eq (local.get $kind) (i32.const 1))))
      (then (return (call $wideStereo16 (local.get $src) (local.get $frames) (local.get $dstL) (local.get $dstR)))))
    (block $done
      (loop $frame
        (br_if $done (i32.ge_u (local.get $i) (local.get $frames)))
        (local.set $at (i32.add (local.get $src) (i32.mul (local.get $i) (local.get $blockAlign))))
        (if (i32.le_u (local.get $channels) (i32.const 2))
          (then
            (local.set $l (call $sample (local.get $at) (local.get $kind)))
            (local.set $r (local.get $l))
            (if (i32.eq (local.get $channels) (i32.const 2))
              (then (local.set $r (call $sample (i32.add (local.get $at) (local.get $width)) (local.get $kind))))))
          (else
            (local.set $l (f64.const 0))
            (local.set $r (f64.const 0))
            (local.set $c (i32.const 0))
            (local.set $w (local.get $weights))
            (loop $channel
              (local.set $x (call $sample (local.get $at) (local.get $kind)))
              (local.set $l (f64.add (local.get $l) (f64.mul (f64.load (local.get $w)) (local.get $x))))
              (local.set $r (f64.add (local.get $r) (f64.mul (f64.load offset=8 (local.get $w)) (local.get $x))))
              (local.set $at (i32.add (local.get $at) (local.get $width)))
              (local.set $w (i32.add (local.get $w) (i32.const 16)))
              (local.set $c (i32.add (local.get $c) (i32.const 1)))
              (br_if $channel (i32.lt_u (local.get $c) (local.get $channels))))))
        (if (local.get $narrow)
          (then
            (f32.store (i32.add (local.get $dstL) (i32.shl (local.get $i) (i32.const 2))) (f32.demote_f64 (local.get $l)))
            (f32.store (i32.add (local.get $dstR) (i32.shl (local.get $i) (i32.const 2))) (f32.demote_f64 (local.get $r))))
          (else
            (f64.store (i32.add (local.get $dstL) (i32.shl (local.get $i) (i32.const 3))) (local.get $l))
            (f64.store (i32.add (local.get $dstR) (i32.shl (local.get $i) (i32.const 3))) (local.get $r))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $frame))))

;; The common cases without a call per sample: 16- and 24-bit stereo to float32 (the
  ;; integer scaled in float32 is exact, so equal to the float64 value narrowed).
  (func $stereo16 (param $at i32) (param $frames i32) (param $dstL i32) (param $dstR i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $dstL) (i32.shl (local.get $frames) (i32.const 2))))
    (block $done
      (loop $frame
        (br_if $done (i32.ge_u (local.get $dstL) (local.get $end)))
        (f32.store (local.get $dstL) (f32.mul (f32.convert_i32_s (i32.load16_s (local.get $at))) (f32.const 0x1p-15)))
        (f32.store (local.get $dstR) (f32.mul (f32.convert_i32_s (i32.load16_s offset=2 (local.get $at))) (f32.const 0x1p-15)))
        (local.set $at (i32.add (local.get $at) (i32.const 4)))
        (local.set $dstL (i32.add (local.get $dstL) (i32.const 4)))
        (local.set $dstR (i32.add (local.get $dstR) (i32.const 4)))
        (br $frame))))

  ;; 16-bit stereo to float64, as CD audio whose level changes is decoded.
  (func $wideStereo16 (param $at i32) (param $frames i32) (param $dstL i32) (param $dstR i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $dstL) (i32.shl (local.get $frames) (i32.const 3))))
    (block $done
      (loop $frame
        (br_if $done (i32.ge_u (local.get $dstL) (local.get $end)))
        (f64.store (local.get $dstL) (f64.mul (f64.convert_i32_s (i32.load16_s (local.get $at))) (f64.const 0x1p-15)))
        (f64.store (local.get $dstR) (f64.mul (f64.convert_i32_s (i32.load16_s offset=2 (local.get $at))) (f64.const 0x1p-15)))
        (local.set $at (i32.add (local.get $at) (i32.const 4)))
        (local.set $dstL (i32.add (local.get $dstL) (i32.const 8)))
        (local.set $dstR (i32.add (local.get $dstR) (i32.const 8)))
        (br $frame))))

  (func $stereo24 (param $at i32) (param $frames i32) (param $dstL i32) (param $dstR i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $dstL) (i32.shl (local.get $frames) (i32.const 2))))
    (block $done
      (loop $frame
        (br_if $done (i32.ge_u (local.get $dstL) (local.get $end)))
        (f32.store (local.get $dstL) (f32.mul (f32.convert_i32_s
          (i32.or (i32.load16_u (local.get $at)) (i32.shl (i32.load8_s offset=2 (local.get $at)) (i32.const 16)))) (f32.const 0x1p-23)))
        (f32.store (local.get $dstR) (f32.mul (f32.convert_i32_s
          (i32.or (i32.load16_u offset=3 (local.get $at)) (i32.shl (i32.load8_s offset=5 (local.get $at)) (i32.const 16)))) (f32.const 0x1p-23)))
        (local.set $at (i32.add (local.get $at) (i32.const 6)))
        (local.set $dstL (i32.add (local.get $dstL) (i32.const 4)))
        (local.set $dstR (i32.add (local.get $dstR) (i32.const 4)))
        (br $frame))))

  ;; ------------------------------------------------------------------ the FIR

  (func $hsum (param $v v128) (result f32)
    (f32.add (f32.add (f32x4.extract_lane 0 (local.get $v)) (f32x4.extract_lane 1 (local.get $v)))
             (f32.add (f32x4.extract_lane 2 (local.get $v)) (f32x4.extract_lane 3 (local.get $v)))))

  ;; The lane sums of four vectors, each as $hsum adds them: (0 + 1) + (2 + 3).
  (func $hsum4 (param $a v128) (param $b v128) (param $c v128) (param $d v128) (result v128)
    (local.set $a (f32x4.add (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $a) (local.get $b))
                             (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $a) (local.get $b))))
    (local.set $c (f32x4.add (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $c) (local.get $d))
                             (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $c) (local.get $d))))
    (f32x4.add (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $a) (local.get $c))
               (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $a) (local.get $c))))

  ;; For each of `count` output frames, the dot product of one polyphase branch (the $bytes of
  ;; coefficients at $coef + phase × $bytes, stored reversed) with the input from index $first
  ;; on, for both channels. Between frames the phase advances by $step mod $up and the first
  ;; input by $skip (+ 1 when the phase wraps): no division per frame.
  ;;
  ;; Frames n, n + up, n + 2 up and n + 3 up share a branch (their inputs lie $down apart), so
  ;; they are computed together: one load of coefficients serves eight products, and eight
  ;; independent sums keep the adders busy. Each sum runs in the same order as for one frame
  ;; alone. Frames are taken in blocks of 4 × up; the rest one at a time.
  (func (export "fir")
    (param $count i32) (param $phase i32) (param $first i32) (param $skip i32) (param $step i32)
    (param $up i32) (param $down i32) (param $bytes i32) (param $coef i32) (param $xl i32) (param $yl i32) (param $yr i32)
    (local $k i32) (local $i i32) (local $m i32) (local $o i32) (local $c i32) (local $cv v128)
    (local $stride i32) (local $span i32)
    (local $p0 i32) (local $p1 i32) (local $p2 i32) (local $p3 i32)
    (local $l0 v128) (local $l1 v128) (local $l2 v128) (local $l3 v128)
    (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128)
    (local.set $xl (i32.add (local.get $xl) (i32.shl (local.get $first) (i32.const 2))))
    (local.set $skip (i32.shl (local.get $skip) (i32.const 2)))
    (local.set $stride (i32.shl (local.get $down) (i32.const 2)))
    (local.set $span (i32.shl (local.get $up) (i32.const 2)))
    (block $singles
      (loop $block
        (br_if $singles (i32.gt_u (i32.add (local.get $k) (i32.shl (local.get $up) (i32.const 2))) (local.get $count)))
        (local.set $i (i32.const 0))
        (loop $group
          (local.set $c (i32.add (local.get $coef) (i32.mul (local.get $phase) (local.get $bytes))))
          (local.set $p0 (local.get $xl))
          (local.set $p1 (i32.add (local.get $p0) (local.get $stride)))
          (local.set $p2 (i32.add (local.get $p1) (local.get $stride)))
          (local.set $p3 (i32.add (local.get $p2) (local.get $stride)))
          (local.set $l0 (v128.const i32x4 0 0 0 0)) (local.set $r0 (v128.const i32x4 0 0 0 0))
          (local.set $l1 (v128.const i32x4 0 0 0 0)) (local.set $r1 (v128.const i32x4 0 0 0 0))
          (local.set $l2 (v128.const i32x4 0 0 0 0)) (local.set $r2 (v128.const i32x4 0 0 0 0))
          (local.set $l3 (v128.const i32x4 0 0 0 0)) (local.set $r3 (v128.const i32x4 0 0 0 0))
          (local.set $m (i32.const 0))
          (loop $dot
            (local.set $cv (v128.load (i32.add (local.get $c) (local.get $m))))
            (local.set $l0 (f32x4.add (local.get $l0) (f32x4.mul (local.get $cv) (v128.load (i32.add (local.get $p0) (local.get $m))))))
            (local.set $r0 (f32x4.add (local.get $r0) (f32x4.mul (local.get $cv) (v128.load offset=524288 (i32.add (local.get $p0) (local.get $m))))))
            (local.set $l1 (f32x4.add (local.get $l1) (f32x4.mul (local.get $cv) (v128.load (i32.add (local.get $p1) (local.get $m))))))
            (local.set $r1 (f32x4.add (local.get $r1) (f32x4.mul (local.get $cv) (v128.load offset=524288 (i32.add (local.get $p1) (local.get $m))))))
            (local.set $l2 (f32x4.add (local.get $l2) (f32x4.mul (local.get $cv) (v128.load (i32.add (local.get $p2) (local.get $m))))))
            (local.set $r2 (f32x4.add (local.get $r2) (f32x4.mul (local.get $cv) (v128.load offset=524288 (i32.add (local.get $p2) (local.get $m))))))
            (local.set $l3 (f32x4.add (local.get $l3) (f32x4.mul (local.get $cv) (v128.load (i32.add (local.get $p3) (local.get $m))))))
            (local.set $r3 (f32x4.add (local.get $r3) (f32x4.mul (local.get $cv) (v128.load offset=524288 (i32.add (local.get $p3) (local.get $m))))))
            (local.set $m (i32.add (local.get $m) (i32.const 16)))
            (br_if $dot (i32.lt_u (local.get $m) (local.get $bytes))))
          (local.set $o (i32.shl (i32.add (local.get $k) (local.get $i)) (i32.const 2)))
          (local.set $l0 (call $hsum4 (local.get $l0) (local.get $l1) (local.get $l2) (local.get $l3)))
          (f32.store (i32.add (local.get $yl) (local.get $o)) (f32x4.extract_lane 0 (local.get $l0)))
          (f32.store (i32.add (local.get $yl) (i32.add (local.get $o) (i32.mul (local.get $span) (i32.const 1)))) (f32x4.extract_lane 1 (local.get $l0)))
          (f32.store (i32.add (local.get $yl) (i32.add (local.get $o) (i32.mul (local.get $span) (i32.const 2)))) (f32x4.extract_lane 2 (local.get $l0)))
          (f32.store (i32.add (local.get $yl) (i32.add (local.get $o) (i32.mul (local.get $span) (i32.const 3)))) (f32x4.extract_lane 3 (local.get $l0)))
          (local.set $r0 (call $hsum4 (local.get $r0) (local.get $r1) (local.get $r2) (local.get $r3)))
          (f32.store (i32.add (local.get $yr) (local.get $o)) (f32x4.extract_lane 0 (local.get $r0)))
          (f32.store (i32.add (local.get $yr) (i32.add (local.get $o) (i32.mul (local.get $span) (i32.const 1)))) (f32x4.extract_lane 1 (local.get $r0)))
          (f32.store (i32.add (local.get $yr) (i32.add (local.get $o) (i32.mul (local.get $span) (i32.const 2)))) (f32x4.extract_lane 2 (local.get $r0)))
          (f32.store (i32.add (local.get $yr) (i32.add (local.get $o) (i32.mul (local.get $span) (i32.const 3)))) (f32x4.extract_lane 3 (local.get $r0)))
          (call $advance (local.get $phase) (local.get $xl) (local.get $step) (local.get $up) (local.get $skip))
          (local.set $xl) (local.set $phase)
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $group (i32.lt_u (local.get $i) (local.get $up))))
        ;; phase and input are now those of frame k + up; the next block starts at k + 4 up
        (local.set $xl (i32.add (local.get $xl) (i32.mul (local.get $stride) (i32.const 3))))
        (local.set $k (i32.add (local.get $k) (i32.shl (local.get $up) (i32.const 2))))
        (br $block)))
    (block $done
      (loop $frame
        (br_if $done (i32.ge_u (local.get $k) (local.get $count)))
        (local.set $c (i32.add (local.get $coef) (i32.mul (local.get $phase) (local.get $bytes))))
        (local.set $l0 (v128.const i32x4 0 0 0 0))
        (local.set $r0 (v128.const i32x4 0 0 0 0))
        (local.set $m (i32.const 0))
        (loop $dot
          (local.set $cv (v128.load (i32.add (local.get $c) (local.get $m))))
          (local.set $l0 (f32x4.add (local.get $l0) (f32x4.mul (local.get $cv) (v128.load (i32.add (local.get $xl) (local.get $m))))))
          (local.set $r0 (f32x4.add (local.get $r0) (f32x4.mul (local.get $cv) (v128.load offset=524288 (i32.add (local.get $xl) (local.get $m))))))
          (local.set $m (i32.add (local.get $m) (i32.const 16)))
          (br_if $dot (i32.lt_u (local.get $m) (local.get $bytes))))
        (local.set $o (i32.shl (local.get $k) (i32.const 2)))
        (f32.store (i32.add (local.get $yl) (local.get $o)) (call $hsum (local.get $l0)))
        (f32.store (i32.add (local.get $yr) (local.get $o)) (call $hsum (local.get $r0)))
        (call $advance (local.get $phase) (local.get $xl) (local.get $step) (local.get $up) (local.get $skip))
        (local.set $xl) (local.set $phase)
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $frame))))

  ;; The next frame's phase and first input address.
  (func $advance (param $phase i32) (param $at i32) (param $step i32) (param $up i32) (param $skip i32) (result i32 i32)
    (local.set $phase (i32.add (local.get $phase) (local.get $step)))
    (local.set $at (i32.add (local.get $at) (local.get $skip)))
    (if (i32.ge_u (local.get $phase) (local.get $up))
      (then
        (local.set $phase (i32.sub (local.get $phase) (local.get $up)))
        (local.set $at (i32.add (local.get $at) (i32.const 4)))))
    (local.get $phase) (local.get $at))

  ;; ------------------------------------------------------------------ quantising

  (global $state (mut i32) (i32.const 0x9e3779b9))
  (global $peak (mut f64) (f64.const 0))
  (global $clipped (mut i32) (i32.const 0))
  (func (export "peak") (result f64) (global.get $peak))
  (func (export "clipped") (result i32) (global.get $clipped))

  ;; Quantises `count` frames of left and right (float32 when $narrow, else float64), times
  ;; $gain, into interleaved 16-bit little-endian stereo at $out. Each sample gets TPDF noise of
  ;; ±1 LSB (the difference of two uniform draws of xorshift32, whose state carries from call to
  ;; call) when $dither is set, is rounded half up and clipped to full scale (and counted). Frames
  ;; go two at a time in SIMD, and an odd last frame one sample at a time, left and right
  ;; alternately. The state stays in locals throughout.
  (func (export "quantise")
    (param $l i32) (param $r i32) (param $narrow i32) (param $count i32) (param $out i32) (param $dither i32) (param $gain f64)
    (local $end i32) (local $width i32) (local $next i32) (local $s i32) (local $clipped i32) (local $q i32)
    (local $peak f64) (local $x f64) (local $v f64) (local $u f64)
    (local $pk v128) (local $va v128) (local $vb v128) (local $vc v128) (local $da v128) (local $db v128) (local $ta v128) (local $tb v128)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2))))
    (local.set $width (select (i32.const 4) (i32.const 8) (local.get $narrow)))
    (local.set $s (global.get $state))
    (local.set $peak (global.get $peak))
    (local.set $clipped (global.get $clipped))
    ;; Two frames at a time in SIMD, the same operations lane by lane; the rest below.
    (local.set $pk (f64x2.splat (local.get $peak)))
    (local.set $next (i32.add (local.get $out) (i32.shl (i32.shr_u (local.get $count) (i32.const 1)) (i32.const 3))))
    (block $pairs_done
      (loop $pair
        (br_if $pairs_done (i32.ge_u (local.get $out) (local.get $next)))
        (if (local.get $narrow)
          (then
            ;; [L0 R0 L1 R1] → [L0 R0] and [L1 R1] in float64
            (local.set $va (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23
              (v128.load64_zero (local.get $l)) (v128.load64_zero (local.get $r))))
            (local.set $vb (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $va) (local.get $va))))
            (local.set $va (f64x2.promote_low_f32x4 (local.get $va))))
          (else
            (local.set $va (v128.load64_lane 1 (local.get $r) (v128.load64_zero (local.get $l))))
            (local.set $vb (v128.load64_lane offset=8 1 (local.get $r) (v128.load64_zero offset=8 (local.get $l))))))
        (local.set $va (f64x2.mul (local.get $va) (f64x2.splat (local.get $gain))))
        (local.set $vb (f64x2.mul (local.get $vb) (f64x2.splat (local.get $gain))))
        (local.set $pk (f64x2.pmax (local.get $pk) (f64x2.abs (local.get $va))))
        (local.set $pk (f64x2.pmax (local.get $pk) (f64x2.abs (local.get $vb))))
        (local.set $va (f64x2.mul (local.get $va) (f64x2.splat (f64.const 32768))))
        (local.set $vb (f64x2.mul (local.get $vb) (f64x2.splat (f64.const 32768))))
        (if (local.get $dither)
          (then
            ;; draws 0, 2, 4, 6 in $da and 1, 3, 5, 7 in $db, offset into signed range
        (local.set $s (i32.xor (local.get $s) (i32.shl (local.get $s) (i32.const 13))))
        (local.set $s (i32.xor (local.get $s) (i32.shr_u (local.get $s) (i32.const 17))))
        (local.set $s (i32.xor (local.get $s) (i32.shl (local.get $s) (i32.const 5))))
        (local.set $da (i32x4.replace_lane 0 (local.get $da) (i32.xor (local.get $s) (i32.const 0x80000000))))
        (local.set $s (i32.xor (local.get $s) (i32.shl (local.get $s) (i32.const 13))))
        (local.set $s (i32.xor (local.get $s) (i32.shr_u (local.get $s) (i32.const 17))))
        (local.set $s (i32.xor (local.get $s) (i32.shl (local.get $s) (i32.const 5))))
        (local.set $db (i32x4.replace_lane 0 (local.get $db) (i32.xor (local.get $s) (i32.const 0x80000000))))
        (local.set $s (i32.xor (local.get $s) (i32.shl (local.get $s) (i32.const 13))))
        (local.set $s (i32.xor (local.get $s) (i32.shr_u (local.get $s) (i32.const 17))))
        (local.set $s (i32.xor (local.get $s) (i32.shl (local.get $s) (i32.const 5))))
        (local.set $da (i32x4.replace_lane 1 (local.get $da) (i32.xor (local.get $s) (i32.const 0x80000000))))
        (local.set $s (i32.xor (local.get $s) (i32.shl (local.get $s) (i32.const 13))))
        (local.set $s (i32.xor (local.get $s) (i32.shr_u (local.get $s) (i32.const 17))))
        (local.set $s (i32.xor (local.get $s) (i32.shl (local.get $s) (i32.const 5))))
        (local.set $db (i32x4.replace_lane 1 (local.get $db) (i32.xor (local.get $s) (i32.const 0x80000000))))
        (local.set $s (i32.xor (local.get $s) (i32.shl (local.get $s) (i32.const 13))))
        (local.set $s (i32.xor (local.get $s) (i32.shr_u (local.get $s) (i32.const 17))))
        (local.set $s (i32.xor (local.get $s) (i32.shl (local.get $s) (i32.const 5))))
        (local.set $da (i32x4.replace_lane 2 (local.get $da) (i32.xor (local.get $s) (i32.const 0x80000000))))
        (local.set $s (i32.xor (local.get $s) (i32.shl (local.get $s) (i32.const 13))))
        (local.set $s (i32.xor (local.get $s) (i32.shr_u (local.get $s) (i32.const 17))))
        (local.set $s (i32.xor (local.get $s) (i32.shl (local.get $s) (i32.const 5))))
        (local.set $db (i32x4.replace_lane 2 (local.get $db) (i32.xor (local.get $s) (i32.const 0x80000000))))
        (local.set $s (i32.xor (local.get $s) (i32.shl (local.get $s) (i32.const 13))))
        (local.set $s (i32.xor (local.get $s) (i32.shr_u (local.get $s) (i32.const 17))))
        (local.set $s (i32.xor (local.get $s) (i32.shl (local.get $s) (i32.const 5))))
        (local.set $da (i32x4.replace_lane 3 (local.get $da) (i32.xor (local.get $s) (i32.const 0x80000000))))
        (local.set $s (i32.xor (local.get $s) (i32.shl (local.get $s) (i32.const 13))))
        (local.set $s (i32.xor (local.get $s) (i32.shr_u (local.get $s) (i32.const 17))))
        (local.set $s (i32.xor (local.get $s) (i32.shl (local.get $s) (i32.const 5))))
        (local.set $db (i32x4.replace_lane 3 (local.get $db) (i32.xor (local.get $s) (i32.const 0x80000000))))
            (local.set $ta (f64x2.mul (f64x2.sub (f64x2.convert_low_i32x4_s (local.get $da)) (f64x2.convert_low_i32x4_s (local.get $db)))
              (f64x2.splat (f64.const 0x1p-32))))
            (local.set $va (f64x2.add (local.get $va) (local.get $ta)))
            (local.set $da (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $da) (local.get $da)))
            (local.set $db (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $db) (local.get $db)))
            (local.set $tb (f64x2.mul (f64x2.sub (f64x2.convert_low_i32x4_s (local.get $da)) (f64x2.convert_low_i32x4_s (local.get $db)))
              (f64x2.splat (f64.const 0x1p-32))))
            (local.set $vb (f64x2.add (local.get $vb) (local.get $tb)))))
        (local.set $vc (f64x2.min (f64x2.max (local.get $va) (f64x2.splat (f64.const -32769))) (f64x2.splat (f64.const 32768))))
        (local.set $ta (i32x4.trunc_sat_f64x2_s_zero (local.get $vc)))
        (local.set $ta (i32x4.sub (local.get $ta) (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 16 17 18 19
          (f64x2.lt (f64x2.convert_low_i32x4_s (local.get $ta)) (local.get $vc)) (v128.const i32x4 0 0 0 0))))
        (local.set $ta (i32x4.add (local.get $ta) (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 16 17 18 19
          (f64x2.gt (f64x2.sub (f64x2.convert_low_i32x4_s (local.get $ta)) (f64x2.splat (f64.const 0.5))) (local.get $vc)) (v128.const i32x4 0 0 0 0))))
        (local.set $clipped (i32.add (local.get $clipped) (i32.popcnt (i64x2.bitmask (v128.or
          (f64x2.ge (local.get $va) (f64x2.splat (f64.const 32767.5))) (f64x2.lt (local.get $va) (f64x2.splat (f64.const -32768.5))))))))
        (local.set $vc (f64x2.min (f64x2.max (local.get $vb) (f64x2.splat (f64.const -32769))) (f64x2.splat (f64.const 32768))))
        (local.set $tb (i32x4.trunc_sat_f64x2_s_zero (local.get $vc)))
        (local.set $tb (i32x4.sub (local.get $tb) (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 16 17 18 19
          (f64x2.lt (f64x2.convert_low_i32x4_s (local.get $tb)) (local.get $vc)) (v128.const i32x4 0 0 0 0))))
        (local.set $tb (i32x4.add (local.get $tb) (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 16 17 18 19
          (f64x2.gt (f64x2.sub (f64x2.convert_low_i32x4_s (local.get $tb)) (f64x2.splat (f64.const 0.5))) (local.get $vc)) (v128.const i32x4 0 0 0 0))))
        (local.set $clipped (i32.add (local.get $clipped) (i32.popcnt (i64x2.bitmask (v128.or
          (f64x2.ge (local.get $vb) (f64x2.splat (f64.const 32767.5))) (f64x2.lt (local.get $vb) (f64x2.splat (f64.const -32768.5))))))))
        (v128.store64_lane 0 (local.get $out) (i16x8.narrow_i32x4_s
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $ta) (local.get $tb)) (local.get $ta)))
        (local.set $l (i32.add (local.get $l) (i32.shl (local.get $width) (i32.const 1))))
        (local.set $r (i32.add (local.get $r) (i32.shl (local.get $width) (i32.const 1))))
        (local.set $out (i32.add (local.get $out) (i32.const 8)))
        (br $pair)))
    (local.set $peak (f64x2.extract_lane 0 (local.get $pk)))
    (if (f64.gt (f64x2.extract_lane 1 (local.get $pk)) (local.get $peak)) (then (local.set $peak (f64x2.extract_lane 1 (local.get $pk)))))
    (block $done
      (loop $sample
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (local.set $x (if (result f64) (local.get $narrow)
          (then (f64.promote_f32 (f32.load (local.get $l))))
          (else (f64.load (local.get $l)))))
        (local.set $x (f64.mul (local.get $x) (local.get $gain)))
        ;; the other channel's sample is next; this channel's next one after it
        (local.set $next (local.get $r))
        (local.set $r (i32.add (local.get $l) (local.get $width)))
        (local.set $l (local.get $next))
        (if (f64.gt (f64.abs (local.get $x)) (local.get $peak)) (then (local.set $peak (f64.abs (local.get $x)))))
        (local.set $v (f64.mul (local.get $x) (f64.const 32768)))
        (if (local.get $dither)
          (then
            (local.set $s (i32.xor (local.get $s) (i32.shl (local.get $s) (i32.const 13))))
            (local.set $s (i32.xor (local.get $s) (i32.shr_u (local.get $s) (i32.const 17))))
            (local.set $s (i32.xor (local.get $s) (i32.shl (local.get $s) (i32.const 5))))
            (local.set $u (f64.convert_i32_s (i32.xor (local.get $s) (i32.const 0x80000000))))
            (local.set $s (i32.xor (local.get $s) (i32.shl (local.get $s) (i32.const 13))))
            (local.set $s (i32.xor (local.get $s) (i32.shr_u (local.get $s) (i32.const 17))))
            (local.set $s (i32.xor (local.get $s) (i32.shl (local.get $s) (i32.const 5))))
            ;; draw / 2^32 - draw' / 2^32, exactly, with both draws offset by -2^31 into signed
            ;; range (an unsigned conversion costs many times a signed one in V8 on x64)
            (local.set $v (f64.add (local.get $v)
              (f64.mul (f64.sub (local.get $u) (f64.convert_i32_s (i32.xor (local.get $s) (i32.const 0x80000000)))) (f64.const 0x1p-32))))))
        ;; Math.round (half up), clipped: clipped exactly when the rounded value is out of range
        (if (f64.ge (local.get $v) (f64.const 32767.5))
          (then
            (local.set $clipped (i32.add (local.get $clipped) (i32.const 1)))
            (local.set $q (i32.const 32767)))
          (else (if (f64.lt (local.get $v) (f64.const -32768.5))
            (then
              (local.set $clipped (i32.add (local.get $clipped) (i32.const 1)))
              (local.set $q (i32.const -32768)))
            (else
              ;; in range (or NaN, which gives 0): truncate, up to the ceiling, down if that is
              ;; more than half away; in integers, as f64.ceil is slow in V8 on some CPUs
              (local.set $q (i32.trunc_sat_f64_s (local.get $v)))
              (local.set $q (i32.add (local.get $q) (f64.lt (f64.convert_i32_s (local.get $q)) (local.get $v))))
              (local.set $q (i32.sub (local.get $q)
                (f64.gt (f64.sub (f64.convert_i32_s (local.get $q)) (f64.const 0.5)) (local.get $v))))))))
        (i32.store16 (local.get $out) (local.get $q))
        (local.set $out (i32.add (local.get $out) (i32.const 2)))
        (br $sample)))
    (global.set $state (local.get $s))
    (global.set $peak (local.get $peak))
    (global.set $clipped (local.get $clipped)))

  ;; ------------------------------------------------------------------ loudness

  ;; The loudness meter (loudness/meter.ts): K-weighting and the sums of squares of each
  ;; sub-block, the sample peak and the true peak of a stereo signal, as it passes. Its state
  ;; at $m:
  ;;     0  the shelf's b0 b1 b2 a1 a2, then the high-pass's a1 a2 (its b are 1, -2, 1), each an
  ;;        f64x2 holding the value twice: both channels filter at once, left in lane 0
  ;;   112  the filters' state, z1 z2 of the shelf and w1 w2 of the high-pass (f64x2 each)
  ;;   176  the sums of squares of the sub-block under way (f64x2)
  ;;   192  the largest sample magnitudes (f64x2)
  ;;   208  i32 frames per sub-block; 212 i32 frames of it measured so far
  ;;   216  f32 the largest magnitude the interpolator has given, or a sample (when larger)
  ;;   220  i32 where each finished sub-block's sum of squares (left + right, f64) is stored
  ;;   224  i32, 228 i32: the left and right channel's float32 samples, the 11 of the call
  ;;        before ahead of this call's
  ;;   256  the interpolator, for k = 0 .. 11 an f32x4 of the four phases' k-th taps
  ;; Returns the number of sub-blocks finished (their sums at the address at 220, in order).
  (func (export "measure")
    (param $l i32) (param $r i32) (param $narrow i32) (param $count i32) (param $m i32) (result i32)
    (local $hl i32) (local $hr i32) (local $i i32) (local $stop i32) (local $sub i32) (local $filled i32)
    (local $done i32) (local $out i32)
    (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $a1 v128) (local $a2 v128) (local $c1 v128) (local $c2 v128)
    (local $z1 v128) (local $z2 v128) (local $w1 v128) (local $w2 v128) (local $e v128) (local $pk v128)
    (local $x v128) (local $y1 v128) (local $y2 v128)
    (local.set $hl (i32.load offset=224 (local.get $m)))
    (local.set $hr (i32.load offset=228 (local.get $m)))
    (call $history (local.get $l) (local.get $hl) (local.get $narrow) (local.get $count))
    (call $history (local.get $r) (local.get $hr) (local.get $narrow) (local.get $count))
    (local.set $b0 (v128.load offset=0 (local.get $m)))
    (local.set $b1 (v128.load offset=16 (local.get $m)))
    (local.set $b2 (v128.load offset=32 (local.get $m)))
    (local.set $a1 (v128.load offset=48 (local.get $m)))
    (local.set $a2 (v128.load offset=64 (local.get $m)))
    (local.set $c1 (v128.load offset=80 (local.get $m)))
    (local.set $c2 (v128.load offset=96 (local.get $m)))
    (local.set $z1 (v128.load offset=112 (local.get $m)))
    (local.set $z2 (v128.load offset=128 (local.get $m)))
    (local.set $w1 (v128.load offset=144 (local.get $m)))
    (local.set $w2 (v128.load offset=160 (local.get $m)))
    (local.set $e (v128.load offset=176 (local.get $m)))
    (local.set $pk (v128.load offset=192 (local.get $m)))
    (local.set $sub (i32.load offset=208 (local.get $m)))
    (local.set $filled (i32.load offset=212 (local.get $m)))
    (local.set $out (i32.load offset=220 (local.get $m)))
    (block $all
      (loop $subblock
        (br_if $all (i32.ge_u (local.get $i) (local.get $count)))
        ;; the frames up to the end of this sub-block, or of this call
        (local.set $stop (i32.add (local.get $i) (i32.sub (local.get $sub) (local.get $filled))))
        (if (i32.gt_u (local.get $stop) (local.get $count)) (then (local.set $stop (local.get $count))))
        (local.set $filled (i32.add (local.get $filled) (i32.sub (local.get $stop) (local.get $i))))
        (loop $frame
          (local.set $x (f64x2.promote_low_f32x4 (f32x4.replace_lane 1
            (f32x4.splat (f32.load offset=44 (i32.add (local.get $hl) (i32.shl (local.get $i) (i32.const 2)))))
            (f32.load offset=44 (i32.add (local.get $hr) (i32.shl (local.get $i) (i32.const 2)))))))
          (local.set $pk (f64x2.pmax (local.get $pk) (f64x2.abs (local.get $x))))
          ;; two biquads, transposed direct form II
          (local.set $y1 (f64x2.add (f64x2.mul (local.get $b0) (local.get $x)) (local.get $z1)))
          (local.set $z1 (f64x2.add (f64x2.sub (f64x2.mul (local.get $b1) (local.get $x)) (f64x2.mul (local.get $a1) (local.get $y1))) (local.get $z2)))
          (local.set $z2 (f64x2.sub (f64x2.mul (local.get $b2) (local.get $x)) (f64x2.mul (local.get $a2) (local.get $y1))))
          (local.set $y2 (f64x2.add (local.get $y1) (local.get $w1)))
          (local.set $w1 (f64x2.add (f64x2.sub (f64x2.mul (f64x2.splat (f64.const -2)) (local.get $y1)) (f64x2.mul (local.get $c1) (local.get $y2))) (local.get $w2)))
          (local.set $w2 (f64x2.sub (local.get $y1) (f64x2.mul (local.get $c2) (local.get $y2))))
          (local.set $e (f64x2.add (local.get $e) (f64x2.mul (local.get $y2) (local.get $y2))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $frame (i32.lt_u (local.get $i) (local.get $stop))))
        (if (i32.eq (local.get $filled) (local.get $sub))
          (then
            (f64.store (i32.add (local.get $out) (i32.shl (local.get $done) (i32.const 3)))
              (f64.add (f64x2.extract_lane 0 (local.get $e)) (f64x2.extract_lane 1 (local.get $e))))
            (local.set $done (i32.add (local.get $done) (i32.const 1)))
            (local.set $e (v128.const i64x2 0 0))
            (local.set $filled (i32.const 0))
            ;; WebAssembly computes subnormals exactly, and slowly: a state decaying in silence is
            ;; set to zero long before it gets there (10 ms at a time, it cannot fall from 1e-30
            ;; to 1e-308)
            (local.set $z1 (call $flush (local.get $z1)))
            (local.set $z2 (call $flush (local.get $z2)))
            (local.set $w1 (call $flush (local.get $w1)))
            (local.set $w2 (call $flush (local.get $w2)))))
        (br $subblock)))
    (v128.store offset=112 (local.get $m) (local.get $z1))
    (v128.store offset=128 (local.get $m) (local.get $z2))
    (v128.store offset=144 (local.get $m) (local.get $w1))
    (v128.store offset=160 (local.get $m) (local.get $w2))
    (v128.store offset=176 (local.get $m) (local.get $e))
    (v128.store offset=192 (local.get $m) (local.get $pk))
    (i32.store offset=212 (local.get $m) (local.get $filled))
    ;; An interpolated value at or under the largest sample changes nothing (the true peak is the
    ;; larger of the two): the search starts from there.
    (f32.store offset=216 (local.get $m)
      (call $truePeak (local.get $hl) (local.get $hr) (local.get $count) (i32.add (local.get $m) (i32.const 256))
        (f32.max (f32.load offset=216 (local.get $m))
          (f32.demote_f64 (f64.max (f64x2.extract_lane 0 (local.get $pk)) (f64x2.extract_lane 1 (local.get $pk)))))))
    ;; the last 11 samples are the next call's history
    (memory.copy (local.get $hl) (i32.add (local.get $hl) (i32.shl (local.get $count) (i32.const 2))) (i32.const 44))
    (memory.copy (local.get $hr) (i32.add (local.get $hr) (i32.shl (local.get $count) (i32.const 2))) (i32.const 44))
    (local.get $done))

  ;; `count` samples from $src (float32 when $narrow, else float64) as float32 at $dst + 44,
  ;; after the 11 kept there.
  (func $history (param $src i32) (param $dst i32) (param $narrow i32) (param $count i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $count) (i32.const 2))))
    (if (local.get $narrow)
      (then (memory.copy (i32.add (local.get $dst) (i32.const 44)) (local.get $src) (i32.shl (local.get $count) (i32.const 2))))
      (else
        (block $done
          (loop $sample
            (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
            (f32.store offset=44 (local.get $dst) (f32.demote_f64 (f64.load (local.get $src))))
            (local.set $src (i32.add (local.get $src) (i32.const 8)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
            (br $sample))))))

  (func $flush (param $v v128) (result v128)
    (v128.andnot (local.get $v) (f64x2.lt (f64x2.abs (local.get $v)) (f64x2.splat (f64.const 1e-30)))))

;; The largest of $peak and the magnitudes the interpolator gives for the `count` windows of 12
  ;; samples from $hl and $hr on. Windows are taken 8 at a time, and skipped when the largest
  ;; input they read times 2.03 (loudness/filters.ts, TRUE_PEAK_BOUND) is no more than $peak: no
  ;; value of theirs can then exceed it. The peak is the same as with every window computed.
  ;; The taps stay in locals and each window's sums are written out, as $interpolate adds them.
  (func $truePeak (param $hl i32) (param $hr i32) (param $count i32) (param $taps i32) (param $peak f32) (result f32)
    (local $j i32) (local $stop i32) (local $at i32) (local $top v128) (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128) (local $t4 v128) (local $t5 v128) (local $t6 v128) (local $t7 v128) (local $t8 v128) (local $t9 v128) (local $t10 v128) (local $t11 v128)
    (local.set $t0 (v128.load offset=0 (local.get $taps)))
    (local.set $t1 (v128.load offset=16 (local.get $taps)))
    (local.set $t2 (v128.load offset=32 (local.get $taps)))
    (local.set $t3 (v128.load offset=48 (local.get $taps)))
    (local.set $t4 (v128.load offset=64 (local.get $taps)))
    (local.set $t5 (v128.load offset=80 (local.get $taps)))
    (local.set $t6 (v128.load offset=96 (local.get $taps)))
    (local.set $t7 (v128.load offset=112 (local.get $taps)))
    (local.set $t8 (v128.load offset=128 (local.get $taps)))
    (local.set $t9 (v128.load offset=144 (local.get $taps)))
    (local.set $t10 (v128.load offset=160 (local.get $taps)))
    (local.set $t11 (v128.load offset=176 (local.get $taps)))
    (local.set $top (f32x4.splat (local.get $peak)))
    (block $all
      (loop $block
        (br_if $all (i32.ge_u (local.get $j) (local.get $count)))
        (local.set $stop (i32.add (local.get $j) (i32.const 8)))
        (if (i32.gt_u (local.get $stop) (local.get $count))
          (then (local.set $stop (local.get $count)))
          (else
            ;; the 19 inputs of these 8 windows (and one more), both channels
            (if (f32.le
                  (f32.mul (call $hmax (f32x4.max
                    (call $largest (i32.add (local.get $hl) (i32.shl (local.get $j) (i32.const 2))))
                    (call $largest (i32.add (local.get $hr) (i32.shl (local.get $j) (i32.const 2))))))
                    (f32.const 2.03))
                  (call $hmax (local.get $top)))
              (then (local.set $j (local.get $stop))))))
        (block $windows
          (loop $window
            (br_if $windows (i32.ge_u (local.get $j) (local.get $stop)))
            (local.set $at (i32.add (local.get $hl) (i32.shl (local.get $j) (i32.const 2))))
            (local.set $top (f32x4.max (local.get $top) (f32x4.abs
              (f32x4.add (f32x4.add (f32x4.add (f32x4.add (f32x4.add (f32x4.add (f32x4.add (f32x4.add (f32x4.add (f32x4.add (f32x4.add (f32x4.mul (local.get $t0) (v128.load32_splat offset=44 (local.get $at)))
              (f32x4.mul (local.get $t1) (v128.load32_splat offset=40 (local.get $at))))
              (f32x4.mul (local.get $t2) (v128.load32_splat offset=36 (local.get $at))))
              (f32x4.mul (local.get $t3) (v128.load32_splat offset=32 (local.get $at))))
              (f32x4.mul (local.get $t4) (v128.load32_splat offset=28 (local.get $at))))
              (f32x4.mul (local.get $t5) (v128.load32_splat offset=24 (local.get $at))))
              (f32x4.mul (local.get $t6) (v128.load32_splat offset=20 (local.get $at))))
              (f32x4.mul (local.get $t7) (v128.load32_splat offset=16 (local.get $at))))
              (f32x4.mul (local.get $t8) (v128.load32_splat offset=12 (local.get $at))))
              (f32x4.mul (local.get $t9) (v128.load32_splat offset=8 (local.get $at))))
              (f32x4.mul (local.get $t10) (v128.load32_splat offset=4 (local.get $at))))
              (f32x4.mul (local.get $t11) (v128.load32_splat offset=0 (local.get $at)))))))
            (local.set $at (i32.add (local.get $hr) (i32.shl (local.get $j) (i32.const 2))))
            (local.set $top (f32x4.max (local.get $top) (f32x4.abs
              (f32x4.add (f32x4.add (f32x4.add (f32x4.add (f32x4.add (f32x4.add (f32x4.add (f32x4.add (f32x4.add (f32x4.add (f32x4.add (f32x4.mul (local.get $t0) (v128.load32_splat offset=44 (local.get $at)))
              (f32x4.mul (local.get $t1) (v128.load32_splat offset=40 (local.get $at))))
              (f32x4.mul (local.get $t2) (v128.load32_splat offset=36 (local.get $at))))
              (f32x4.mul (local.get $t3) (v128.load32_splat offset=32 (local.get $at))))
              (f32x4.mul (local.get $t4) (v128.load32_splat offset=28 (local.get $at))))
              (f32x4.mul (local.get $t5) (v128.load32_splat offset=24 (local.get $at))))
              (f32x4.mul (local.get $t6) (v128.load32_splat offset=20 (local.get $at))))
              (f32x4.mul (local.get $t7) (v128.load32_splat offset=16 (local.get $at))))
              (f32x4.mul (local.get $t8) (v128.load32_splat offset=12 (local.get $at))))
              (f32x4.mul (local.get $t9) (v128.load32_splat offset=8 (local.get $at))))
              (f32x4.mul (local.get $t10) (v128.load32_splat offset=4 (local.get $at))))
              (f32x4.mul (local.get $t11) (v128.load32_splat offset=0 (local.get $at)))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $window)))
        (br $block)))
    (call $hmax (local.get $top)))

  ;; The lane-wise largest magnitudes of the 20 float32 samples from $at on.
  (func $largest (param $at i32) (result v128)
    (f32x4.max
      (f32x4.max (f32x4.max (f32x4.abs (v128.load offset=0 (local.get $at))) (f32x4.abs (v128.load offset=16 (local.get $at))))
                 (f32x4.max (f32x4.abs (v128.load offset=32 (local.get $at))) (f32x4.abs (v128.load offset=48 (local.get $at)))))
      (f32x4.abs (v128.load offset=64 (local.get $at)))))

  (func $hmax (param $v v128) (result f32)
    (f32.max (f32.max (f32x4.extract_lane 0 (local.get $v)) (f32x4.extract_lane 1 (local.get $v)))
             (f32.max (f32x4.extract_lane 2 (local.get $v)) (f32x4.extract_lane 3 (local.get $v)))))

  ;; The four phases' values for the 12 samples from $x on: the sum over k = 0 .. 11, in order,
  ;; of tap k times the sample k before the newest, in float32.
  (func $interpolate (param $x i32) (param $taps i32) (result v128)
    (local $acc v128)
    (local.set $acc (f32x4.mul (v128.load offset=0 (local.get $taps)) (v128.load32_splat offset=44 (local.get $x))))
    (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (v128.load offset=16 (local.get $taps)) (v128.load32_splat offset=40 (local.get $x)))))
    (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (v128.load offset=32 (local.get $taps)) (v128.load32_splat offset=36 (local.get $x)))))
    (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (v128.load offset=48 (local.get $taps)) (v128.load32_splat offset=32 (local.get $x)))))
    (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (v128.load offset=64 (local.get $taps)) (v128.load32_splat offset=28 (local.get $x)))))
    (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (v128.load offset=80 (local.get $taps)) (v128.load32_splat offset=24 (local.get $x)))))
    (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (v128.load offset=96 (local.get $taps)) (v128.load32_splat offset=20 (local.get $x)))))
    (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (v128.load offset=112 (local.get $taps)) (v128.load32_splat offset=16 (local.get $x)))))
    (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (v128.load offset=128 (local.get $taps)) (v128.load32_splat offset=12 (local.get $x)))))
    (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (v128.load offset=144 (local.get $taps)) (v128.load32_splat offset=8 (local.get $x)))))
    (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (v128.load offset=160 (local.get $taps)) (v128.load32_splat offset=4 (local.get $x)))))
    (f32x4.add (local.get $acc) (f32x4.mul (v128.load offset=176 (local.get $taps)) (v128.load32_splat offset=0 (local.get $x)))))

  ;; ------------------------------------------------------------------ the limiter

  ;; A stereo-linked true-peak limiter with lookahead (loudness/limiter.ts). The signal times
  ;; $gain, s, is delayed by D = W + 11 frames while the gain it needs is found; for frame n:
  ;;   d  the largest of |s[n - 6]| and the interpolator's values over s[n - 11 .. n], both
  ;;      channels (skipped while no |s| of the window exceeds ceiling / 2.03: d cannot then
  ;;      exceed the ceiling)
  ;;   r  1 where d is at most the ceiling, else ceiling / d, but never below the floor
  ;;   t  the least r of the last W + 12 frames (a queue of rising values)
  ;;   a  the mean of the last W values of t, so the gain ramps down over W frames and holds
  ;;      r over the 12 samples the peak is interpolated from
  ;;   g  a when it is lower than the gain before; else the gain before, moving toward a by the
  ;;      release coefficient (reaching it when less than 1e-9 away)
  ;; and frame n - D leaves as s[n - D] × g, in float64. State at $s:
  ;;     0 f64 gain, 8 ceiling, 16 floor, 24 release coefficient, 32 ceiling / 2.03, 40 g,
  ;;    48 f64 the sum of the attack window
  ;;    56 i32 W; 60 frames taken so far (n); 64 the last frame louder than ceiling / 2.03;
  ;;    68 values of the attack window below 1; 72 queue front; 76 queue length; 80 attack
  ;;       window position
  ;;    84 i32 addresses: left and right audio (float64: D frames of history, then the new),
  ;;    92 left and right detector input (float32: 11 of history, then the new), 100 queue
  ;;       values (f64, W + 12), 104 their frame numbers (i32, W + 12), 108 attack window (f64, W)
  ;;   112 the interpolator's taps, as the meter's
  ;; Writes `count` frames to $outL and $outR: the first D a stream gives are its history's
  ;; silence, and it ends after D more frames of silence are given.
  (func (export "limit")
    (param $l i32) (param $r i32) (param $narrow i32) (param $count i32) (param $outL i32) (param $outR i32) (param $s i32)
    (local $i i32) (local $n i32) (local $w i32) (local $hold i32) (local $delay i32) (local $loud i32)
    (local $below i32) (local $front i32) (local $length i32) (local $pos i32) (local $at i32)
    (local $al i32) (local $ar i32) (local $dl i32) (local $dr i32) (local $values i32) (local $frames i32) (local $window i32)
    (local $gain f64) (local $ceiling f64) (local $floor f64) (local $release f64) (local $quiet f64) (local $g f64) (local $sum f64)
    (local $xl f64) (local $xr f64) (local $d f64) (local $v f64) (local $t f64) (local $old f64) (local $a f64)
    (local.set $gain (f64.load offset=0 (local.get $s)))
    (local.set $ceiling (f64.load offset=8 (local.get $s)))
    (local.set $floor (f64.load offset=16 (local.get $s)))
    (local.set $release (f64.load offset=24 (local.get $s)))
    (local.set $quiet (f64.load offset=32 (local.get $s)))
    (local.set $g (f64.load offset=40 (local.get $s)))
    (local.set $sum (f64.load offset=48 (local.get $s)))
    (local.set $w (i32.load offset=56 (local.get $s)))
    (local.set $hold (i32.add (local.get $w) (i32.const 12)))
    (local.set $delay (i32.add (local.get $w) (i32.const 11)))
    (local.set $n (i32.load offset=60 (local.get $s)))
    (local.set $loud (i32.load offset=64 (local.get $s)))
    (local.set $below (i32.load offset=68 (local.get $s)))
    (local.set $front (i32.load offset=72 (local.get $s)))
    (local.set $length (i32.load offset=76 (local.get $s)))
    (local.set $pos (i32.load offset=80 (local.get $s)))
    (local.set $al (i32.load offset=84 (local.get $s)))
    (local.set $ar (i32.load offset=88 (local.get $s)))
    (local.set $dl (i32.load offset=92 (local.get $s)))
    (local.set $dr (i32.load offset=96 (local.get $s)))
    (local.set $values (i32.load offset=100 (local.get $s)))
    (local.set $frames (i32.load offset=104 (local.get $s)))
    (local.set $window (i32.load offset=108 (local.get $s)))
    ;; the new frames, gained, after the history
    (block $stored
      (loop $store
        (br_if $stored (i32.ge_u (local.get $i) (local.get $count)))
        (if (local.get $narrow)
          (then
            (local.set $xl (f64.promote_f32 (f32.load (i32.add (local.get $l) (i32.shl (local.get $i) (i32.const 2))))))
            (local.set $xr (f64.promote_f32 (f32.load (i32.add (local.get $r) (i32.shl (local.get $i) (i32.const 2)))))))
          (else
            (local.set $xl (f64.load (i32.add (local.get $l) (i32.shl (local.get $i) (i32.const 3)))))
            (local.set $xr (f64.load (i32.add (local.get $r) (i32.shl (local.get $i) (i32.const 3)))))))
        (local.set $xl (f64.mul (local.get $xl) (local.get $gain)))
        (local.set $xr (f64.mul (local.get $xr) (local.get $gain)))
        (local.set $at (i32.shl (i32.add (local.get $delay) (local.get $i)) (i32.const 3)))
        (f64.store (i32.add (local.get $al) (local.get $at)) (local.get $xl))
        (f64.store (i32.add (local.get $ar) (local.get $at)) (local.get $xr))
        (local.set $at (i32.shl (i32.add (i32.const 11) (local.get $i)) (i32.const 2)))
        (f32.store (i32.add (local.get $dl) (local.get $at)) (f32.demote_f64 (local.get $xl)))
        (f32.store (i32.add (local.get $dr) (local.get $at)) (f32.demote_f64 (local.get $xr)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $store)))
    (local.set $i (i32.const 0))
    (block $done
      (loop $frame
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        ;; d, and from it r (in $v)
        (local.set $at (i32.add (local.get $dl) (i32.shl (local.get $i) (i32.const 2))))
        (if (i32.or
              (f64.gt (f64.abs (f64.promote_f32 (f32.load offset=44 (local.get $at)))) (local.get $quiet))
              (f64.gt (f64.abs (f64.promote_f32 (f32.load offset=44 (i32.add (local.get $dr) (i32.shl (local.get $i) (i32.const 2)))))) (local.get $quiet)))
          (then (local.set $loud (local.get $n))))
        (local.set $v (f64.const 1))
        (if (i32.le_s (i32.sub (local.get $n) (local.get $loud)) (i32.const 11))
          (then
            (local.set $d (f64.promote_f32 (f32.max
              (f32.max (f32.abs (f32.load offset=20 (local.get $at))) (f32.abs (f32.load offset=20 (i32.add (local.get $dr) (i32.shl (local.get $i) (i32.const 2))))))
              (f32.max
                (call $hmax (f32x4.abs (call $interpolate (local.get $at) (i32.add (local.get $s) (i32.const 112)))))
                (call $hmax (f32x4.abs (call $interpolate (i32.add (local.get $dr) (i32.shl (local.get $i) (i32.const 2))) (i32.add (local.get $s) (i32.const 112)))))))))
            (if (f64.gt (local.get $d) (local.get $ceiling))
              (then (local.set $v (f64.max (local.get $floor) (f64.div (local.get $ceiling) (local.get $d))))))))
        ;; t: the queue drops the frame that left the hold window and the values r undercuts
        (if (i32.gt_u (local.get $length) (i32.const 0))
          (then
            (if (i32.le_s (i32.load (i32.add (local.get $frames) (i32.shl (local.get $front) (i32.const 2)))) (i32.sub (local.get $n) (local.get $hold)))
              (then
                (local.set $front (i32.add (local.get $front) (i32.const 1)))
                (if (i32.eq (local.get $front) (local.get $hold)) (then (local.set $front (i32.const 0))))
                (local.set $length (i32.sub (local.get $length) (i32.const 1)))))))
        (block $kept
          (loop $undercut
            (br_if $kept (i32.eqz (local.get $length)))
            (local.set $at (i32.add (local.get $front) (i32.sub (local.get $length) (i32.const 1))))
            (if (i32.ge_u (local.get $at) (local.get $hold)) (then (local.set $at (i32.sub (local.get $at) (local.get $hold)))))
            (br_if $kept (f64.lt (f64.load (i32.add (local.get $values) (i32.shl (local.get $at) (i32.const 3)))) (local.get $v)))
            (local.set $length (i32.sub (local.get $length) (i32.const 1)))
            (br $undercut)))
        (local.set $at (i32.add (local.get $front) (local.get $length)))
        (if (i32.ge_u (local.get $at) (local.get $hold)) (then (local.set $at (i32.sub (local.get $at) (local.get $hold)))))
        (f64.store (i32.add (local.get $values) (i32.shl (local.get $at) (i32.const 3))) (local.get $v))
        (i32.store (i32.add (local.get $frames) (i32.shl (local.get $at) (i32.const 2))) (local.get $n))
        (local.set $length (i32.add (local.get $length) (i32.const 1)))
        (local.set $t (f64.load (i32.add (local.get $values) (i32.shl (local.get $front) (i32.const 3)))))
        ;; a: the attack window's mean, exactly 1 when all of it is
        (local.set $at (i32.add (local.get $window) (i32.shl (local.get $pos) (i32.const 3))))
        (local.set $old (f64.load (local.get $at)))
        (f64.store (local.get $at) (local.get $t))
        (local.set $pos (i32.add (local.get $pos) (i32.const 1)))
        (if (i32.eq (local.get $pos) (local.get $w)) (then (local.set $pos (i32.const 0))))
        (local.set $below (i32.sub (i32.add (local.get $below) (f64.lt (local.get $t) (f64.const 1))) (f64.lt (local.get $old) (f64.const 1))))
        (local.set $sum (f64.sub (f64.add (local.get $sum) (local.get $t)) (local.get $old)))
        (if (i32.eqz (local.get $below)) (then (local.set $sum (f64.convert_i32_u (local.get $w)))))
        (local.set $a (f64.div (local.get $sum) (f64.convert_i32_u (local.get $w))))
        ;; g
        (if (f64.le (local.get $a) (local.get $g))
          (then (local.set $g (local.get $a)))
          (else
            (local.set $g (f64.add (local.get $g) (f64.mul (f64.sub (local.get $a) (local.get $g)) (local.get $release))))
            (if (f64.lt (f64.sub (local.get $a) (local.get $g)) (f64.const 1e-9)) (then (local.set $g (local.get $a))))))
        (local.set $at (i32.shl (local.get $i) (i32.const 3)))
        (f64.store (i32.add (local.get $outL) (local.get $at)) (f64.mul (f64.load (i32.add (local.get $al) (local.get $at))) (local.get $g)))
        (f64.store (i32.add (local.get $outR) (local.get $at)) (f64.mul (f64.load (i32.add (local.get $ar) (local.get $at))) (local.get $g)))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $frame)))
    ;; the last D frames of audio and 11 of detector input are the next call's history
    (memory.copy (local.get $al) (i32.add (local.get $al) (i32.shl (local.get $count) (i32.const 3))) (i32.shl (local.get $delay) (i32.const 3)))
    (memory.copy (local.get $ar) (i32.add (local.get $ar) (i32.shl (local.get $count) (i32.const 3))) (i32.shl (local.get $delay) (i32.const 3)))
    (memory.copy (local.get $dl) (i32.add (local.get $dl) (i32.shl (local.get $count) (i32.const 2))) (i32.const 44))
    (memory.copy (local.get $dr) (i32.add (local.get $dr) (i32.shl (local.get $count) (i32.const 2))) (i32.const 44))
    (f64.store offset=40 (local.get $s) (local.get $g))
    (f64.store offset=48 (local.get $s) (local.get $sum))
    (i32.store offset=60 (local.get $s) (local.get $n))
    (i32.store offset=64 (local.get $s) (local.get $loud))
    (i32.store offset=68 (local.get $s) (local.get $below))
    (i32.store offset=72 (local.get $s) (local.get $front))
    (i32.store offset=76 (local.get $s) (local.get $length))
    (i32.store offset=80 (local.get $s) (local.get $pos))))
