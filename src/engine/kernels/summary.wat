;; One pass of tensor statistics with WebAssembly SIMD (f64x2), for the tracer's summaries of every
;; op output and gradient. Assembled by scripts/buildWasm.mjs into summaryWasm.generated.ts; driven
;; by summary.ts.
;;
;; summary: over n float64 at $p, with d = x − shift: Σd, Σd², Σx², min, max and the count of zeros,
;; stored as six f64 at byte 0, and, when $tab is not 0, the histogram in the same pass. Four streams (elements i mod 4) accumulate separately and are added
;; at the end, so sums may differ from a left-to-right loop in the last bits. min/max use pmin/pmax
;; (b < a ? b : a), the same rule as `v < min ? v : min`; NaN never replaces a value, and a NaN or
;; ±Inf shows in Σd² or Σx² (which the caller checks).
;;
;; The histogram adds 1 to the i32 bin of each element in one of four bin sets of 256 from $bins
;; (element i into set i mod 4, so runs of elements in one bin do not wait on each other's increment;
;; the caller adds the sets up): slot = SLOT[top] for the top 15 bits of the element (sign dropped); where SLOT says 255 (a bucket split by a decade edge), the slot is
;; LOW[top] or, when |x| ≥ EDGE[top], HIGH[top]. Tables: SLOT u8[32768] at $tab, then LOW u8[32768],
;; HIGH u8[32768], EDGE f64[32768].
;;
;; All addresses are byte offsets into the exported memory.
(module
  (memory (export "memory") 1)

  (func (export "summary") (param $p i32) (param $n i32) (param $shift f64) (param $tab i32) (param $bins i32)
    (local $end i32) (local $vs v128) (local $zero v128)
    (local $s0 v128) (local $s1 v128) (local $q0 v128) (local $q1 v128) (local $r0 v128) (local $r1 v128)
    (local $mn v128) (local $mx v128) (local $z v128)
    (local $v v128) (local $w v128) (local $d v128) (local $e v128)
    (local $s f64) (local $q f64) (local $r f64) (local $lo f64) (local $hi f64) (local $zc i64)
    (local $x f64) (local $dx f64)
    (local $top0 i32) (local $top1 i32) (local $top2 i32) (local $top3 i32)
    (local $slot0 i32) (local $slot1 i32) (local $slot2 i32) (local $slot3 i32)
    (local.set $vs (f64x2.splat (local.get $shift)))
    (local.set $mn (f64x2.splat (f64.const inf)))
    (local.set $mx (f64x2.splat (f64.const -inf)))
    ;; Four elements per iteration: two vectors, two sets of accumulators.
    (local.set $end (i32.add (local.get $p) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 3))))
    ;; Two loops with the same moment updates, without and with the histogram (a test in the loop
    ;; would slow the moments down by half).
    (if (i32.eqz (local.get $tab))
      (then
        (block $done
          (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
          (loop $quad
            (local.set $v (v128.load (local.get $p)))
            (local.set $w (v128.load offset=16 (local.get $p)))
            (local.set $d (f64x2.sub (local.get $v) (local.get $vs)))
            (local.set $e (f64x2.sub (local.get $w) (local.get $vs)))
            (local.set $s0 (f64x2.add (local.get $s0) (local.get $d)))
            (local.set $s1 (f64x2.add (local.get $s1) (local.get $e)))
            (local.set $q0 (f64x2.add (local.get $q0) (f64x2.mul (local.get $d) (local.get $d))))
            (local.set $q1 (f64x2.add (local.get $q1) (f64x2.mul (local.get $e) (local.get $e))))
            (local.set $r0 (f64x2.add (local.get $r0) (f64x2.mul (local.get $v) (local.get $v))))
            (local.set $r1 (f64x2.add (local.get $r1) (f64x2.mul (local.get $w) (local.get $w))))
            (local.set $mn (f64x2.pmin (f64x2.pmin (local.get $mn) (local.get $v)) (local.get $w)))
            (local.set $mx (f64x2.pmax (f64x2.pmax (local.get $mx) (local.get $v)) (local.get $w)))
            ;; f64x2.eq gives all ones (−1 as i64) per equal lane: subtracting counts the zeros.
            (local.set $z (i64x2.sub (i64x2.sub (local.get $z)
              (f64x2.eq (local.get $v) (local.get $zero))) (f64x2.eq (local.get $w) (local.get $zero))))
            (local.set $p (i32.add (local.get $p) (i32.const 32)))
            (br_if $quad (i32.lt_u (local.get $p) (local.get $end))))))
      (else
        (block $doneHist
          (br_if $doneHist (i32.ge_u (local.get $p) (local.get $end)))
          (loop $quadHist
            (local.set $v (v128.load (local.get $p)))
            (local.set $w (v128.load offset=16 (local.get $p)))
            (local.set $d (f64x2.sub (local.get $v) (local.get $vs)))
            (local.set $e (f64x2.sub (local.get $w) (local.get $vs)))
            (local.set $s0 (f64x2.add (local.get $s0) (local.get $d)))
            (local.set $s1 (f64x2.add (local.get $s1) (local.get $e)))
            (local.set $q0 (f64x2.add (local.get $q0) (f64x2.mul (local.get $d) (local.get $d))))
            (local.set $q1 (f64x2.add (local.get $q1) (f64x2.mul (local.get $e) (local.get $e))))
            (local.set $r0 (f64x2.add (local.get $r0) (f64x2.mul (local.get $v) (local.get $v))))
            (local.set $r1 (f64x2.add (local.get $r1) (f64x2.mul (local.get $w) (local.get $w))))
            (local.set $mn (f64x2.pmin (f64x2.pmin (local.get $mn) (local.get $v)) (local.get $w)))
            (local.set $mx (f64x2.pmax (f64x2.pmax (local.get $mx) (local.get $v)) (local.get $w)))
            ;; f64x2.eq gives all ones (−1 as i64) per equal lane: subtracting counts the zeros.
            (local.set $z (i64x2.sub (i64x2.sub (local.get $z)
              (f64x2.eq (local.get $v) (local.get $zero))) (f64x2.eq (local.get $w) (local.get $zero))))
            ;; Element i into bin set i mod 4.
            (local.set $top0 (i32.and (i32.shr_u (i32.load offset=4 (local.get $p)) (i32.const 16)) (i32.const 0x7fff)))
            (local.set $slot0 (i32.load8_u (i32.add (local.get $tab) (local.get $top0))))
            (if (i32.eq (local.get $slot0) (i32.const 255))
              (then (local.set $slot0 (call $split (f64.load offset=0 (local.get $p)) (local.get $tab) (local.get $top0)))))
            (local.set $slot0 (i32.add (local.get $bins) (i32.shl (local.get $slot0) (i32.const 2))))
            (i32.store (local.get $slot0) (i32.add (i32.load (local.get $slot0)) (i32.const 1)))
            (local.set $top1 (i32.and (i32.shr_u (i32.load offset=12 (local.get $p)) (i32.const 16)) (i32.const 0x7fff)))
            (local.set $slot1 (i32.load8_u (i32.add (local.get $tab) (local.get $top1))))
            (if (i32.eq (local.get $slot1) (i32.const 255))
              (then (local.set $slot1 (call $split (f64.load offset=8 (local.get $p)) (local.get $tab) (local.get $top1)))))
            (local.set $slot1 (i32.add (i32.add (local.get $bins) (i32.const 1024)) (i32.shl (local.get $slot1) (i32.const 2))))
            (i32.store (local.get $slot1) (i32.add (i32.load (local.get $slot1)) (i32.const 1)))
            (local.set $top2 (i32.and (i32.shr_u (i32.load offset=20 (local.get $p)) (i32.const 16)) (i32.const 0x7fff)))
            (local.set $slot2 (i32.load8_u (i32.add (local.get $tab) (local.get $top2))))
            (if (i32.eq (local.get $slot2) (i32.const 255))
              (then (local.set $slot2 (call $split (f64.load offset=16 (local.get $p)) (local.get $tab) (local.get $top2)))))
            (local.set $slot2 (i32.add (i32.add (local.get $bins) (i32.const 2048)) (i32.shl (local.get $slot2) (i32.const 2))))
            (i32.store (local.get $slot2) (i32.add (i32.load (local.get $slot2)) (i32.const 1)))
            (local.set $top3 (i32.and (i32.shr_u (i32.load offset=28 (local.get $p)) (i32.const 16)) (i32.const 0x7fff)))
            (local.set $slot3 (i32.load8_u (i32.add (local.get $tab) (local.get $top3))))
            (if (i32.eq (local.get $slot3) (i32.const 255))
              (then (local.set $slot3 (call $split (f64.load offset=24 (local.get $p)) (local.get $tab) (local.get $top3)))))
            (local.set $slot3 (i32.add (i32.add (local.get $bins) (i32.const 3072)) (i32.shl (local.get $slot3) (i32.const 2))))
            (i32.store (local.get $slot3) (i32.add (i32.load (local.get $slot3)) (i32.const 1)))
            (local.set $p (i32.add (local.get $p) (i32.const 32)))
            (br_if $quadHist (i32.lt_u (local.get $p) (local.get $end)))))))
    (local.set $s0 (f64x2.add (local.get $s0) (local.get $s1)))
    (local.set $q0 (f64x2.add (local.get $q0) (local.get $q1)))
    (local.set $r0 (f64x2.add (local.get $r0) (local.get $r1)))
    (local.set $s (f64.add (f64x2.extract_lane 0 (local.get $s0)) (f64x2.extract_lane 1 (local.get $s0))))
    (local.set $q (f64.add (f64x2.extract_lane 0 (local.get $q0)) (f64x2.extract_lane 1 (local.get $q0))))
    (local.set $r (f64.add (f64x2.extract_lane 0 (local.get $r0)) (f64x2.extract_lane 1 (local.get $r0))))
    (local.set $lo (f64x2.extract_lane 0 (local.get $mn)))
    (local.set $x (f64x2.extract_lane 1 (local.get $mn)))
    (if (f64.lt (local.get $x) (local.get $lo)) (then (local.set $lo (local.get $x))))
    (local.set $hi (f64x2.extract_lane 0 (local.get $mx)))
    (local.set $x (f64x2.extract_lane 1 (local.get $mx)))
    (if (f64.gt (local.get $x) (local.get $hi)) (then (local.set $hi (local.get $x))))
    (local.set $zc (i64.add (i64x2.extract_lane 0 (local.get $z)) (i64x2.extract_lane 1 (local.get $z))))
    ;; The last n mod 4 elements, one at a time.
    (local.set $end (i32.add (local.get $end) (i32.shl (i32.and (local.get $n) (i32.const 3)) (i32.const 3))))
    (block $tailDone
      (br_if $tailDone (i32.ge_u (local.get $p) (local.get $end)))
      (loop $tail
        (local.set $x (f64.load (local.get $p)))
        (local.set $dx (f64.sub (local.get $x) (local.get $shift)))
        (local.set $s (f64.add (local.get $s) (local.get $dx)))
        (local.set $q (f64.add (local.get $q) (f64.mul (local.get $dx) (local.get $dx))))
        (local.set $r (f64.add (local.get $r) (f64.mul (local.get $x) (local.get $x))))
        (if (f64.lt (local.get $x) (local.get $lo)) (then (local.set $lo (local.get $x))))
        (if (f64.gt (local.get $x) (local.get $hi)) (then (local.set $hi (local.get $x))))
        (local.set $zc (i64.add (local.get $zc) (i64.extend_i32_u (f64.eq (local.get $x) (f64.const 0)))))
        (if (local.get $tab)
          (then
            (local.set $top0 (i32.and (i32.shr_u (i32.load offset=4 (local.get $p)) (i32.const 16)) (i32.const 0x7fff)))
            (local.set $slot0 (i32.load8_u (i32.add (local.get $tab) (local.get $top0))))
            (if (i32.eq (local.get $slot0) (i32.const 255))
              (then (local.set $slot0 (call $split (f64.load offset=0 (local.get $p)) (local.get $tab) (local.get $top0)))))
            (local.set $slot0 (i32.add (local.get $bins) (i32.shl (local.get $slot0) (i32.const 2))))
            (i32.store (local.get $slot0) (i32.add (i32.load (local.get $slot0)) (i32.const 1)))
          ))
        (local.set $p (i32.add (local.get $p) (i32.const 8)))
        (br_if $tail (i32.lt_u (local.get $p) (local.get $end)))))
    (f64.store offset=0 (i32.const 0) (local.get $s))
    (f64.store offset=8 (i32.const 0) (local.get $q))
    (f64.store offset=16 (i32.const 0) (local.get $r))
    (f64.store offset=24 (i32.const 0) (local.get $lo))
    (f64.store offset=32 (i32.const 0) (local.get $hi))
    (f64.store offset=40 (i32.const 0) (f64.convert_i64_u (local.get $zc))))

  ;; The slot of an element whose top bits fall in a bucket split by a decade edge (rare: a call).
  (func $split (param $x f64) (param $tab i32) (param $top i32) (result i32)
    (if (result i32)
      (f64.ge (f64.abs (local.get $x))
        (f64.load offset=98304 (i32.add (local.get $tab) (i32.shl (local.get $top) (i32.const 3)))))
      (then (i32.load8_u offset=65536 (i32.add (local.get $tab) (local.get $top))))
      (else (i32.load8_u offset=32768 (i32.add (local.get $tab) (local.get $top))))))
)
