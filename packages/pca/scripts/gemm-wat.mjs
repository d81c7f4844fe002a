// Generates the WebAssembly text (WAT) of the float32 GEMM used by @projector-kit/pca.
//
// The module imports one shared memory and exports, for each register tile MR x NR:
//   gemm_MRxNR(m, n, k, a, aRow, aK, aPack, b, bK, bCol, c, ldc, accumulate, work)
// which computes C (m x n) = op(A) (m x k) * op(B) (k x n), plus C when `accumulate` is 1.
// Pointers are in bytes and strides in elements. Element (i, p) of A is read at
// a + 4 * (i * aRow + p * aK) and element (p, j) of B at b + 4 * (p * bK + j * bCol), so any
// transpose is a choice of strides. C is row-major with `ldc` elements between rows.
//
// Blocking follows the GotoBLAS scheme: KC steps of k at a time, MC rows of A and NC columns
// of B per block, and a register tile of MR x NR accumulators (f32x4 vectors). B is always
// copied into tile-interleaved panels in `work` first. A is copied too when `aPack` is 1;
// otherwise the kernel reads its rows where they lie, which saves one pass over a large
// row-major A per product (measured equal speed otherwise; packing wins for a transposed A).
//
// An A read in place is read past its last row by up to MR - 1 rows at the bottom edge. The
// products of those rows only reach C rows outside the m x n result, which the edge path
// discards, so the caller only has to keep those reads inside the memory.
//
// Run `node scripts/build-wasm.mjs` after editing this file.

/** Register tiles compiled into the module, as [MR, NR]. */
export const TILES = [
  [4, 8],
  [2, 16],
];

/** Steps of k per block. */
export const KC = 512;

/** Row and column block sizes in tiles: MC = MR * MC_TILES, NC = NR * NC_TILES. */
const MC_TILES = 24;
const NC_TILES = 64;

/** Bytes of `work` that one gemm call needs for the tile MR x NR. */
export function workBytes(mr, nr) {
  return (mr * MC_TILES + nr * NC_TILES) * KC * 4 + mr * nr * 4;
}

const get = (name) => `(local.get $${name})`;
const set = (name, value) => `(local.set $${name} ${value})`;
const add = (x, y) => `(i32.add ${x} ${y})`;
const mul = (x, y) => `(i32.mul ${x} ${y})`;
const sub = (x, y) => `(i32.sub ${x} ${y})`;
const i32 = (value) => `(i32.const ${value})`;
const minU = (x, y) => `(select ${x} ${y} (i32.lt_u ${x} ${y}))`;

/**
 * Kernel: C tile (MR x NR) = (load ? C tile : 0) + sum over kc steps of an A column times a
 * packed B row. With `packedA` it reads A with constant offsets, which keeps the loop within
 * the registers that V8 allocates on x64; otherwise A's strides (bytes) are parameters.
 */
function kernel(mr, nr, packedA) {
  const vectors = nr / 4;
  const lines = [
    `(func $${kernelName(mr, nr, packedA)} (param $a i32) (param $aRow i32) (param $aK i32) (param $b i32)`,
    `  (param $c i32) (param $ldc i32) (param $kc i32) (param $load i32)`,
    `  (local $cp i32) (local $av v128)`,
  ];
  if (!packedA) for (let r = 1; r < mr; r++) lines.push(`  (local $a${r} i32)`);
  for (let v = 0; v < vectors; v++) lines.push(`  (local $b${v} v128)`);
  for (let r = 0; r < mr; r++) {
    for (let v = 0; v < vectors; v++) lines.push(`  (local $c${r}_${v} v128)`);
  }

  if (!packedA) {
    for (let r = 1; r < mr; r++) lines.push(`  ${set(`a${r}`, add(get('a'), mul(get('aRow'), i32(r))))}`);
  }

  lines.push(`  (if ${get('load')} (then`, `    ${set('cp', get('c'))}`);
  for (let r = 0; r < mr; r++) {
    for (let v = 0; v < vectors; v++) {
      lines.push(`    ${set(`c${r}_${v}`, `(v128.load offset=${v * 16} ${get('cp')})`)}`);
    }
    lines.push(`    ${set('cp', add(get('cp'), get('ldc')))}`);
  }
  lines.push('  ))');

  lines.push('  (loop $step');
  for (let v = 0; v < vectors; v++) {
    lines.push(`    ${set(`b${v}`, `(v128.load offset=${v * 16} ${get('b')})`)}`);
  }
  for (let r = 0; r < mr; r++) {
    const load = packedA
      ? `(v128.load32_splat offset=${r * 4} ${get('a')})`
      : `(v128.load32_splat ${get(r === 0 ? 'a' : `a${r}`)})`;
    lines.push(`    ${set('av', load)}`);
    for (let v = 0; v < vectors; v++) {
      const product = `(f32x4.mul ${get('av')} ${get(`b${v}`)})`;
      lines.push(`    ${set(`c${r}_${v}`, `(f32x4.add ${get(`c${r}_${v}`)} ${product})`)}`);
    }
  }
  if (packedA) {
    lines.push(`    ${set('a', add(get('a'), i32(mr * 4)))}`);
  } else {
    lines.push(`    ${set('a', add(get('a'), get('aK')))}`);
    for (let r = 1; r < mr; r++) lines.push(`    ${set(`a${r}`, add(get(`a${r}`), get('aK')))}`);
  }
  lines.push(`    ${set('b', add(get('b'), i32(nr * 4)))}`, `    (br_if $step (local.tee $kc ${sub(get('kc'), i32(1))})))`);

  lines.push(`  ${set('cp', get('c'))}`);
  for (let r = 0; r < mr; r++) {
    for (let v = 0; v < vectors; v++) {
      lines.push(`  (v128.store offset=${v * 16} ${get('cp')} ${get(`c${r}_${v}`)})`);
    }
    lines.push(`  ${set('cp', add(get('cp'), get('ldc')))}`);
  }
  lines.push(')');
  return lines.join('\n');
}

function kernelName(mr, nr, packedA) {
  return `kernel_${mr}x${nr}_${packedA ? 'packed' : 'direct'}`;
}

/** Calls the kernel variant for A's packing flag (local $aPack). */
function callKernel(mr, nr, args) {
  const call = (packedA) => `(call $${kernelName(mr, nr, packedA)} ${args})`;
  return `(if ${get('aPack')} (then ${call(true)}) (else ${call(false)}))`;
}

/**
 * Generates `$pack_<group>`. It copies `rows` x `kc` elements, element (r, p) read at
 * src + 4 * (r * rowStride + p * kStride), into panels of `group` rows. Each panel is kc steps
 * of `group` consecutive floats, zero-padded past `rows`. A full panel whose rows are adjacent
 * (rowStride 1, as in a transposed operand) is copied with vector moves.
 */
function pack(group) {
  const fastCopy = [];
  if (group % 4 === 0) {
    for (let v = 0; v < group / 4; v++) {
      fastCopy.push(`(v128.store offset=${v * 16} ${get('dst')} (v128.load offset=${v * 16} ${get('from')}))`);
    }
  } else if (group === 2) {
    fastCopy.push(`(i64.store ${get('dst')} (i64.load ${get('from')}))`);
  } else {
    throw new Error(`no vector copy for panels of ${group} rows`);
  }
  return `
(func $pack_${group} (param $src i32) (param $rowStride i32) (param $kStride i32) (param $rows i32)
  (param $kc i32) (param $dst i32)
  (local $s i32) (local $p i32) (local $g i32) (local $r i32) (local $from i32) (local $kBytes i32)
  ${set('kBytes', `(i32.shl ${get('kStride')} ${i32(2)})`)}
  (loop $panel
    ${set('p', i32(0))}
    (if (i32.and (i32.eq ${get('rowStride')} ${i32(1)}) (i32.le_u ${add(get('s'), i32(group))} ${get('rows')}))
      (then
        ${set('from', add(get('src'), `(i32.shl ${get('s')} ${i32(2)})`))}
        (loop $step
          ${fastCopy.join('\n          ')}
          ${set('from', add(get('from'), get('kBytes')))}
          ${set('dst', add(get('dst'), i32(group * 4)))}
          (br_if $step (i32.lt_u (local.tee $p ${add(get('p'), i32(1))}) ${get('kc')}))))
      (else
        (loop $step
          ${set('g', i32(0))}
          (loop $lane
            ${set('r', add(get('s'), get('g')))}
            (f32.store ${get('dst')}
              (if (result f32) (i32.lt_u ${get('r')} ${get('rows')})
                (then (f32.load ${add(get('src'), `(i32.shl ${add(mul(get('r'), get('rowStride')), mul(get('p'), get('kStride')))} ${i32(2)})`)}))
                (else (f32.const 0))))
            ${set('dst', add(get('dst'), i32(4)))}
            (br_if $lane (i32.lt_u (local.tee $g ${add(get('g'), i32(1))}) ${i32(group)})))
          (br_if $step (i32.lt_u (local.tee $p ${add(get('p'), i32(1))}) ${get('kc')})))))
    (br_if $panel (i32.lt_u (local.tee $s ${add(get('s'), i32(group))}) ${get('rows')}))))
`;
}

/** Copy: a rows x cols block of floats between two row-major layouts (row strides in bytes). */
const copyBlock = `
(func $copy_block (param $src i32) (param $srcStride i32) (param $dst i32) (param $dstStride i32)
  (param $rows i32) (param $cols i32)
  (local $i i32) (local $j i32)
  (loop $row
    ${set('j', i32(0))}
    (loop $col
      (f32.store ${add(get('dst'), `(i32.shl ${get('j')} ${i32(2)})`)}
        (f32.load ${add(get('src'), `(i32.shl ${get('j')} ${i32(2)})`)}))
      (br_if $col (i32.lt_u (local.tee $j ${add(get('j'), i32(1))}) ${get('cols')})))
    ${set('src', add(get('src'), get('srcStride')))}
    ${set('dst', add(get('dst'), get('dstStride')))}
    (br_if $row (i32.lt_u (local.tee $i ${add(get('i'), i32(1))}) ${get('rows')}))))
`;

/**
 * Column statistics for centring, over rows [0, rows) of a row-major float32 matrix, with
 * float64 accumulation:
 *   column_sums(x, rows, cols, sums): sums[c] = sum of column c (sums: cols float64);
 *   center_rows(x, rows, cols, mean, out): x[r][c] = f32(x[r][c] - mean[c]) in float64
 *     arithmetic (mean: cols float64), and out[0] = sum of the squared float64 differences.
 */
const centring = `
(func (export "column_sums") (param $x i32) (param $rows i32) (param $cols i32) (param $sums i32)
  (local $r i32) (local $c i32) (local $v v128) (local $o i32) (local $vectorCols i32)
  ${set('vectorCols', '(i32.and (local.get $cols) (i32.const -4))')}
  (memory.fill ${get('sums')} ${i32(0)} (i32.shl ${get('cols')} ${i32(3)}))
  (loop $row
    ${set('c', i32(0))}
    (block $vectorsDone
      (br_if $vectorsDone (i32.eqz ${get('vectorCols')}))
      (loop $vector
        ${set('v', `(v128.load ${add(get('x'), `(i32.shl ${get('c')} ${i32(2)})`)})`)}
        ${set('o', add(get('sums'), `(i32.shl ${get('c')} ${i32(3)})`))}
        (v128.store ${get('o')} (f64x2.add (v128.load ${get('o')}) (f64x2.promote_low_f32x4 ${get('v')})))
        (v128.store offset=16 ${get('o')} (f64x2.add (v128.load offset=16 ${get('o')})
          (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 ${get('v')} ${get('v')}))))
        (br_if $vector (i32.lt_u (local.tee $c ${add(get('c'), i32(4))}) ${get('vectorCols')}))))
    (block $scalarsDone
      (br_if $scalarsDone (i32.ge_u ${get('c')} ${get('cols')}))
      (loop $scalar
        ${set('o', add(get('sums'), `(i32.shl ${get('c')} ${i32(3)})`))}
        (f64.store ${get('o')} (f64.add (f64.load ${get('o')})
          (f64.promote_f32 (f32.load ${add(get('x'), `(i32.shl ${get('c')} ${i32(2)})`)}))))
        (br_if $scalar (i32.lt_u (local.tee $c ${add(get('c'), i32(1))}) ${get('cols')}))))
    ${set('x', add(get('x'), `(i32.shl ${get('cols')} ${i32(2)})`))}
    (br_if $row (i32.lt_u (local.tee $r ${add(get('r'), i32(1))}) ${get('rows')}))))

(func (export "center_rows") (param $x i32) (param $rows i32) (param $cols i32) (param $mean i32) (param $out i32)
  (local $r i32) (local $c i32) (local $v v128) (local $low v128) (local $high v128) (local $m i32)
  (local $squares v128) (local $d f64) (local $sum f64) (local $vectorCols i32) (local $p i32)
  ${set('vectorCols', '(i32.and (local.get $cols) (i32.const -4))')}
  (loop $row
    ${set('c', i32(0))}
    (block $vectorsDone
      (br_if $vectorsDone (i32.eqz ${get('vectorCols')}))
      (loop $vector
        ${set('p', add(get('x'), `(i32.shl ${get('c')} ${i32(2)})`))}
        ${set('m', add(get('mean'), `(i32.shl ${get('c')} ${i32(3)})`))}
        ${set('v', `(v128.load ${get('p')})`)}
        ${set('low', `(f64x2.sub (f64x2.promote_low_f32x4 ${get('v')}) (v128.load ${get('m')}))`)}
        ${set('high', `(f64x2.sub (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 ${get('v')} ${get('v')})) (v128.load offset=16 ${get('m')}))`)}
        ${set('squares', `(f64x2.add ${get('squares')} (f64x2.add (f64x2.mul ${get('low')} ${get('low')}) (f64x2.mul ${get('high')} ${get('high')})))`)}
        (v128.store ${get('p')} (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero ${get('low')}) (f32x4.demote_f64x2_zero ${get('high')})))
        (br_if $vector (i32.lt_u (local.tee $c ${add(get('c'), i32(4))}) ${get('vectorCols')}))))
    (block $scalarsDone
      (br_if $scalarsDone (i32.ge_u ${get('c')} ${get('cols')}))
      (loop $scalar
        ${set('p', add(get('x'), `(i32.shl ${get('c')} ${i32(2)})`))}
        ${set('d', `(f64.sub (f64.promote_f32 (f32.load ${get('p')})) (f64.load ${add(get('mean'), `(i32.shl ${get('c')} ${i32(3)})`)}))`)}
        (f32.store ${get('p')} (f32.demote_f64 ${get('d')}))
        ${set('sum', `(f64.add ${get('sum')} (f64.mul ${get('d')} ${get('d')}))`)}
        (br_if $scalar (i32.lt_u (local.tee $c ${add(get('c'), i32(1))}) ${get('cols')}))))
    ${set('x', add(get('x'), `(i32.shl ${get('cols')} ${i32(2)})`))}
    (br_if $row (i32.lt_u (local.tee $r ${add(get('r'), i32(1))}) ${get('rows')})))
  (f64.store ${get('out')} (f64.add ${get('sum')}
    (f64.add (f64x2.extract_lane 0 ${get('squares')}) (f64x2.extract_lane 1 ${get('squares')})))))
`;

/** Driver: the blocked loops around the kernel of one tile shape. */
function driver(mr, nr) {
  const mcMax = mr * MC_TILES;
  const ncMax = nr * NC_TILES;
  const workB = mcMax * KC * 4;
  const tile = (mcMax + ncMax) * KC * 4;
  return `
(func (export "gemm_${mr}x${nr}") (param $m i32) (param $n i32) (param $k i32)
  (param $a i32) (param $aRow i32) (param $aK i32) (param $aPack i32)
  (param $b i32) (param $bK i32) (param $bCol i32)
  (param $c i32) (param $ldc i32) (param $accumulate i32) (param $work i32)
  (local $pc i32) (local $kc i32) (local $load i32) (local $jc i32) (local $nc i32)
  (local $ic i32) (local $mc i32) (local $jr i32) (local $ir i32)
  (local $aBase i32) (local $aPtr i32) (local $bPtr i32)
  (local $aRowBytes i32) (local $aKBytes i32) (local $cPtr i32)
  (local $rows i32) (local $cols i32) (local $tile i32)
  (if (i32.or (i32.eqz ${get('m')}) (i32.eqz ${get('n')})) (then (return)))
  ${set('tile', add(get('work'), i32(tile)))}
  (if (i32.eqz ${get('k')}) (then
    (if (i32.eqz ${get('accumulate')}) (then
      (memory.fill ${get('c')} ${i32(0)} (i32.shl ${mul(get('m'), get('ldc'))} ${i32(2)}))))
    (return)))
  (loop $kBlock
    ${set('kc', minU(i32(KC), sub(get('k'), get('pc'))))}
    ${set('load', `(i32.or ${get('accumulate')} (i32.ne ${get('pc')} ${i32(0)}))`)}
    ${set('jc', i32(0))}
    (loop $nBlock
      ${set('nc', minU(i32(ncMax), sub(get('n'), get('jc'))))}
      (call $pack_${nr}
        ${add(get('b'), `(i32.shl ${add(mul(get('pc'), get('bK')), mul(get('jc'), get('bCol')))} ${i32(2)})`)}
        ${get('bCol')} ${get('bK')} ${get('nc')} ${get('kc')} ${add(get('work'), i32(workB))})
      ${set('ic', i32(0))}
      (loop $mBlock
        ${set('mc', minU(i32(mcMax), sub(get('m'), get('ic'))))}
        ${set('aBase', add(get('a'), `(i32.shl ${add(mul(get('ic'), get('aRow')), mul(get('pc'), get('aK')))} ${i32(2)})`))}
        (if ${get('aPack')} (then
          (call $pack_${mr} ${get('aBase')} ${get('aRow')} ${get('aK')} ${get('mc')} ${get('kc')} ${get('work')})))
        ${set('jr', i32(0))}
        (loop $panel
          ${set('bPtr', add(add(get('work'), i32(workB)), `(i32.shl ${mul(get('jr'), get('kc'))} ${i32(2)})`))}
          ${set('ir', i32(0))}
          (loop $sliver
            (if ${get('aPack')}
              (then
                ${set('aPtr', add(get('work'), `(i32.shl ${mul(get('ir'), get('kc'))} ${i32(2)})`))}
                ${set('aRowBytes', i32(4))}
                ${set('aKBytes', i32(mr * 4))})
              (else
                ${set('aPtr', add(get('aBase'), `(i32.shl ${mul(get('ir'), get('aRow'))} ${i32(2)})`))}
                ${set('aRowBytes', `(i32.shl ${get('aRow')} ${i32(2)})`)}
                ${set('aKBytes', `(i32.shl ${get('aK')} ${i32(2)})`)}))
            ${set('cPtr', add(get('c'), `(i32.shl ${add(mul(add(get('ic'), get('ir')), get('ldc')), add(get('jc'), get('jr')))} ${i32(2)})`))}
            ${set('rows', sub(get('mc'), get('ir')))}
            ${set('cols', sub(get('nc'), get('jr')))}
            (if (i32.and (i32.ge_u ${get('rows')} ${i32(mr)}) (i32.ge_u ${get('cols')} ${i32(nr)}))
              (then
                ${callKernel(mr, nr, `${get('aPtr')} ${get('aRowBytes')} ${get('aKBytes')} ${get('bPtr')} ${get('cPtr')} (i32.shl ${get('ldc')} ${i32(2)}) ${get('kc')} ${get('load')}`)})
              (else
                ${set('rows', minU(get('rows'), i32(mr)))}
                ${set('cols', minU(get('cols'), i32(nr)))}
                (if ${get('load')} (then
                  (call $copy_block ${get('cPtr')} (i32.shl ${get('ldc')} ${i32(2)}) ${get('tile')} ${i32(nr * 4)} ${get('rows')} ${get('cols')})))
                ${callKernel(mr, nr, `${get('aPtr')} ${get('aRowBytes')} ${get('aKBytes')} ${get('bPtr')} ${get('tile')} ${i32(nr * 4)} ${get('kc')} ${get('load')}`)}
                (call $copy_block ${get('tile')} ${i32(nr * 4)} ${get('cPtr')} (i32.shl ${get('ldc')} ${i32(2)}) ${get('rows')} ${get('cols')})))
            (br_if $sliver (i32.lt_u (local.tee $ir ${add(get('ir'), i32(mr))}) ${get('mc')})))
          (br_if $panel (i32.lt_u (local.tee $jr ${add(get('jr'), i32(nr))}) ${get('nc')})))
        (br_if $mBlock (i32.lt_u (local.tee $ic ${add(get('ic'), get('mc'))}) ${get('m')})))
      (br_if $nBlock (i32.lt_u (local.tee $jc ${add(get('jc'), get('nc'))}) ${get('n')})))
    (br_if $kBlock (i32.lt_u (local.tee $pc ${add(get('pc'), get('kc'))}) ${get('k')}))))
`;
}

/** Returns the whole module as WAT text. */
export function generateGemmWat() {
  const groups = [...new Set(TILES.flat())].sort((x, y) => x - y);
  const parts = ['(module', '(import "env" "memory" (memory 1 65536 shared))', ...groups.map(pack), copyBlock, centring];
  for (const [mr, nr] of TILES) {
    for (const packedA of [true, false]) parts.push(kernel(mr, nr, packedA));
    parts.push(driver(mr, nr));
  }
  parts.push(')');
  return parts.join('\n');
}
