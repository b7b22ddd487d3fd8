;; The resampler's inner loop: for each output frame, the dot product of one polyphase branch of
;; the filter with the newest input samples, for two channels at once, four taps per step
;; (WebAssembly SIMD, f32x4). Assembled into fir.wasm by `npm run build`.
(module
  (memory (export "memory") 1)
  (func (export "run")
    (param $count i32) (param $n0 i64) (param $down i64) (param $up i64) (param $centre i64)
    (param $start i64) (param $taps i32) (param $coef i32) (param $xl i32) (param $xr i32)
    (param $yl i32) (param $yr i32)
    (local $k i32) (local $j i64) (local $phase i64) (local $c i32) (local $pl i32) (local $pr i32)
    (local $m i32) (local $bytes i32) (local $cv v128) (local $accl v128) (local $accr v128)
    (local.set $bytes (i32.shl (local.get $taps) (i32.const 2)))
    (block $done
      (loop $frames
        (br_if $done (i32.ge_u (local.get $k) (local.get $count)))
        ;; j = (n0 + k) * down + centre; phase = j mod up; newest = j div up - start
        (local.set $j (i64.add (i64.mul (i64.add (local.get $n0) (i64.extend_i32_u (local.get $k))) (local.get $down)) (local.get $centre)))
        (local.set $phase (i64.rem_u (local.get $j) (local.get $up)))
        (local.set $c (i32.add (local.get $coef) (i32.mul (i32.wrap_i64 (local.get $phase)) (local.get $bytes))))
        ;; the branch is stored reversed: it pairs with inputs newest - taps + 1 .. newest
        (local.set $pl (i32.shl
          (i32.sub (i32.wrap_i64 (i64.sub (i64.div_u (local.get $j) (local.get $up)) (local.get $start)))
                   (i32.sub (local.get $taps) (i32.const 1)))
          (i32.const 2)))
        (local.set $pr (i32.add (local.get $xr) (local.get $pl)))
        (local.set $pl (i32.add (local.get $xl) (local.get $pl)))
        (local.set $accl (v128.const f32x4 0 0 0 0))
        (local.set $accr (v128.const f32x4 0 0 0 0))
        (local.set $m (i32.const 0))
        (block $dot_done
          (loop $dot
            (br_if $dot_done (i32.ge_u (local.get $m) (local.get $bytes)))
            (local.set $cv (v128.load (i32.add (local.get $c) (local.get $m))))
            (local.set $accl (f32x4.add (local.get $accl) (f32x4.mul (local.get $cv) (v128.load (i32.add (local.get $pl) (local.get $m))))))
            (local.set $accr (f32x4.add (local.get $accr) (f32x4.mul (local.get $cv) (v128.load (i32.add (local.get $pr) (local.get $m))))))
            (local.set $m (i32.add (local.get $m) (i32.const 16)))
            (br $dot)))
        (f32.store (i32.add (local.get $yl) (i32.shl (local.get $k) (i32.const 2)))
          (f32.add (f32.add (f32x4.extract_lane 0 (local.get $accl)) (f32x4.extract_lane 1 (local.get $accl)))
                   (f32.add (f32x4.extract_lane 2 (local.get $accl)) (f32x4.extract_lane 3 (local.get $accl)))))
        (f32.store (i32.add (local.get $yr) (i32.shl (local.get $k) (i32.const 2)))
          (f32.add (f32.add (f32x4.extract_lane 0 (local.get $accr)) (f32x4.extract_lane 1 (local.get $accr)))
                   (f32.add (f32x4.extract_lane 2 (local.get $accr)) (f32x4.extract_lane 3 (local.get $accr)))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $frames)))))
