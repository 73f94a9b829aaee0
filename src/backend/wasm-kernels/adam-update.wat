;; One Adam step over one variable, four floats at a time (WebAssembly SIMD), on the memory of
;; tfjs-backend-wasm (imported), so that it reads and writes tensors where they lie. Each operation is
;; the float32 operation tfjs's AdamOptimizer runs as a separate kernel, in the same order:
;;   m' = m*b1 + g*c1          v' = v*b2 + (g*g)*c2
;;   p' = ((m'/k1) / (sqrt(v'/k2) + eps)) * lr + p
;; with c = 1 - b, k = 1 - b^t (bias corrections) and lr the negated learning rate, so results are
;; bit for bit tfjs's. Compiled to adam-update-wasm.ts by scripts/compile-wat.mjs (wabt).
(module
  (import "env" "memory" (memory 1))
  (func (export "adam")
    (param $p i32) (param $g i32) (param $m i32) (param $v i32)
    (param $p1 i32) (param $m1 i32) (param $v1 i32) (param $n i32)
    (param $b1 f32) (param $b2 f32) (param $c1 f32) (param $c2 f32)
    (param $k1 f32) (param $k2 f32) (param $eps f32) (param $lr f32)
    (local $o i32) (local $end i32)
    (local $gv v128) (local $mv v128) (local $vv v128)
    (local $B1 v128) (local $B2 v128) (local $C1 v128) (local $C2 v128)
    (local $K1 v128) (local $K2 v128) (local $E v128) (local $L v128)
    (local $gs f32) (local $ms f32) (local $vs f32)
    (local.set $B1 (f32x4.splat (local.get $b1)))
    (local.set $B2 (f32x4.splat (local.get $b2)))
    (local.set $C1 (f32x4.splat (local.get $c1)))
    (local.set $C2 (f32x4.splat (local.get $c2)))
    (local.set $K1 (f32x4.splat (local.get $k1)))
    (local.set $K2 (f32x4.splat (local.get $k2)))
    (local.set $E (f32x4.splat (local.get $eps)))
    (local.set $L (f32x4.splat (local.get $lr)))
    ;; byte offset $o over the whole groups of four
    (local.set $end (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $gv (v128.load align=4 (i32.add (local.get $g) (local.get $o))))
        (local.set $mv
          (f32x4.add
            (f32x4.mul (v128.load align=4 (i32.add (local.get $m) (local.get $o))) (local.get $B1))
            (f32x4.mul (local.get $gv) (local.get $C1))))
        (local.set $vv
          (f32x4.add
            (f32x4.mul (v128.load align=4 (i32.add (local.get $v) (local.get $o))) (local.get $B2))
            (f32x4.mul (f32x4.mul (local.get $gv) (local.get $gv)) (local.get $C2))))
        (v128.store align=4 (i32.add (local.get $m1) (local.get $o)) (local.get $mv))
        (v128.store align=4 (i32.add (local.get $v1) (local.get $o)) (local.get $vv))
        (v128.store align=4 (i32.add (local.get $p1) (local.get $o))
          (f32x4.add
            (f32x4.mul
              (f32x4.div
                (f32x4.div (local.get $mv) (local.get $K1))
                (f32x4.add (f32x4.sqrt (f32x4.div (local.get $vv) (local.get $K2))) (local.get $E)))
              (local.get $L))
            (v128.load align=4 (i32.add (local.get $p) (local.get $o)))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $next)))
    ;; the last one to three elements, one at a time
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done1
      (loop $next1
        (br_if $done1 (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $gs (f32.load (i32.add (local.get $g) (local.get $o))))
        (local.set $ms
          (f32.add
            (f32.mul (f32.load (i32.add (local.get $m) (local.get $o))) (local.get $b1))
            (f32.mul (local.get $gs) (local.get $c1))))
        (local.set $vs
          (f32.add
            (f32.mul (f32.load (i32.add (local.get $v) (local.get $o))) (local.get $b2))
            (f32.mul (f32.mul (local.get $gs) (local.get $gs)) (local.get $c2))))
        (f32.store (i32.add (local.get $m1) (local.get $o)) (local.get $ms))
        (f32.store (i32.add (local.get $v1) (local.get $o)) (local.get $vs))
        (f32.store (i32.add (local.get $p1) (local.get $o))
          (f32.add
            (f32.mul
              (f32.div
                (f32.div (local.get $ms) (local.get $k1))
                (f32.add (f32.sqrt (f32.div (local.get $vs) (local.get $k2))) (local.get $eps)))
              (local.get $lr))
            (f32.load (i32.add (local.get $p) (local.get $o)))))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $next1)))))
