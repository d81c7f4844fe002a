import {
  argMax,
  cast,
  clipByValue,
  div,
  equal,
  log,
  mean,
  mul,
  neg,
  sum,
  tidy,
  type Scalar,
  type Tensor,
} from '@tensorflow/tfjs-core';

/** Keras's `backend.epsilon()`, the clip applied to probabilities before the logarithm. */
const EPSILON = 1e-7;

/**
 * Computes the categorical cross-entropy of predicted probabilities, averaged over the rows, as
 * Keras's `categorical_crossentropy` with `from_logits=False` does: each row is divided by its
 * sum, clipped to [1e-7, 1 - 1e-7], and `-sum(labels * log(probabilities))` is taken per row.
 *
 * @param labels - One-hot (or soft) targets, shape `[batch, classes]`.
 * @param probabilities - Model outputs after softmax, shape `[batch, classes]`.
 * @returns A scalar: the mean loss over the batch, in nats.
 */
export function categoricalCrossentropy(labels: Tensor, probabilities: Tensor): Scalar {
  return tidy(() => {
    const normalized = div(probabilities, sum(probabilities, -1, true));
    const clipped = clipByValue(normalized, EPSILON, 1 - EPSILON);
    return mean(neg(sum(mul(labels, log(clipped)), -1)));
  });
}

/**
 * Counts the rows whose most probable class is the label's class (Keras's
 * `categorical_accuracy` before averaging).
 *
 * @param labels - One-hot targets, shape `[batch, classes]`.
 * @param probabilities - Model outputs, shape `[batch, classes]`.
 * @returns A float32 scalar in [0, batch].
 */
export function countCorrect(labels: Tensor, probabilities: Tensor): Scalar {
  return tidy(() => sum(cast(equal(argMax(probabilities, -1), argMax(labels, -1)), 'float32')));
}
