package ai.equilibrium.spark;

import ai.equilibrium.backend.PartitionOrder;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.function.BinaryOperator;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.rdd.RDD;
import scala.Function2;
import scala.collection.Iterator;
import scala.reflect.ClassTag$;

/**
 * How the per-partition results of one Spark job become one result on the driver. A strategy decides where the
 * merges run and what crosses the network; every strategy merges in {@link PartitionOrder}'s fixed tree, so that
 * the sums are bitwise the same whichever one runs, after any retry and on the in-process backend.
 */
public interface ResultReduction {

  /**
   * Runs {@code task} on every partition of {@code data} and merges the results.
   *
   * @param merge associative; may mutate and return its first argument
   */
  <S, R extends Serializable> R reduce(SparkContext sc, RDD<S> data, Function2<TaskContext, Iterator<S>, R> task,
      Merge<R> merge);

  /** Merges two results (associative; may mutate and return its first argument); travels to executors. */
  interface Merge<R> extends BinaryOperator<R>, Serializable {}

  /**
   * Every partition's whole result travels to the driver, which merges them there: P results per job, within
   * spark.driver.maxResultSize. Simple and right for short jobs and small clusters.
   */
  ResultReduction ON_DRIVER = new ResultReduction() {
    @Override
    public <S, R extends Serializable> R reduce(SparkContext sc, RDD<S> data,
        Function2<TaskContext, Iterator<S>, R> task, Merge<R> merge) {
      // runJob returns the results by partition index whatever order the tasks finished in
      Object[] results = (Object[]) sc.runJob(data, task, ClassTag$.MODULE$.apply(Serializable.class));
      @SuppressWarnings("unchecked")
      List<R> byPartition = Arrays.stream(results).map(r -> (R) r).toList();
      return PartitionOrder.merge(byPartition, merge);
    }
  };

  /**
   * The partitions' results merge on the executors, a level of the same tree per shuffle, and one result reaches
   * the driver: its ingress per job does not grow with the partitions, each level adds a stage.
   */
  ResultReduction TREE = new TreeReduction();

  /** The reduction {@code spark.reduction} names. */
  static ResultReduction of(ai.equilibrium.config.Settings.ReductionKind kind) {
    return switch (kind) {
      case DRIVER -> ON_DRIVER;
      case TREE -> TREE;
    };
  }
}
