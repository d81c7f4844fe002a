/**
 * Reduces the symmetric matrix in V (n x n, row-major float64) to tridiagonal form by
 * Householder reflections (JAMA's tred2, ported from ml-matrix 6.15 onto a flat array). On
 * return d contains the diagonal, e the subdiagonal in e[1..n-1], and V the accumulated
 * transformations, transposed, for the QL step.
 */
export function tridiagonalize(n: number, e: Float64Array, d: Float64Array, V: Float64Array): void {
  let f: number, g: number, h: number, i: number, j: number, k: number, hh: number, scale: number;

  for (j = 0; j < n; j++) {
    d[j] = V[j * n + n - 1];
  }

  for (i = n - 1; i > 0; i--) {
    scale = 0;
    h = 0;
    for (k = 0; k < i; k++) {
      scale = scale + Math.abs(d[k]);
    }

    if (scale === 0) {
      e[i] = d[i - 1];
      for (j = 0; j < i; j++) {
        d[j] = V[j * n + i - 1];
        V[j * n + i] = 0;
        V[i * n + j] = 0;
      }
    } else {
      for (k = 0; k < i; k++) {
        d[k] /= scale;
        h += d[k] * d[k];
      }

      f = d[i - 1];
      g = Math.sqrt(h);
      if (f > 0) {
        g = -g;
      }

      e[i] = scale * g;
      h = h - f * g;
      d[i - 1] = f - g;
      for (j = 0; j < i; j++) {
        e[j] = 0;
      }

      for (j = 0; j < i; j++) {
        f = d[j];
        V[i * n + j] = f;
        g = e[j] + V[j * n + j] * f;
        for (k = j + 1; k <= i - 1; k++) {
          g += V[j * n + k] * d[k];
          e[k] += V[j * n + k] * f;
        }
        e[j] = g;
      }

      f = 0;
      for (j = 0; j < i; j++) {
        e[j] /= h;
        f += e[j] * d[j];
      }

      hh = f / (h + h);
      for (j = 0; j < i; j++) {
        e[j] -= hh * d[j];
      }

      for (j = 0; j < i; j++) {
        f = d[j];
        g = e[j];
        for (k = j; k <= i - 1; k++) {
          V[j * n + k] = V[j * n + k] - (f * e[k] + g * d[k]);
        }
        d[j] = V[j * n + i - 1];
        V[j * n + i] = 0;
      }
    }
    d[i] = h;
  }

  for (i = 0; i < n - 1; i++) {
    V[i * n + n - 1] = V[i * n + i];
    V[i * n + i] = 1;
    h = d[i + 1];
    if (h !== 0) {
      for (k = 0; k <= i; k++) {
        d[k] = V[(i + 1) * n + k] / h;
      }

      for (j = 0; j <= i; j++) {
        g = 0;
        for (k = 0; k <= i; k++) {
          g += V[(i + 1) * n + k] * V[j * n + k];
        }
        for (k = 0; k <= i; k++) {
          V[j * n + k] = V[j * n + k] - g * d[k];
        }
      }
    }

    for (k = 0; k <= i; k++) {
      V[(i + 1) * n + k] = 0;
    }
  }

  for (j = 0; j < n; j++) {
    d[j] = V[j * n + n - 1];
    V[j * n + n - 1] = 0;
  }

  V[(n - 1) * n + n - 1] = 1;
  e[0] = 0;
}
