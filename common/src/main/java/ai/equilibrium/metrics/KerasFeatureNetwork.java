package ai.equilibrium.metrics;

import ai.equilibrium.storage.FileSystems;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.modelimport.keras.KerasModel;
import org.deeplearning4j.nn.modelimport.keras.exceptions.InvalidKerasConfigurationException;
import org.deeplearning4j.nn.modelimport.keras.exceptions.UnsupportedKerasConfigurationException;
import org.deeplearning4j.nn.modelimport.keras.utils.KerasModelBuilder;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A Keras 2 HDF5 model imported with DL4J's Keras import and run up to one named layer: the network behind
 * {@link KerasFeatureExtractor}, which turns samples into this network's input.
 */
interface KerasFeatureNetwork {

  /** The feature layer's activations for NHWC input. */
  INDArray activations(INDArray input);

  DataType dataType();

  /**
   * Where a model is and which layer gives the features. The path is a local file or any Hadoop path (hdfs:,
   * s3a:): HDF5 reads only local files, so a remote model is copied to a temporary file for the import.
   */
  record Import(String modelPath, String featureLayer) {
    /** HDF5's file signature; it sits at offset 0 or, after a user block, at 512, 1024, 2048, ... */
    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    /** Imports the model (copying it from a remote file system first) and finds the feature layer. */
    KerasFeatureNetwork load() {
      File local = localFile();
      File copy = null;
      if (local == null || !local.isFile()) {
        // hdfs:, s3a:, or a path without scheme that is not here, which Hadoop resolves on its default file system
        copy = RemoteModel.copyToTemporaryFile(modelPath);
        local = copy;
      }
      try {
        requireHdf5(local);
        return importHdf5(local);
      } finally {
        if (copy != null && !copy.delete()) {
          copy.deleteOnExit();
        }
      }
    }

    /** The local file a plain or file: path names; null for another scheme (hdfs:, s3a:, ...). */
    private File localFile() {
      if (modelPath.startsWith("file:")) {
        try {
          String path = URI.create(modelPath).getPath();
          return path == null ? null : new File(path);
        } catch (IllegalArgumentException notAUri) {
          return null; // Hadoop's Path parses more leniently
        }
      }
      // A scheme is two or more characters before a colon (one letter would be a Windows drive).
      return modelPath.matches("^[A-Za-z][A-Za-z0-9+.-]+:.*") ? null : new File(modelPath);
    }

    private void requireHdf5(File file) {
      try (RandomAccessFile in = new RandomAccessFile(file, "r")) {
        byte[] head = new byte[HDF5_SIGNATURE.length];
        for (long offset = 0; offset + head.length <= in.length(); offset = offset == 0 ? 512 : offset * 2) {
          in.seek(offset);
          in.readFully(head);
          if (Arrays.equals(head, HDF5_SIGNATURE)) {
            return;
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the Keras model " + modelPath, e);
      }
      throw new IllegalArgumentException(modelPath + " is not an HDF5 file; a Keras 2 model saved with "
          + "model.save(\"name.h5\") is expected (Keras 3 .keras files are zip archives DL4J cannot import)");
    }

    private KerasFeatureNetwork importHdf5(File file) {
      Model model = importModel(file);
      return model instanceof ComputationGraph graph
          ? GraphFeatures.of(graph, featureLayer, modelPath)
          : SequentialFeatures.of((MultiLayerNetwork) model, featureLayer, modelPath);
    }

    /** A functional model as a ComputationGraph, a Sequential one as a MultiLayerNetwork. */
    private Model importModel(File file) {
      // The builder, unlike KerasModelImport's shortcuts, is closed, and with it the HDF5 file.
      try (KerasModelBuilder builder = new KerasModel().modelBuilder()
          .modelHdf5Filename(file.getPath())
          .enforceTrainingConfig(false)) {
        return isSequential(builder.getModelJson())
            ? builder.buildSequential().getMultiLayerNetwork()
            : builder.buildModel().getComputationGraph();
      } catch (UnsupportedKerasConfigurationException e) {
        throw new IllegalArgumentException("DL4J's Keras import cannot import " + modelPath + ": " + e.getMessage(), e);
      } catch (InvalidKerasConfigurationException e) {
        throw new IllegalArgumentException(modelPath + " is not a Keras model DL4J can import: " + e.getMessage(), e);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the Keras model " + modelPath, e);
      } catch (RuntimeException e) {
        // HDF5 errors and DL4J's shape checks come unchecked and without the file name
        throw new IllegalArgumentException("cannot import the Keras model " + modelPath + ": " + e, e);
      }
    }

    private static boolean isSequential(String modelJson) {
      try {
        return "Sequential".equals(new ObjectMapper().readTree(modelJson).path("class_name").asText());
      } catch (IOException e) {
        return false; // the functional import reports what is wrong with the configuration
      }
    }
  }

  /** A functional Keras model (InceptionV3 is one), imported as a ComputationGraph. */
  record GraphFeatures(ComputationGraph graph, String layer) implements KerasFeatureNetwork {
    static GraphFeatures of(ComputationGraph graph, String layer, String modelPath) {
      if (graph.getVertex(layer) == null) {
        List<String> names = new ArrayList<>();
        for (int i : graph.topologicalSortOrder()) {
          names.add(graph.getVertices()[i].getVertexName());
        }
        throw noSuchLayer(modelPath, layer, names);
      }
      return new GraphFeatures(graph, layer);
    }

    @Override
    public INDArray activations(INDArray input) {
      // Computes only the vertices the layer depends on.
      return graph.output(List.of(layer), false, new INDArray[] {input}, null)[0];
    }

    @Override
    public DataType dataType() {
      return graph.params().dataType();
    }
  }

  /** A Sequential Keras model, imported as a MultiLayerNetwork. */
  record SequentialFeatures(MultiLayerNetwork net, int layerIndex) implements KerasFeatureNetwork {
    static SequentialFeatures of(MultiLayerNetwork net, String layer, String modelPath) {
      List<String> names = new ArrayList<>();
      for (var l : net.getLayers()) {
        names.add(l.conf().getLayer().getLayerName());
      }
      int index = names.indexOf(layer);
      if (index < 0) {
        throw noSuchLayer(modelPath, layer, names);
      }
      return new SequentialFeatures(net, index);
    }

    @Override
    public INDArray activations(INDArray input) {
      // Element 0 is the input, element i + 1 layer i's output.
      return net.feedForwardToLayer(layerIndex, input, false).get(layerIndex + 1);
    }

    @Override
    public DataType dataType() {
      return net.params().dataType();
    }
  }

  private static IllegalArgumentException noSuchLayer(String modelPath, String layer, List<String> names) {
    int shownAtMost = 30; // enough to recognise a model, short enough to read
    String shown = String.join(", ", names.subList(Math.max(0, names.size() - shownAtMost), names.size()));
    return new IllegalArgumentException(modelPath + " has no layer named \"" + layer + "\"; its "
        + (names.size() > shownAtMost ? "last " + shownAtMost + " of " + names.size() + " " : "")
        + "layers are: " + shown);
  }

  /** Copies a model from a Hadoop file system; a nested class so Hadoop is loaded only for such paths. */
  final class RemoteModel {
    static File copyToTemporaryFile(String modelPath) {
      Path path = new Path(modelPath);
      try {
        FileSystem fs = FileSystems.of(path);
        if (!isFile(fs, path)) {
          throw new IllegalArgumentException("there is no Keras model file at " + modelPath);
        }
        File copy = File.createTempFile("keras-model-", ".h5");
        try (InputStream in = fs.open(path)) {
          Files.copy(in, copy.toPath(), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
          copy.delete();
          throw e;
        }
        return copy;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot copy the Keras model " + modelPath + " to a local file", e);
      }
    }

    private static boolean isFile(FileSystem fs, Path path) throws IOException {
      try {
        return fs.getFileStatus(path).isFile();
      } catch (FileNotFoundException e) {
        return false;
      }
    }
  }
}
