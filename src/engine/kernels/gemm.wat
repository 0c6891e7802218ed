;; Float64 matrix multiply with WebAssembly SIMD (f64x2): C[M×N] += op(A)·op(B).
;; Assembled by scripts/buildWasm.mjs into gemmWasm.generated.ts; driven by gemm.ts.
;;
;; Layout (GotoBLAS style): for each NC-wide slab of B and each KC-deep slice of K, B is packed
;; into 4-column panels; for each MC-tall block of A, A is packed into 4-row panels; then a 4×4
;; register tile (eight f64x2 accumulators) runs over the slice. Packed panels are zero-padded to
;; multiples of 4, so the micro-kernel never branches on edges inside its loop; edge tiles only
;; write back their valid part. Padding lanes are discarded, so NaN/Inf in real entries still
;; propagate and nothing is skipped. Multiply then add (no fused multiply-add): results are
;; deterministic on every engine.
;;
;; All addresses are byte offsets into the exported memory; strides are in elements (f64).
;; Bytes 0..127 are scratch for edge tiles; gemm.ts lays its buffers out after them.
(module
  (memory (export "memory") 1)

  ;; C tile (mr×nr, row stride ldc elements) += packed A panel (kc×4) · packed B panel (kc×4).
  (func $micro (param $kc i32) (param $pa i32) (param $pb i32) (param $pc i32) (param $ldc i32)
      (param $mr i32) (param $nr i32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $b0 v128) (local $b1 v128) (local $a v128)
    (local $end i32) (local $row i32) (local $i i32) (local $j i32)
    (local.set $end (i32.add (local.get $pb) (i32.shl (local.get $kc) (i32.const 5))))
    (block $done
      (br_if $done (i32.eqz (local.get $kc)))
      (loop $k
        (local.set $b0 (v128.load (local.get $pb)))
        (local.set $b1 (v128.load offset=16 (local.get $pb)))
        (local.set $a (v128.load64_splat (local.get $pa)))
        (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $a) (local.get $b0))))
        (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $a) (local.get $b1))))
        (local.set $a (v128.load64_splat offset=8 (local.get $pa)))
        (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $a) (local.get $b0))))
        (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $a) (local.get $b1))))
        (local.set $a (v128.load64_splat offset=16 (local.get $pa)))
        (local.set $c20 (f64x2.add (local.get $c20) (f64x2.mul (local.get $a) (local.get $b0))))
        (local.set $c21 (f64x2.add (local.get $c21) (f64x2.mul (local.get $a) (local.get $b1))))
        (local.set $a (v128.load64_splat offset=24 (local.get $pa)))
        (local.set $c30 (f64x2.add (local.get $c30) (f64x2.mul (local.get $a) (local.get $b0))))
        (local.set $c31 (f64x2.add (local.get $c31) (f64x2.mul (local.get $a) (local.get $b1))))
        (local.set $pa (i32.add (local.get $pa) (i32.const 32)))
        (local.set $pb (i32.add (local.get $pb) (i32.const 32)))
        (br_if $k (i32.lt_u (local.get $pb) (local.get $end)))))
    ;; Full tile: add the accumulators straight into C.
    (if (i32.and (i32.eq (local.get $mr) (i32.const 4)) (i32.eq (local.get $nr) (i32.const 4)))
      (then
        (local.set $row (local.get $pc))
        (v128.store (local.get $row) (f64x2.add (v128.load (local.get $row)) (local.get $c00)))
        (v128.store offset=16 (local.get $row) (f64x2.add (v128.load offset=16 (local.get $row)) (local.get $c01)))
        (local.set $row (i32.add (local.get $row) (i32.shl (local.get $ldc) (i32.const 3))))
        (v128.store (local.get $row) (f64x2.add (v128.load (local.get $row)) (local.get $c10)))
        (v128.store offset=16 (local.get $row) (f64x2.add (v128.load offset=16 (local.get $row)) (local.get $c11)))
        (local.set $row (i32.add (local.get $row) (i32.shl (local.get $ldc) (i32.const 3))))
        (v128.store (local.get $row) (f64x2.add (v128.load (local.get $row)) (local.get $c20)))
        (v128.store offset=16 (local.get $row) (f64x2.add (v128.load offset=16 (local.get $row)) (local.get $c21)))
        (local.set $row (i32.add (local.get $row) (i32.shl (local.get $ldc) (i32.const 3))))
        (v128.store (local.get $row) (f64x2.add (v128.load (local.get $row)) (local.get $c30)))
        (v128.store offset=16 (local.get $row) (f64x2.add (v128.load offset=16 (local.get $row)) (local.get $c31)))
        (return)))
    ;; Edge tile: spill the accumulators to scratch (row-major 4×4), add the valid mr×nr part.
    (v128.store offset=0 (i32.const 0) (local.get $c00))
    (v128.store offset=16 (i32.const 0) (local.get $c01))
    (v128.store offset=32 (i32.const 0) (local.get $c10))
    (v128.store offset=48 (i32.const 0) (local.get $c11))
    (v128.store offset=64 (i32.const 0) (local.get $c20))
    (v128.store offset=80 (i32.const 0) (local.get $c21))
    (v128.store offset=96 (i32.const 0) (local.get $c30))
    (v128.store offset=112 (i32.const 0) (local.get $c31))
    (local.set $i (i32.const 0))
    (loop $rows
      (local.set $row (i32.add (local.get $pc) (i32.shl (i32.mul (local.get $i) (local.get $ldc)) (i32.const 3))))
      (local.set $j (i32.const 0))
      (loop $cols
        (f64.store
          (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 3)))
          (f64.add
            (f64.load (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 3))))
            (f64.load (i32.shl (i32.add (i32.shl (local.get $i) (i32.const 2)) (local.get $j)) (i32.const 3)))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br_if $cols (i32.lt_u (local.get $j) (local.get $nr))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $rows (i32.lt_u (local.get $i) (local.get $mr)))))

  ;; Packs an mc×kc block of A (element (i,k) at src + 8·(i·rs + k·cs)) into 4-row panels:
  ;; panel p holds, for each k, rows 4p..4p+3 (zeros past mc).
  (func $packA (param $src i32) (param $rs i32) (param $cs i32) (param $mc i32) (param $kc i32) (param $dst i32)
    (local $ip i32) (local $k i32) (local $r i32) (local $rows i32) (local $p i32)
    (local.set $rs (i32.shl (local.get $rs) (i32.const 3)))
    (local.set $cs (i32.shl (local.get $cs) (i32.const 3)))
    (block $panelsDone
      (loop $panels
        (br_if $panelsDone (i32.ge_u (local.get $ip) (local.get $mc)))
        (local.set $rows (i32.sub (local.get $mc) (local.get $ip)))
        (local.set $p (i32.add (local.get $src) (i32.mul (local.get $ip) (local.get $rs))))
        (local.set $k (i32.const 0))
        (if (i32.ge_u (local.get $rows) (i32.const 4))
          (then
            (if (i32.eq (local.get $rs) (i32.const 8))
              (then
                ;; Rows are contiguous (A transposed): two vector copies per k.
                (loop $kFast
                  (v128.store (local.get $dst) (v128.load (local.get $p)))
                  (v128.store offset=16 (local.get $dst) (v128.load offset=16 (local.get $p)))
                  (local.set $p (i32.add (local.get $p) (local.get $cs)))
                  (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
                  (local.set $k (i32.add (local.get $k) (i32.const 1)))
                  (br_if $kFast (i32.lt_u (local.get $k) (local.get $kc)))))
              (else
                (loop $kFull
                  (f64.store offset=0 (local.get $dst) (f64.load (local.get $p)))
                  (f64.store offset=8 (local.get $dst) (f64.load (i32.add (local.get $p) (local.get $rs))))
                  (f64.store offset=16 (local.get $dst) (f64.load (i32.add (local.get $p) (i32.shl (local.get $rs) (i32.const 1)))))
                  (f64.store offset=24 (local.get $dst)
                    (f64.load (i32.add (local.get $p) (i32.mul (local.get $rs) (i32.const 3)))))
                  (local.set $p (i32.add (local.get $p) (local.get $cs)))
                  (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
                  (local.set $k (i32.add (local.get $k) (i32.const 1)))
                  (br_if $kFull (i32.lt_u (local.get $k) (local.get $kc)))))))
          (else
            (loop $kEdge
              (local.set $r (i32.const 0))
              (loop $rLoop
                (f64.store (local.get $dst)
                  (if (result f64) (i32.lt_u (local.get $r) (local.get $rows))
                    (then (f64.load (i32.add (local.get $p) (i32.mul (local.get $r) (local.get $rs)))))
                    (else (f64.const 0))))
                (local.set $dst (i32.add (local.get $dst) (i32.const 8)))
                (local.set $r (i32.add (local.get $r) (i32.const 1)))
                (br_if $rLoop (i32.lt_u (local.get $r) (i32.const 4))))
              (local.set $p (i32.add (local.get $p) (local.get $cs)))
              (local.set $k (i32.add (local.get $k) (i32.const 1)))
              (br_if $kEdge (i32.lt_u (local.get $k) (local.get $kc))))))
        (local.set $ip (i32.add (local.get $ip) (i32.const 4)))
        (br $panels))))

  ;; Packs a kc×nc block of B (element (k,j) at src + 8·(k·rs + j·cs)) into 4-column panels:
  ;; panel q holds, for each k, columns 4q..4q+3 (zeros past nc).
  (func $packB (param $src i32) (param $rs i32) (param $cs i32) (param $kc i32) (param $nc i32) (param $dst i32)
    (local $jp i32) (local $k i32) (local $c i32) (local $cols i32) (local $p i32)
    (local.set $rs (i32.shl (local.get $rs) (i32.const 3)))
    (local.set $cs (i32.shl (local.get $cs) (i32.const 3)))
    (block $panelsDone
      (loop $panels
        (br_if $panelsDone (i32.ge_u (local.get $jp) (local.get $nc)))
        (local.set $cols (i32.sub (local.get $nc) (local.get $jp)))
        (local.set $p (i32.add (local.get $src) (i32.mul (local.get $jp) (local.get $cs))))
        (local.set $k (i32.const 0))
        (if (i32.ge_u (local.get $cols) (i32.const 4))
          (then
            (if (i32.eq (local.get $cs) (i32.const 8))
              (then
                ;; Columns are contiguous (B not transposed): two vector copies per k.
                (loop $kFast
                  (v128.store (local.get $dst) (v128.load (local.get $p)))
                  (v128.store offset=16 (local.get $dst) (v128.load offset=16 (local.get $p)))
                  (local.set $p (i32.add (local.get $p) (local.get $rs)))
                  (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
                  (local.set $k (i32.add (local.get $k) (i32.const 1)))
                  (br_if $kFast (i32.lt_u (local.get $k) (local.get $kc)))))
              (else
                (loop $kFull
                  (f64.store offset=0 (local.get $dst) (f64.load (local.get $p)))
                  (f64.store offset=8 (local.get $dst) (f64.load (i32.add (local.get $p) (local.get $cs))))
                  (f64.store offset=16 (local.get $dst) (f64.load (i32.add (local.get $p) (i32.shl (local.get $cs) (i32.const 1)))))
                  (f64.store offset=24 (local.get $dst)
                    (f64.load (i32.add (local.get $p) (i32.mul (local.get $cs) (i32.const 3)))))
                  (local.set $p (i32.add (local.get $p) (local.get $rs)))
                  (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
                  (local.set $k (i32.add (local.get $k) (i32.const 1)))
                  (br_if $kFull (i32.lt_u (local.get $k) (local.get $kc)))))))
          (else
            (loop $kEdge
              (local.set $c (i32.const 0))
              (loop $cLoop
                (f64.store (local.get $dst)
                  (if (result f64) (i32.lt_u (local.get $c) (local.get $cols))
                    (then (f64.load (i32.add (local.get $p) (i32.mul (local.get $c) (local.get $cs)))))
                    (else (f64.const 0))))
                (local.set $dst (i32.add (local.get $dst) (i32.const 8)))
                (local.set $c (i32.add (local.get $c) (i32.const 1)))
                (br_if $cLoop (i32.lt_u (local.get $c) (i32.const 4))))
              (local.set $p (i32.add (local.get $p) (local.get $rs)))
              (local.set $k (i32.add (local.get $k) (i32.const 1)))
              (br_if $kEdge (i32.lt_u (local.get $k) (local.get $kc))))))
        (local.set $jp (i32.add (local.get $jp) (i32.const 4)))
        (br $panels))))

  ;; C (M×N, row stride ldc) += op(A)·op(B), with op(A)(i,k) at a + 8·(i·rsA + k·csA) and
  ;; op(B)(k,j) at b + 8·(k·rsB + j·csB). pa / pb: packing buffers of at least
  ;; roundUp4(MC)·KC and KC·roundUp4(NC) elements. K is cut into slices of KC (callers pass
  ;; equal slices), M into blocks of MC, N into slabs of NC (MC and NC multiples of 4).
  (func (export "gemm")
      (param $M i32) (param $N i32) (param $K i32)
      (param $a i32) (param $rsA i32) (param $csA i32)
      (param $b i32) (param $rsB i32) (param $csB i32)
      (param $c i32) (param $ldc i32)
      (param $pa i32) (param $pb i32) (param $MC i32) (param $KC i32) (param $NC i32)
    (local $jc i32) (local $pc i32) (local $ic i32) (local $jr i32) (local $ir i32)
    (local $nc i32) (local $kc i32) (local $mc i32) (local $mr i32) (local $nr i32)
    (local $cRow i32)
    (block $jDone
      (loop $jLoop
        (br_if $jDone (i32.ge_u (local.get $jc) (local.get $N)))
        (local.set $nc (select (local.get $NC) (i32.sub (local.get $N) (local.get $jc))
          (i32.lt_u (local.get $NC) (i32.sub (local.get $N) (local.get $jc)))))
        (local.set $pc (i32.const 0))
        (block $pDone
          (loop $pLoop
            (br_if $pDone (i32.ge_u (local.get $pc) (local.get $K)))
            (local.set $kc (select (local.get $KC) (i32.sub (local.get $K) (local.get $pc))
              (i32.lt_u (local.get $KC) (i32.sub (local.get $K) (local.get $pc)))))
            (call $packB
              (i32.add (local.get $b) (i32.shl (i32.add (i32.mul (local.get $pc) (local.get $rsB))
                (i32.mul (local.get $jc) (local.get $csB))) (i32.const 3)))
              (local.get $rsB) (local.get $csB) (local.get $kc) (local.get $nc) (local.get $pb))
            (local.set $ic (i32.const 0))
            (block $iDone
              (loop $iLoop
                (br_if $iDone (i32.ge_u (local.get $ic) (local.get $M)))
                (local.set $mc (select (local.get $MC) (i32.sub (local.get $M) (local.get $ic))
                  (i32.lt_u (local.get $MC) (i32.sub (local.get $M) (local.get $ic)))))
                (call $packA
                  (i32.add (local.get $a) (i32.shl (i32.add (i32.mul (local.get $ic) (local.get $rsA))
                    (i32.mul (local.get $pc) (local.get $csA))) (i32.const 3)))
                  (local.get $rsA) (local.get $csA) (local.get $mc) (local.get $kc) (local.get $pa))
                ;; Macro kernel: each B panel stays in L1 while the A panels stream past it.
                (local.set $jr (i32.const 0))
                (loop $jrLoop
                  (local.set $nr (select (i32.const 4) (i32.sub (local.get $nc) (local.get $jr))
                    (i32.lt_u (i32.const 4) (i32.sub (local.get $nc) (local.get $jr)))))
                  (local.set $ir (i32.const 0))
                  (loop $irLoop
                    (local.set $mr (select (i32.const 4) (i32.sub (local.get $mc) (local.get $ir))
                      (i32.lt_u (i32.const 4) (i32.sub (local.get $mc) (local.get $ir)))))
                    (local.set $cRow (i32.add (i32.mul (i32.add (local.get $ic) (local.get $ir)) (local.get $ldc))
                      (i32.add (local.get $jc) (local.get $jr))))
                    (call $micro (local.get $kc)
                      (i32.add (local.get $pa) (i32.shl (i32.mul (local.get $ir) (local.get $kc)) (i32.const 3)))
                      (i32.add (local.get $pb) (i32.shl (i32.mul (local.get $jr) (local.get $kc)) (i32.const 3)))
                      (i32.add (local.get $c) (i32.shl (local.get $cRow) (i32.const 3)))
                      (local.get $ldc) (local.get $mr) (local.get $nr))
                    (local.set $ir (i32.add (local.get $ir) (i32.const 4)))
                    (br_if $irLoop (i32.lt_u (local.get $ir) (local.get $mc))))
                  (local.set $jr (i32.add (local.get $jr) (i32.const 4)))
                  (br_if $jrLoop (i32.lt_u (local.get $jr) (local.get $nc))))
                (local.set $ic (i32.add (local.get $ic) (local.get $MC)))
                (br $iLoop)))
            (local.set $pc (i32.add (local.get $pc) (local.get $KC)))
            (br $pLoop)))
        (local.set $jc (i32.add (local.get $jc) (local.get $NC)))
        (br $jLoop))))
)
