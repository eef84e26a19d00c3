/**
 * Universal Sentence Encoder Lite as an ONNX graph (opset 13), from the TF.js
 * graph's weights.
 *
 * How the TF graph maps (read from model.json's nodes; `opCounts` below pins
 * the exact graph this mapping was written for):
 * - Input: TF takes the token ids as a sparse tensor (`indices` [N,2] = row and
 *   position, `values` [N]), clips positions to < 128 (`ClipToMaxLength`), and
 *   densifies (`SparseToDense`, padding -1). Here: `input_ids` and
 *   `attention_mask` [batch, sequence], right-padded, as transformers.js makes them.
 * - TF computes on the valid positions only (`Where` + `GatherNd` / `ScatterNd`
 *   around every position-wise step, zeros elsewhere). Here every position is
 *   computed and padding is masked where it could reach a valid position: the
 *   attention keys (bias -1e9, `attention_bias_ignore_padding`) and the final mean.
 *   Padded rows never feed valid rows otherwise, so valid outputs are the same.
 * - Embedding (`GatherV2` on 8002 x 256) plus the sinusoidal timing signal
 *   (`AddTimingSignal`: sin and cos of position x 128 inverse timescales),
 *   precomputed for positions 0..127 the way TF.js computes it in float32.
 *   The graph counts the embedding twice (2 x embedding + timing): see below.
 * - Two pre-norm transformer layers (`KonaTransformer`): LayerNorm (TF's
 *   Mean/Sub/Square/Rsqrt chain, eps 1e-6), attention with 4 heads whose q/k/v
 *   and output projections are 1x1 `Conv2D`s (= MatMul), a ReLU feed-forward
 *   (`Tensordot` = MatMul), residual adds. Layer 0 maps 256 to 512 and projects
 *   its residual (`AdjustResidualInput/dense`).
 * - Mean over valid positions (divided by max(length, 1)), a 512 x 512 tanh
 *   layer, L2 normalisation (`l2_normalize`, eps 1e-12).
 *
 * Outputs: `sentence_embedding` [batch, 512], and the same vector repeated at
 * every position as `last_hidden_state` [batch, sequence, 512], so that
 * transformers.js' feature-extraction pipeline with mean pooling returns it.
 *
 * Quantized variant: weights of every matrix (and the embedding table) as int8
 * with one scale per output column (per row for the embedding), symmetric, and
 * `DequantizeLinear` in the graph; activations stay float32.
 */
import { DT, GraphBuilder } from './onnx-builder';
import { opCounts, scalar, type TfModel, weight } from './tfjs-model';

const K = 'module_apply_default/Encoder_en/KonaTransformer/';

/** The op census of the graph this mapping reads. A different graph fails loudly rather than converting wrongly. */
export const EXPECTED_OPS =
  'Add:17 BatchMatMul:4 BiasAdd:10 Cast:6 ConcatV2:12 Const:61 Conv2D:4 Cos:1 ExpandDims:12 GatherNd:4 GatherV2:11 Greater:1 Less:2 LogicalNot:1 MatMul:6 Max:1 Maximum:3 Mean:8 Mul:14 Pack:12 Placeholder:2 Prod:8 Range:1 RealDiv:1 Relu:2 Reshape:21 Rsqrt:5 ScatterNd:5 Shape:21 Sin:1 Slice:2 Softmax:2 SparseToDense:1 SplitV:2 Square:5 Squeeze:6 StridedSlice:24 Sub:4 Sum:3 Tanh:1 Transpose:8 Where:2';

export const HEADS = 4;
export const DIM = 512;

/** Symmetric int8 quantization of a row-major matrix [rows, cols], one scale per column (axis 1) or per row (axis 0). */
export function quantize(data: Float32Array, rows: number, cols: number, axis: 0 | 1): { q: Int8Array; scales: Float32Array } {
  const n = axis === 1 ? cols : rows;
  const max = new Float64Array(n);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const k = axis === 1 ? c : r;
      const v = Math.abs(data[r * cols + c]!);
      if (v > max[k]!) max[k] = v;
    }
  }
  const scales = Float32Array.from(max, (m) => (m > 0 ? m / 127 : 1));
  const q = new Int8Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const s = scales[axis === 1 ? c : r]!;
      q[r * cols + c] = Math.max(-127, Math.min(127, Math.round(data[r * cols + c]! / s)));
    }
  }
  return { q, scales };
}

/** sin/cos timing signal for positions 0..maxLength-1, computed in float32 like TF.js' CPU kernels. */
function timingTable(inverse: Float32Array, maxLength: number): Float32Array {
  const half = inverse.length;
  const table = new Float32Array(maxLength * half * 2);
  for (let p = 0; p < maxLength; p++) {
    for (let i = 0; i < half; i++) {
      const angle = Math.fround(p * inverse[i]!);
      table[p * half * 2 + i] = Math.sin(angle);
      table[p * half * 2 + half + i] = Math.cos(angle);
    }
  }
  return table;
}

export interface GraphFacts {
  maxLength: number;
  vocabSize: number;
}

/** Builds the ONNX model bytes; `quantized` stores 8-bit weights. */
export function buildGraph(model: TfModel, quantized: boolean): { bytes: Uint8Array; facts: GraphFacts } {
  const census = opCounts(model.nodes);
  if (census !== EXPECTED_OPS) throw new Error(`model.json is not the graph this converter maps.\n  found:    ${census}\n  expected: ${EXPECTED_OPS}`);

  const g = new GraphBuilder();
  const table = weight(model, 'module/Embeddings_en');
  const [vocabSize, embedDim] = table.shape as [number, number];
  const maxLength = scalar(model, 'ClipToMaxLength/Less/y');
  const lnEps = scalar(model, 'TransformerStack/Layer_1/TransformerLayer/FFN/layer_prepostprocess/layer_norm/Cast/x');
  const negBig = scalar(model, 'attention_bias_ignore_padding/mul/y');
  const l2Eps = scalar(model, 'l2_normalize/Maximum/y');
  const inverse = weight(model, 'AddTimingSignal/TimingSignal/ExpandDims_1').data as Float32Array;

  // Shared constants.
  const one = g.float('one', [], [1]);
  const lnEpsC = g.float('ln_eps', [], [lnEps]);
  const negBigC = g.float('neg_big', [], [negBig]);
  const l2EpsC = g.float('l2_eps', [], [l2Eps]);
  const axisLast = g.int64('axis_last', [1], [-1]);
  const axis1 = g.int64('axis_1', [1], [1]);
  const axes12 = g.int64('axes_1_2', [2], [1, 2]);
  const zero1 = g.int64('zero_1', [1], [0]);
  const two1 = g.int64('two_1', [1], [2]);
  const dimC = g.int64('dim_out', [1], [DIM]);

  /** x @ W + b, W [rows, cols] from the TF weight (any leading 1s of a 1x1 Conv2D kernel dropped). */
  const linear = (x: string, name: string, w: Float32Array, rows: number, cols: number, bias: Float32Array) => {
    let wName: string;
    if (quantized) {
      const { q, scales } = quantize(w, rows, cols, 1);
      wName = g.op('DequantizeLinear', [g.int8(`${name}.weight_q`, [rows, cols], q), g.float(`${name}.weight_scale`, [cols], scales), g.int8(`${name}.weight_zero`, [cols], new Int8Array(cols))], {
        axis: 1,
      });
    } else {
      wName = g.float(`${name}.weight`, [rows, cols], w);
    }
    return g.op('Add', [g.op('MatMul', [x, wName]), g.float(`${name}.bias`, [cols], bias)]);
  };

  const layerNorm = (x: string, name: string, scale: Float32Array, bias: Float32Array) => {
    const centred = g.op('Sub', [x, g.op('ReduceMean', [x], { axes: [-1], keepdims: 1 })]);
    const variance = g.op('ReduceMean', [g.op('Mul', [centred, centred])], { axes: [-1], keepdims: 1 });
    const inv = g.op('Reciprocal', [g.op('Sqrt', [g.op('Add', [variance, lnEpsC])])]);
    const n = scale.length;
    return g.op('Add', [g.op('Mul', [g.op('Mul', [g.float(`${name}.scale`, [n], scale), inv]), centred]), g.float(`${name}.bias`, [n], bias)]);
  };

  // Embedding lookup and timing signal.
  let embedded: string;
  if (quantized) {
    const { q, scales } = quantize(table.data as Float32Array, vocabSize, embedDim, 0);
    const rows = g.op('Cast', [g.op('Gather', [g.int8('embeddings_q', [vocabSize, embedDim], q), 'input_ids'])], { to: DT.FLOAT });
    const rowScales = g.op('Unsqueeze', [g.op('Gather', [g.float('embeddings_scale', [vocabSize], scales), 'input_ids']), axisLast]);
    embedded = g.op('Mul', [rows, rowScales]);
  } else {
    embedded = g.op('Gather', [g.float('embeddings', [vocabSize, embedDim], table.data as Float32Array), 'input_ids']);
  }
  const inputShape = g.op('Shape', ['input_ids']);
  const seqLen = g.op('Slice', [inputShape, axis1, two1]);
  const timing = g.op('Slice', [g.float('timing_signal', [maxLength, inverse.length * 2], timingTable(inverse, maxLength)), zero1, seqLen, zero1]);
  // The TF graph adds the embeddings twice: `TransformerStack/Layer_0/add` sums the scattered embeddings and
  // `AddTimingSignal`'s output, which already holds them (embeddings + timing). Kept as the weights were trained.
  let h = g.op('Add', [embedded, g.op('Add', [embedded, timing])]);

  // Attention bias [batch, 1, 1, sequence]: 0 on tokens, -1e9 on padding.
  const maskF = g.op('Cast', ['attention_mask'], { to: DT.FLOAT });
  const bias = g.op('Unsqueeze', [g.op('Mul', [g.op('Sub', [one, maskF]), negBigC]), axes12]);

  for (const layer of [0, 1]) {
    const p = `${K}Encode/Layer_${layer}/TransformerLayer/`;
    const stack = `${K}Encode/TransformerStack/Layer_${layer}/TransformerLayer/`;
    const f32 = (suffix: string) => weight(model, suffix).data as Float32Array;
    const qkvKernel = weight(model, `Encode/Layer_${layer}/TransformerLayer/MultiheadAttention/qkv_transform_single/kernel/part_0`);
    const [, , inDim, qkvDim] = qkvKernel.shape as [number, number, number, number];
    const d = qkvDim / 3;
    const headDim = d / HEADS;
    const qScale = scalar(model, `${stack}MultiheadAttention/mul/y`);
    if (Math.abs(qScale - 1 / Math.sqrt(headDim)) > 1e-6) throw new Error(`layer ${layer}: attention scale ${qScale} does not match ${HEADS} heads`);

    const normed = layerNorm(
      h,
      `layer${layer}.ln_attention`,
      f32(`${p}layer_prepostprocess/layer_norm/layer_norm_scale/ConcatPartitions/concat`),
      f32(`${p}layer_prepostprocess/layer_norm/layer_norm_bias/ConcatPartitions/concat`),
    );
    const qkv = linear(normed, `layer${layer}.qkv`, qkvKernel.data as Float32Array, inDim, qkvDim, f32(`${p}MultiheadAttention/qkv_transform_single/bias/ConcatPartitions/concat`));
    const [q, k, v] = g.multi('Split', [qkv, g.int64(`layer${layer}.split`, [3], [d, d, d])], 3, { axis: 2 }) as [string, string, string];
    const headsShape = g.int64(`layer${layer}.heads_shape`, [4], [0, 0, HEADS, headDim]);
    const heads = (x: string, perm: number[]) => g.op('Transpose', [g.op('Reshape', [x, headsShape])], { perm });
    const scores = g.op('Add', [g.op('MatMul', [g.op('Mul', [heads(q, [0, 2, 1, 3]), g.float(`layer${layer}.q_scale`, [], [qScale])]), heads(k, [0, 2, 3, 1])]), bias]);
    const probs = g.op('Softmax', [scores], { axis: -1 });
    const context = g.op('Reshape', [g.op('Transpose', [g.op('MatMul', [probs, heads(v, [0, 2, 1, 3])])], { perm: [0, 2, 1, 3] }), g.int64(`layer${layer}.context_shape`, [3], [0, 0, d])]);
    const outKernel = weight(model, `Encode/Layer_${layer}/TransformerLayer/MultiheadAttention/output_transform_single/kernel/part_0`);
    const outDim = outKernel.shape[3]!;
    const attended = linear(context, `layer${layer}.attention_out`, outKernel.data as Float32Array, d, outDim, f32(`${p}MultiheadAttention/output_transform_single/bias/ConcatPartitions/concat`));
    // Layer 0 widens 256 -> 512: its residual goes through a dense layer.
    const residual = inDim === outDim ? h : linear(h, `layer${layer}.residual`, f32(`${p}dense/kernel/ConcatPartitions/concat`), inDim, outDim, f32(`${p}dense/bias/ConcatPartitions/concat`));
    const h1 = g.op('Add', [attended, residual]);

    const normed2 = layerNorm(
      h1,
      `layer${layer}.ln_ffn`,
      f32(`${p}FFN/layer_prepostprocess/layer_norm/layer_norm_scale/ConcatPartitions/concat`),
      f32(`${p}FFN/layer_prepostprocess/layer_norm/layer_norm_bias/ConcatPartitions/concat`),
    );
    const w1 = weight(model, `${stack}FFN/conv1/Tensordot/Reshape_1`);
    const w2 = weight(model, `${stack}FFN/conv2/Tensordot/Reshape_1`);
    const hidden = g.op('Relu', [linear(normed2, `layer${layer}.ffn1`, w1.data as Float32Array, w1.shape[0]!, w1.shape[1]!, f32(`${p}FFN/conv1/bias/ConcatPartitions/concat`))]);
    const ffn = linear(hidden, `layer${layer}.ffn2`, w2.data as Float32Array, w2.shape[0]!, w2.shape[1]!, f32(`${p}FFN/conv2/bias/ConcatPartitions/concat`));
    h = g.op('Add', [ffn, h1]);
  }

  // Mean over the tokens, tanh layer, L2 normalisation.
  const summed = g.op('ReduceSum', [g.op('Mul', [h, g.op('Unsqueeze', [maskF, axisLast])]), axis1], { keepdims: 0 });
  const lengths = g.op('Max', [g.op('ReduceSum', [maskF, axis1], { keepdims: 1 }), one]);
  const mean = g.op('Div', [summed, lengths]);
  const tanhW = weight(model, 'module/Encoder_en/hidden_layers/tanh_layer_0/weights', [DIM, DIM]);
  const tanh = g.op('Tanh', [linear(mean, 'tanh_layer', tanhW.data as Float32Array, DIM, DIM, weight(model, 'module/Encoder_en/hidden_layers/tanh_layer_0/bias').data as Float32Array)]);
  const norm = g.op('Reciprocal', [g.op('Sqrt', [g.op('Max', [g.op('ReduceSum', [g.op('Mul', [tanh, tanh]), axisLast], { keepdims: 1 }), l2EpsC])])]);
  const sentence = g.op('Mul', [tanh, norm], {}, 'sentence_embedding');
  const repeatShape = g.op('Concat', [inputShape, dimC], { axis: 0 });
  g.op('Expand', [g.op('Unsqueeze', [sentence, axis1]), repeatShape], {}, 'last_hidden_state');

  const ints = (name: string) => ({ name, elemType: DT.INT64, shape: ['batch', 'sequence'] });
  const bytes = g.encode({
    name: 'universal-sentence-encoder-lite',
    opset: 13,
    docString: `Universal Sentence Encoder Lite (English), converted from the TF.js graph model in ${model.packageJson.name}@${model.packageJson.version} (${model.packageJson.license}).${quantized ? ' 8-bit weights.' : ''}`,
    inputs: [ints('input_ids'), ints('attention_mask')],
    outputs: [
      { name: 'last_hidden_state', elemType: DT.FLOAT, shape: ['batch', 'sequence', DIM] },
      { name: 'sentence_embedding', elemType: DT.FLOAT, shape: ['batch', DIM] },
    ],
    metadata: { source: `${model.packageJson.name}@${model.packageJson.version}`, license: model.packageJson.license },
  });
  return { bytes, facts: { maxLength, vocabSize } };
}
