package ai.equilibrium.predict;

import ai.equilibrium.data.SampleShape;
import java.io.Serializable;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A trained classifier as predictions use it: shipped to the executors, each of which opens its own networks. */
public interface PredictionModel extends Serializable {

  /** For messages and the job's summary: the run and checkpoint, or the file and its digest. */
  String name();

  /** The rows it takes, as its training data were shaped and scaled. */
  SampleShape input();

  /** One name per probability: the classes (p0, p1, ...), or the labels of a multi-label model. */
  List<String> labels();

  /** Whether each label has its own probability (sigmoids) rather than one distribution over the classes (softmax). */
  boolean multiLabel();

  /** The precision its networks compute in, and its rows are given in. */
  DataType precision();

  /** Builds the networks in this JVM, with the trained parameters. */
  Classifier open();

  /** Open networks; not thread-safe. */
  @FunctionalInterface
  interface Classifier {
    /** The probabilities [n, labels] of rows [n, dimension]. */
    INDArray probabilities(INDArray rows);
  }
}
