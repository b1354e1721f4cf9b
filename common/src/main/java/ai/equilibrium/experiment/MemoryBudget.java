package ai.equilibrium.experiment;

import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.config.Settings;
import ai.equilibrium.metrics.FeatureClassifier;

/**
 * The memory a process of a run needs, sized from its experiment: the JVM heap (the data partitions the process
 * caches, evaluation features, the players' double-precision state on the driver, the JVM's and Spark's own) and
 * the native memory beside it (ND4J's arrays and the native libraries). A YARN or Kubernetes container must hold
 * both: {@link #heapMb()} is spark.*.memory and {@link #overheadMb()} spark.*.memoryOverhead.
 *
 * <p>The native figures are fitted to peak resident memory measured with the benchmark harness, per
 * architecture and micro-batch size (README, Memory); the margins cover thread stacks, the JIT's code and
 * Netty's direct buffers.
 */
public record MemoryBudget(long heapMb, long nativeMb, long marginMb) {
  /** The JVM and Spark's executor or driver beside the data: class metadata, block manager, RPC. */
  private static final long HEAP_BASE_MB = 512;
  /**
   * The same in one JVM training alone: the default run's live heap after a full collection is 271-274 MB while it
   * trains, data, state and block replicas included (-Xlog:gc), against 546 MB of them counted. Its steps allocate
   * about 11 MB of heap each (44 MB before the block exchange reused its buffers), so a 640 MB heap trains as fast
   * as an 896 MB one (README, Memory).
   */
  private static final long LOCAL_HEAP_BASE_MB = 128;
  /**
   * The heap a JVM started by hand begins with. Left to itself the JVM begins with 1/64 of the machine's memory
   * (384 MB on 24 GB), and the parallel collector's young generation fills all of it with each step's garbage
   * before its first collection: the benchmark's mlp step held 650 MB resident beside a 115 MB live heap, and 480
   * MB starting from this, as fast. The collector still grows the heap to its maximum when collections come too
   * often.
   */
  private static final long INITIAL_HEAP_MB = 128;
  /** Beyond the native memory: thread stacks, code cache, metaspace, Netty's direct buffers. */
  public static final long OVERHEAD_MARGIN_MB = 384;
  /**
   * The same in one JVM training alone, without an executor's RPC buffers: the default run's training held 0.9-1.2
   * GB resident beside its 768 MB heap and 384 MB native budget, so its cap (heap + native + this - 64, 1,344 MB)
   * sits above what training holds and collects garbage in evaluations (README, Memory).
   */
  private static final long LOCAL_MARGIN_MB = 256;
  /** A GPU executor's host memory for the CUDA runtime and libraries ({@link #onGpu()}). */
  public static final long GPU_HOST_MB = 1024;
  /** The resident-memory cap stays this far below the container, so that the JVM acts before the manager kills. */
  private static final long CAP_BELOW_CONTAINER_MB = 64;
  /** JavaCPP's settings, read when ND4J allocates: the process's resident memory, and memory it allocates. */
  public static final String PHYSICAL_CAP_PROPERTY = "org.bytedeco.javacpp.maxphysicalbytes";
  private static final String BYTES_CAP_PROPERTY = "org.bytedeco.javacpp.maxbytes";
  /** How JavaCPP's OutOfMemoryError begins when an allocation finds the process over the cap after collecting. */
  public static final String CAP_EXCEEDED = "Physical memory usage is too high";
  private static final long MB = 1 << 20;

  /** Native memory of one architecture: the libraries loaded, plus activations and gradients per sample. */
  private record NativeCost(long baseMb, double perSampleMb, double perMillionParametersMb) {}

  private static NativeCost cost(Settings.Architecture architecture) {
    return switch (architecture) {
      // resident memory beyond the heap, one JVM training in-process, OMP_NUM_THREADS=1 (README, Memory)
      case MLP -> new NativeCost(192, 0.15, 16);
      case DCGAN_28 -> new NativeCost(192, 2.0, 16);
      case DCGAN_64 -> new NativeCost(384, 12.6, 0);
    };
  }

  /**
   * An executor that caches {@code partitions} of the training data's partitions and computes them one task at a
   * time.
   */
  public static MemoryBudget executor(Experiment<?, ?, ?> experiment, int partitions) {
    ExperimentConfig config = experiment.config();
    long cachedBytes = dataBytes(experiment) / config.train().partitions() * partitions;
    long heap = HEAP_BASE_MB + ceilMb(cachedBytes * 5 / 4) + ceilMb(evaluationBytes(config))
        + ceilMb(replicasBytes(experiment, partitions));
    return new MemoryBudget(roundUp(heap), roundUp(nativeMb(experiment, microBatch(config))));
  }

  /**
   * The driver: both players' master copies and optimizer moments in double precision, the features of an
   * evaluation's samples, and the networks it samples from.
   */
  public static MemoryBudget driver(Experiment<?, ?, ?> experiment) {
    ExperimentConfig config = experiment.config();
    // parameters, gradient, two moments and their copies for the backends, and a checkpoint read beside them
    long state = 8L * 12 * parameters(experiment);
    // blocks: the start state's broadcast, serialized, and partition 0's end state, as bytes and as values
    long blocks = config.spark().backend() == Settings.BackendKind.PER_STEP ? 0 : 8L * 9 * parameters(experiment);
    long heap = HEAP_BASE_MB + ceilMb(state) + ceilMb(blocks) + ceilMb(evaluationBytes(config));
    int sampled = Math.max(microBatch(config), Math.min(config.run().sampleCount(), 64));
    return new MemoryBudget(roundUp(heap), roundUp(nativeMb(experiment, sampled)));
  }

  /**
   * One JVM that trains alone (Spark local[N], or in process): the driver, and an executor that caches every
   * partition and runs {@code tasks} of them at once, each with its own networks.
   */
  public static MemoryBudget local(Experiment<?, ?, ?> experiment, int tasks) {
    return local(experiment, tasks, replicasBytes(experiment, experiment.config().train().partitions()));
  }

  /** One JVM that trains without Spark (--in-process): no block replicas, one partition's networks at a time. */
  public static MemoryBudget inProcess(Experiment<?, ?, ?> experiment) {
    return local(experiment, 1, 0);
  }

  private static MemoryBudget local(Experiment<?, ?, ?> experiment, int tasks, long replicasBytes) {
    ExperimentConfig config = experiment.config();
    // one JVM holds each thing once: no block manager copies, no broadcast, no results in transit
    long heap = LOCAL_HEAP_BASE_MB + ceilMb(dataBytes(experiment) * 5 / 4) + ceilMb(8L * 12 * parameters(experiment))
        + ceilMb(evaluationBytes(config)) + ceilMb(replicasBytes);
    MemoryBudget driver = driver(experiment);
    MemoryBudget executor = executor(experiment, config.train().partitions());
    long libraries = cost(config.model().architecture()).baseMb();
    return new MemoryBudget(roundUp(heap), roundUp(driver.nativeMb + tasks * (executor.nativeMb - libraries)),
        LOCAL_MARGIN_MB);
  }

  /** A driver's or an executor's budget: its heap and native memory, with the container's margin. */
  public MemoryBudget(long heapMb, long nativeMb) {
    this(heapMb, nativeMb, OVERHEAD_MARGIN_MB);
  }

  /**
   * A GPU executor's budget: the same, and room beside it for the CUDA runtime, cuBLAS and cuDNN in host memory
   * (their libraries alone are over a gigabyte, and the process's resident memory, which the cap counts, holds what
   * they load and the driver's pinned buffers). An allowance, not a measurement: no GPU was at hand to measure one.
   */
  public MemoryBudget onGpu() {
    return new MemoryBudget(heapMb, nativeMb, marginMb + GPU_HOST_MB);
  }

  /** The same native budget beside another heap (spark.driver.memory given). */
  public MemoryBudget withHeap(long mb) {
    return new MemoryBudget(mb, nativeMb, marginMb);
  }

  /**
   * The process's resident-memory cap (JavaCPP's maxphysicalbytes, which ND4J's allocations check): above it an
   * allocation first runs the garbage collector, which returns the native memory of arrays no longer reachable,
   * and fails only if that does not bring the process below.
   */
  public long physicalCapMb() {
    return containerMb() - CAP_BELOW_CONTAINER_MB;
  }

  /** The cap as JVM options; the heap is -Xmx or spark.*.memory. */
  public String capOptions() {
    return "-D" + PHYSICAL_CAP_PROPERTY + "=" + physicalCapMb() + "m -D" + BYTES_CAP_PROPERTY + "=" + physicalCapMb()
        + "m";
  }

  /** spark.*.memoryOverhead: the native memory and the JVM's own beyond its heap. */
  public long overheadMb() {
    return nativeMb + marginMb;
  }

  /** The whole container: heap and overhead. */
  public long containerMb() {
    return heapMb + overheadMb();
  }

  /** Heap and cap as a JVM started by hand (not by spark-submit) takes them: the heap starts small and grows. */
  public String javaOptions() {
    return "-Xms" + Math.min(heapMb, INITIAL_HEAP_MB) + "m -Xmx" + heapMb + "m " + capOptions();
  }

  /**
   * What one backend call returns to the driver when every partition's result travels there (the default
   * reduction): each partition's gradient sums of both players in double precision, with room to spare.
   */
  public static long resultsPerCallMb(Experiment<?, ?, ?> experiment) {
    long perPartition = 8L * 4 * parameters(experiment); // up to four gradient terms
    return Math.max(1024, roundUp(2 * ceilMb(perPartition * experiment.config().train().partitions())));
  }

  /**
   * The block backend's replicas of {@code partitions} partitions in one JVM, unless the per-step backend is named
   * (auto may run blocks): each holds both players' parameters, gradient, proposed step and Adam moments in
   * double (5 values a parameter), the start state it reads at a first block (3) and its gradient terms and
   * exchange slices (up to 6); one of them also returns the end state, serialized beside it (6 more, once).
   */
  private static long replicasBytes(Experiment<?, ?, ?> experiment, int partitions) {
    if (experiment.config().spark().backend() == Settings.BackendKind.PER_STEP) {
      return 0;
    }
    return 8L * parameters(experiment) * (14L * partitions + 6);
  }

  private static long nativeMb(Experiment<?, ?, ?> experiment, int samples) {
    NativeCost c = cost(experiment.config().model().architecture());
    return (long) Math.ceil(c.baseMb() + c.perSampleMb() * samples
        + c.perMillionParametersMb() * parameters(experiment) / 1e6);
  }

  private static long parameters(Experiment<?, ?, ?> experiment) {
    long n = 0;
    for (ai.equilibrium.step.Player p : ai.equilibrium.step.Player.values()) {
      n += experiment.player(p).parameters().size();
    }
    return n;
  }

  private static long dataBytes(Experiment<?, ?, ?> experiment) {
    return experiment.source().sampleCount() * experiment.source().shape().dimension()
        * (long) experiment.source().bytesPerValue();
  }

  /**
   * Features of the generated and the real samples of an evaluation in double, as wide as the extractor's (the
   * bundled classifiers': 256; an Inception network's: 2,048), and the blocks of distances precision/recall and KID
   * reuse (32 MiB and 8 MiB, on the heap and beside it).
   */
  private static long evaluationBytes(ExperimentConfig config) {
    long width = switch (config.eval().extractor()) {
      case NONE -> 0;
      case CLASSIFIER -> FeatureClassifier.FEATURES;
      case KERAS -> 2048;
    };
    return width == 0 ? 0 : 2L * config.eval().samples() * width * Double.BYTES + (64L << 20);
  }

  private static int microBatch(ExperimentConfig config) {
    Settings.Train t = config.train();
    return t.batchSize() / (t.partitions() * t.microBatchesPerPartition());
  }

  private static long ceilMb(long bytes) {
    return (bytes + MB - 1) / MB;
  }

  /** Up to a multiple of 128 MB, as container sizes usually are. */
  private static long roundUp(long mb) {
    return (mb + 127) / 128 * 128;
  }
}
