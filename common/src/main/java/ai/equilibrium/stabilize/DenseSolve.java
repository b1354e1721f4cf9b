package ai.equilibrium.stabilize;

/** Gaussian elimination with partial pivoting for the small systems of the corrections. */
final class DenseSolve {
  private DenseSolve() {}

  /** x with a x = b, or null when a is singular; a and b are not modified. */
  static double[] solve(double[][] a, double[] b) {
    int n = b.length;
    double[][] m = new double[n][];
    for (int i = 0; i < n; i++) {
      m[i] = java.util.Arrays.copyOf(a[i], n + 1);
      m[i][n] = b[i];
    }
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int row = col + 1; row < n; row++) {
        if (Math.abs(m[row][col]) > Math.abs(m[pivot][col])) {
          pivot = row;
        }
      }
      if (m[pivot][col] == 0 || !Double.isFinite(m[pivot][col])) {
        return null;
      }
      double[] swap = m[col];
      m[col] = m[pivot];
      m[pivot] = swap;
      for (int row = col + 1; row < n; row++) {
        double factor = m[row][col] / m[col][col];
        for (int j = col; j <= n; j++) {
          m[row][j] -= factor * m[col][j];
        }
      }
    }
    double[] x = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double s = m[i][n];
      for (int j = i + 1; j < n; j++) {
        s -= m[i][j] * x[j];
      }
      x[i] = s / m[i][i];
    }
    return x;
  }
}
