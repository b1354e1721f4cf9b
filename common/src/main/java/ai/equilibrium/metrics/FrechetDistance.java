package ai.equilibrium.metrics;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Fréchet distance between two Gaussians, the quantity behind FID when both are fitted to network features:
 *
 * <pre>  ||μ1 - μ2||² + Tr(S1) + Tr(S2) - 2 Tr((S1^½ S2 S1^½)^½)</pre>
 *
 * <p>The cross term is computed in a symmetric form, in double precision. The usual recipe takes the matrix
 * square root of S1 S2, which is not symmetric: a general square root of it (scipy's {@code sqrtm}) can return
 * spurious imaginary parts that implementations then discard. S1^½ S2 S1^½ has the same eigenvalues as S1 S2
 * but is symmetric positive semi-definite, so its square root needs only a symmetric eigendecomposition, whose
 * eigenvalues are real:
 * <ol>
 *   <li>S1 = V Λ Vᵀ (LAPACK dsyev), negative rounding noise in Λ clipped to 0, so S1^½ = V Λ^½ Vᵀ;</li>
 *   <li>with W = V Λ^½, the matrix WᵀS2W = Vᵀ(S1^½ S2 S1^½)V is an orthogonal similarity of S1^½ S2 S1^½, so
 *       it has the same eigenvalues and costs one matrix product less; it is symmetrised, (M + Mᵀ) / 2, to
 *       remove the rounding asymmetry of the products;</li>
 *   <li>Tr(M^½) = Σ sqrt(max(λ, 0)) over M's eigenvalues.</li>
 * </ol>
 *
 * <p>The distance is at least 0 in exact arithmetic. Rounding can take it slightly below, chiefly through
 * near-zero eigenvalues whose square roots amplify errors to about sqrt(machine epsilon) of the matrix scale;
 * a result below 0 by at most {@link #ROUNDING_TOLERANCE} times Tr(S1) + Tr(S2) + ||μ1 - μ2||² is returned as
 * 0. A result further below 0 is returned as it is: it means a covariance was not positive semi-definite.
 */
public final class FrechetDistance {

  /** How far below 0, relative to the scale of the terms, a result may fall and still count as rounding. */
  public static final double ROUNDING_TOLERANCE = 1e-6;

  private FrechetDistance() {
  }

  /** The Fréchet distance between the Gaussians fitted to two sets of features (FID for network features). */
  public static double between(FeatureMoments a, FeatureMoments b) {
    if (a.dimension() != b.dimension()) {
      throw new IllegalArgumentException("feature moments have dimensions " + a.dimension() + " and "
          + b.dimension() + "; were they made by different feature extractors?");
    }
    return between(a.mean(), a.covariance(), b.mean(), b.covariance());
  }

  /**
   * The Fréchet distance between N(mean1, cov1) and N(mean2, cov2).
   *
   * @param cov1 symmetric positive semi-definite, d x d for means of length d
   * @param cov2 symmetric positive semi-definite, d x d
   */
  public static double between(double[] mean1, double[][] cov1, double[] mean2, double[][] cov2) {
    int d = mean1.length;
    if (d == 0) {
      throw new IllegalArgumentException("the Fréchet distance needs at least one dimension");
    }
    if (mean2.length != d) {
      throw new IllegalArgumentException("means have lengths " + d + " and " + mean2.length);
    }
    requireSquare(cov1, d, "cov1");
    requireSquare(cov2, d, "cov2");

    double meanTerm = 0;
    double trace1 = 0;
    double trace2 = 0;
    for (int i = 0; i < d; i++) {
      double diff = mean1[i] - mean2[i];
      meanTerm += diff * diff;
      trace1 += cov1[i][i];
      trace2 += cov2[i][i];
    }
    double distance = meanTerm + trace1 + trace2 - 2 * traceOfSqrtProduct(cov1, cov2);
    double scale = meanTerm + trace1 + trace2;
    if (distance < 0 && -distance <= ROUNDING_TOLERANCE * scale) {
      return 0;
    }
    return distance;
  }

  /** Tr((S1^½ S2 S1^½)^½), by the symmetric route described on the class. */
  static double traceOfSqrtProduct(double[][] cov1, double[][] cov2) {
    INDArray eigenvectors = Nd4j.createFromArray(cov1);
    double[] eigenvalues = symmetricEigenvalues(eigenvectors, true);
    double[] sqrtEigenvalues = new double[eigenvalues.length];
    for (int i = 0; i < eigenvalues.length; i++) {
      sqrtEigenvalues[i] = Math.sqrt(Math.max(eigenvalues[i], 0));
    }
    // The eigenvectors are the columns: scaling column j by sqrt(λj) gives W = V Λ^½.
    INDArray w = eigenvectors.mulRowVector(Nd4j.createFromArray(sqrtEigenvalues));
    INDArray s2 = Nd4j.createFromArray(cov2);
    INDArray m = Nd4j.gemm(Nd4j.gemm(w, s2, true, false), w, false, false);
    INDArray symmetric = m.add(m.transpose()).muli(0.5).dup('c');
    double trace = 0;
    for (double lambda : symmetricEigenvalues(symmetric, false)) {
      trace += Math.sqrt(Math.max(lambda, 0));
    }
    return trace;
  }

  /**
   * The eigenvalues of a symmetric DOUBLE matrix by LAPACK dsyev. With {@code vectors}, the matrix is
   * overwritten with the eigenvectors as its columns; without, it is overwritten with scratch.
   *
   * <p>Calls LAPACK through ND4J directly rather than {@code Eigen.symmetricGeneralizedEigenvalues}, which
   * always computes eigenvectors and ignores the LAPACK status.
   *
   * @param matrix a fresh (not a view), square DOUBLE array; ND4J hands its buffer address to LAPACK as is
   */
  static double[] symmetricEigenvalues(INDArray matrix, boolean vectors) {
    INDArray eigenvalues = Nd4j.create(DataType.DOUBLE, matrix.rows());
    int status = Nd4j.getBlasWrapper().lapack().syev(vectors ? 'V' : 'N', 'U', matrix, eigenvalues);
    if (status != 0) {
      throw new ArithmeticException("LAPACK dsyev failed with status " + status + " on a " + matrix.rows()
          + " x " + matrix.rows() + " matrix; does a covariance contain NaN or infinity?");
    }
    return eigenvalues.toDoubleVector();
  }

  private static void requireSquare(double[][] matrix, int d, String name) {
    if (matrix.length != d) {
      throw new IllegalArgumentException(name + " has " + matrix.length + " rows, expected " + d);
    }
    for (double[] row : matrix) {
      if (row.length != d) {
        throw new IllegalArgumentException(name + " has a row of length " + row.length + ", expected " + d);
      }
    }
  }
}
