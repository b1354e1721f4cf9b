package ai.equilibrium.metrics;

import ai.equilibrium.data.SampleShape;
import java.util.Arrays;
import java.util.Collections;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.image.ResizeBilinear;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Features from a Keras 2 model saved as HDF5 ({@code model.save("x.h5")}), imported with DL4J's Keras import:
 * the activations of one named layer, flattened. For FID on large images this is InceptionV3's 2048-d
 * {@code avg_pool} ({@link #inceptionV3}).
 *
 * <p>Samples arrive as Equilibrium's images, [n, C*H*W] channels-first in [-1, 1]. They are turned into what a
 * Keras model takes: channels-last (DL4J imports Keras's {@code channels_last} layers as NHWC layers, so the
 * network is fed [n, H, W, C]); a single channel is replicated when the network wants 3; other sizes are
 * resized with bilinear interpolation on half-pixel centres (as tf.image.resize and PyTorch's
 * align_corners=False, without antialiasing). Values are passed on unchanged: Keras InceptionV3's
 * {@code preprocess_input} maps [0, 255] to [-1, 1], Equilibrium's range already. A model trained on another
 * range needs its own scaling before this extractor.
 *
 * <p>Sample size: square images with 1 or 3 channels are recognised from the row length alone (3k² is never a
 * square, so the two cannot be confused); other shapes need {@link #forSamples}.
 *
 * <p>Serializable as its description. The model path is a local file or any Hadoop path (hdfs:, s3a:): HDF5
 * reads only local files, so a remote model is copied to a temporary file for the import. The network is
 * imported on first use and kept by the instance. Not thread-safe.
 */
public final class KerasFeatureExtractor implements FeatureExtractor {
  private static final long serialVersionUID = 1L;

  /** InceptionV3's input size and its global-average-pool layer (with include_top=True; 2048 features). */
  public static final int INCEPTION_V3_SIZE = 299;
  public static final String INCEPTION_V3_FEATURE_LAYER = "avg_pool";


  private final String modelPath;
  private final String featureLayer;
  private final int height;
  private final int width;
  private final int channels;
  private final String id;
  /** The samples' image shape, or null to recognise square images from the row length. */
  private final SampleShape.Image sampleShape;

  private transient KerasFeatureNetwork network;
  private transient int dimension;

  /**
   * @param modelPath    the Keras .h5 file: a local path or a Hadoop path (hdfs:, s3a:, file:)
   * @param featureLayer the name of the layer whose activations are the features
   * @param height       the network's input height
   * @param width        the network's input width
   * @param channels     the network's input channels (1 or 3)
   * @param id           what scores computed with these features record, see {@link FeatureExtractor#id()}
   */
  public KerasFeatureExtractor(String modelPath, String featureLayer, int height, int width, int channels,
      String id) {
    this(modelPath, featureLayer, height, width, channels, id, null);
  }

  private KerasFeatureExtractor(String modelPath, String featureLayer, int height, int width, int channels,
      String id, SampleShape.Image sampleShape) {
    if (modelPath == null || modelPath.isBlank()) {
      throw new IllegalArgumentException("the Keras model path is empty");
    }
    if (featureLayer == null || featureLayer.isBlank()) {
      throw new IllegalArgumentException("the feature layer name of " + modelPath + " is empty");
    }
    if (height < 1 || width < 1 || (channels != 1 && channels != 3)) {
      throw new IllegalArgumentException("network input must be positive height and width with 1 or 3 channels, got "
          + height + "x" + width + "x" + channels);
    }
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("the feature extractor id is empty");
    }
    this.modelPath = modelPath;
    this.featureLayer = featureLayer;
    this.height = height;
    this.width = width;
    this.channels = channels;
    this.id = id;
    this.sampleShape = sampleShape;
  }

  /** Keras InceptionV3 (299x299x3) with ImageNet weights, saved with include_top=True; features of avg_pool. */
  public static KerasFeatureExtractor inceptionV3(String modelPath) {
    return new KerasFeatureExtractor(modelPath, INCEPTION_V3_FEATURE_LAYER, INCEPTION_V3_SIZE, INCEPTION_V3_SIZE,
        3, "inception-v3-keras/" + INCEPTION_V3_FEATURE_LAYER);
  }

  /** The same extractor for samples of the given shape (needed for images that are not square). */
  public KerasFeatureExtractor forSamples(SampleShape.Image shape) {
    if (shape.channels() != 1 && shape.channels() != channels) {
      throw new IllegalArgumentException("samples with " + shape.channels() + " channels cannot feed " + modelPath
          + ", which takes " + channels);
    }
    return new KerasFeatureExtractor(modelPath, featureLayer, height, width, channels, id, shape);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public int dimension() {
    network();
    return dimension;
  }

  @Override
  public INDArray features(INDArray samples) {
    if (samples.rank() != 2) {
      throw new IllegalArgumentException("expected samples of shape [n, C*H*W], got "
          + Arrays.toString(samples.shape()));
    }
    KerasFeatureNetwork net = network();
    long n = samples.rows();
    if (n == 0) {
      return Nd4j.create(DataType.FLOAT, 0, dimension);
    }
    INDArray activations = net.activations(networkInput(samples, net.dataType()));
    // Layers before the pooling give [n, h, w, c]; features are one row per sample either way.
    return activations.reshape('c', n, activations.length() / n);
  }

  /** [n, C*H*W] channels-first rows to the [n, height, width, channels] the imported network takes. */
  private INDArray networkInput(INDArray samples, DataType dataType) {
    SampleShape.Image shape = sampleShape != null ? sampleShape : squareImage(samples.columns());
    if (samples.columns() != shape.dimension()) {
      throw new IllegalArgumentException("samples of length " + samples.columns() + " are not " + shape.channels()
          + "x" + shape.height() + "x" + shape.width() + " images");
    }
    long n = samples.rows();
    INDArray images = samples.castTo(dataType).dup('c')
        .reshape('c', n, shape.channels(), shape.height(), shape.width())
        .permute(0, 2, 3, 1);
    if (shape.channels() != channels) {
      if (shape.channels() != 1) {
        throw new IllegalArgumentException(shape.channels() + "-channel samples cannot feed " + modelPath
            + ", which takes " + channels + " channels");
      }
      images = Nd4j.concat(3, Collections.nCopies(channels, images).toArray(INDArray[]::new));
    }
    if (shape.height() != height || shape.width() != width) {
      images = resizeBilinear(images.dup('c'), height, width);
    }
    // Identity normalisation: Keras InceptionV3 takes [-1, 1], the range of Equilibrium's images.
    return images.dup('c');
  }

  /** NHWC bilinear resize on half-pixel centres, not aligning corners (TensorFlow 2's and PyTorch's default). */
  private static INDArray resizeBilinear(INDArray images, int height, int width) {
    // Nd4j.image().resizeBiLinear fails on M2.1 (it passes a null output array), so the output is allocated here.
    INDArray resized = Nd4j.create(images.dataType(), images.size(0), height, width, images.size(3));
    Nd4j.exec(new ResizeBilinear(images, resized, height, width, false, true));
    return resized;
  }

  private static SampleShape.Image squareImage(long length) {
    long side3 = squareRoot(length / 3);
    if (length % 3 == 0 && side3 * side3 * 3 == length) {
      return new SampleShape.Image(3, (int) side3, (int) side3);
    }
    long side1 = squareRoot(length);
    if (side1 * side1 == length) {
      return new SampleShape.Image(1, (int) side1, (int) side1);
    }
    throw new IllegalArgumentException("samples of length " + length + " are not square images with 1 or 3 "
        + "channels; give their shape with forSamples(SampleShape.Image)");
  }

  private static long squareRoot(long x) {
    long r = (long) Math.sqrt((double) x);
    while (r * r > x) {
      r--;
    }
    while ((r + 1) * (r + 1) <= x) {
      r++;
    }
    return r;
  }

  private KerasFeatureNetwork network() {
    if (network == null) {
      KerasFeatureNetwork imported = new KerasFeatureNetwork.Import(modelPath, featureLayer).load();
      // One zero image tells the feature length, which the layer configurations do not state directly.
      INDArray probe = Nd4j.zeros(imported.dataType(), 1, height, width, channels);
      dimension = (int) imported.activations(probe).length();
      network = imported;
    }
    return network;
  }

  @Override
  public String toString() {
    return "KerasFeatureExtractor{" + id + ", " + modelPath + ", layer " + featureLayer + ", input " + height + "x"
        + width + "x" + channels + "}";
  }
}
