package ai.equilibrium.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.HashPartitioner;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.api.java.function.PairFunction;
import org.apache.spark.rdd.RDD;
import scala.Tuple2;
import scala.collection.JavaConverters;

/**
 * Merges the partitions' results on the executors, one level of {@link ai.equilibrium.backend.PartitionOrder}'s
 * tree per shuffle (Spark's own block transfer between executors), so that one merged result reaches the driver
 * whatever the number of partitions: the driver takes in one result per job instead of P, at the price of a stage
 * per level (ceil(log2 P)). Each tree node is merged from the same two children as on the driver, so the sums
 * have the same bits; a lost executor's shuffle output is recomputed from the cached data by Spark's lineage.
 */
final class TreeReduction implements ResultReduction {

  @Override
  public <S, R extends Serializable> R reduce(SparkContext sc, RDD<S> data,
      scala.Function2<TaskContext, scala.collection.Iterator<S>, R> task, Merge<R> merge) {
    int partitions = data.getNumPartitions();
    if (partitions == 1) {
      return ON_DRIVER.reduce(sc, data, task, merge);
    }
    Tree tree = Tree.of(partitions);
    JavaRDD<Node<R>> nodes = data.toJavaRDD().mapPartitionsWithIndex(new Leaves<>(task), true);
    for (int height = 1; height <= tree.height(); height++) {
      nodes = nodes.mapToPair(new KeyForLevel<R>(tree, height))
          .groupByKey(new HashPartitioner(tree.nodesAfter(height)))
          .map(new MergeChildren<>(merge));
    }
    List<Node<R>> root = nodes.collect();
    if (root.size() != 1 || root.get(0).from() != 0 || root.get(0).to() != partitions) {
      throw new IllegalStateException("the reduction tree ended in " + root.size() + " nodes");
    }
    return root.get(0).value();
  }

  /** A merged interval [from, to) of partitions. */
  record Node<R>(int from, int to, R value) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /**
   * PartitionOrder's tree over P partitions: the interval [from, to) splits at from + (to - from) / 2. A node's
   * height is 0 for a partition and one more than its higher child's otherwise; level h merges the nodes of
   * height h, whose children are ready.
   */
  record Tree(int partitions, Map<Long, Long> parents, Map<Long, Integer> heights) implements Serializable {
    private static final long serialVersionUID = 1L;

    static Tree of(int partitions) {
      Tree tree = new Tree(partitions, new HashMap<>(), new HashMap<>());
      tree.build(0, partitions);
      return tree;
    }

    private int build(int from, int to) {
      if (to - from == 1) {
        heights.put(key(from, to), 0);
        return 0;
      }
      int middle = from + (to - from) / 2;
      int height = 1 + Math.max(build(from, middle), build(middle, to));
      parents.put(key(from, middle), key(from, to));
      parents.put(key(middle, to), key(from, to));
      heights.put(key(from, to), height);
      return height;
    }

    long key(int from, int to) {
      return (long) from * (partitions + 1) + to;
    }

    int height() {
      return heights.get(key(0, partitions));
    }

    /** The key a node is grouped under at level h: its parent's when the parent is merged then, else its own. */
    long keyAt(Node<?> node, int level) {
      long own = key(node.from(), node.to());
      Long parent = parents.get(own);
      return parent != null && heights.get(parent) == level ? parent : own;
    }

    /** How many nodes remain after level h has merged. */
    int nodesAfter(int level) {
      int count = 0;
      for (Map.Entry<Long, Integer> node : heights.entrySet()) {
        Long parent = parents.get(node.getKey());
        if (node.getValue() <= level && (parent == null || heights.get(parent) > level)) {
          count++;
        }
      }
      return count;
    }
  }

  /** Each partition's result as a leaf of the tree, computed by the step's task on the cached data. */
  private static final class Leaves<S, R extends Serializable>
      implements Function2<Integer, Iterator<S>, Iterator<Node<R>>> {
    private static final long serialVersionUID = 1L;
    private final scala.Function2<TaskContext, scala.collection.Iterator<S>, R> task;

    Leaves(scala.Function2<TaskContext, scala.collection.Iterator<S>, R> task) {
      this.task = task;
    }

    @Override
    public Iterator<Node<R>> call(Integer partition, Iterator<S> shards) {
      R result = task.apply(TaskContext.get(), JavaConverters.asScalaIteratorConverter(shards).asScala());
      return List.of(new Node<>(partition, partition + 1, result)).iterator();
    }
  }

  private static final class KeyForLevel<R> implements PairFunction<Node<R>, Long, Node<R>> {
    private static final long serialVersionUID = 1L;
    private final Tree tree;
    private final int level;

    KeyForLevel(Tree tree, int level) {
      this.tree = tree;
      this.level = level;
    }

    @Override
    public Tuple2<Long, Node<R>> call(Node<R> node) {
      return new Tuple2<>(tree.keyAt(node, level), node);
    }
  }

  /** A node with its two children merged, left into right as PartitionOrder does, or a node passed on. */
  private static final class MergeChildren<R> implements Function<Tuple2<Long, Iterable<Node<R>>>, Node<R>> {
    private static final long serialVersionUID = 1L;
    private final Merge<R> merge;

    MergeChildren(Merge<R> merge) {
      this.merge = merge;
    }

    @Override
    public Node<R> call(Tuple2<Long, Iterable<Node<R>>> group) {
      List<Node<R>> children = new ArrayList<>(2);
      group._2().forEach(children::add);
      if (children.size() == 1) {
        return children.get(0);
      }
      if (children.size() != 2) {
        throw new IllegalStateException(children.size() + " children under one node of the reduction tree");
      }
      children.sort(java.util.Comparator.comparingInt(Node::from));
      Node<R> left = children.get(0);
      Node<R> right = children.get(1);
      return new Node<>(left.from(), right.to(), merge.apply(left.value(), right.value()));
    }
  }
}
