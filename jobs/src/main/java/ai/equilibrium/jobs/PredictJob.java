package ai.equilibrium.jobs;

import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.config.ExperimentSchema;
import ai.equilibrium.experiment.SavedModel;
import ai.equilibrium.predict.ClassifierFileModel;
import ai.equilibrium.predict.DomainAdaptationModel;
import ai.equilibrium.predict.Prediction;
import ai.equilibrium.predict.PredictionInput;
import ai.equilibrium.predict.PredictionModel;
import ai.equilibrium.predict.PredictionTable;
import ai.equilibrium.predict.RowConversion;
import ai.equilibrium.spark.SparkPredictions;
import ai.equilibrium.storage.FolderLease;
import ai.equilibrium.storage.RunDirectory;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Applies a trained classifier to inputs on Spark and writes one row per input, {@code id, predicted, p0, p1, ...},
 * as OUT/predictions.parquet (one file per task) and OUT/predictions.csv (one file, in input order):
 *
 * <ul>
 *   <li>a domain adaptation's label classifier: {@code PredictJob RUN_DIR|CHECKPOINT_DIR --input PATH --out DIR
 *       [--checkpoint best|step-N]}, the checkpoint's feature extractor and label classifier (default: the
 *       newest trusted step-N), probabilities the softmax of their logits;
 *   <li>a saved DL4J classifier, such as the face attribute classifier: {@code PredictJob --model FILE.zip --input
 *       PATH --out DIR}.
 * </ul>
 *
 * The input is a prepared image folder, an IDX file or a NumPy archive ({@link PredictionInput}), preprocessed as
 * the model's training data were ({@link RowConversion}); one task per shard or range reads its own items.
 */
public final class PredictJob {
  public static final String PARQUET = "predictions.parquet";
  public static final String CSV = "predictions.csv";

  private PredictJob() {}

  static final JobMain.Spec SPEC = new JobMain.Spec("""
      usage: predict RUN_DIR|CHECKPOINT_DIR --input PATH --out DIR [--checkpoint best|step-N] [--array NAME] [key=value ...]
             predict --model CLASSIFIER.zip --input PATH --out DIR [--array NAME] [key=value ...]
        --input   a prepared image folder, an IDX file (gzip or not) or a NumPy .npz archive; any Hadoop path
        --out     the folder for predictions.csv and predictions.parquet; any Hadoop path
        --array   the .npz array to classify (default: the archive's first)
        key=value overrides of the run's config, for example spark.master=local[2]""",
      Set.of("input", "out", "array", "checkpoint", "model"), Set.of(), PredictJob::run);

  public static void main(String[] args) {
    JobMain.main(args, SPEC);
  }

  private static ExitStatus run(JobArguments args, PrintStream out) {
    Optional<String> file = args.option("model");
    if (args.positionals().size() > 1 || args.positionals().isEmpty() == file.isEmpty()) {
      throw new IllegalArgumentException("give either a run (or checkpoint) directory or --model CLASSIFIER.zip");
    }
    if (file.isPresent() && args.option("checkpoint").isPresent()) {
      throw new IllegalArgumentException("--checkpoint picks a run's checkpoint; --model is a classifier file");
    }
    String inputPath = args.option("input").orElseThrow(() -> new IllegalArgumentException("--input PATH is needed"));
    String outDir = args.option("out").orElseThrow(() -> new IllegalArgumentException("--out DIR is needed"));
    long start = System.nanoTime();
    ExperimentConfig config;
    PredictionModel model;
    if (file.isPresent()) {
      config = ExperimentSchema.load(null, args.assignments()); // where Spark runs and how it reaches files
      SparkSessions.useHadoopSettings(config);
      model = ClassifierFileModel.load(file.get());
    } else {
      SavedModel saved = SavedModel.load(args.positionals().get(0), args.option("checkpoint").orElse(null),
          args.assignments());
      config = saved.experiment().config();
      SparkSessions.useHadoopSettings(config);
      model = DomainAdaptationModel.of(saved);
    }
    SparkSessions.checkMaster(config);
    // every check before Spark starts and before the output folder is touched
    PredictionInput input = PredictionInput.open(inputPath, args.option("array").orElse(null));
    RowConversion conversion = RowConversion.of(input, model.input(), model.name());
    Written written;
    int tasks;
    try (FolderLease lease = FolderLease.acquire(outDir, "the predictions of " + model.name(), out);
        JavaSparkContext sc = SparkSessions.create(config, "equilibrium-predict")) {
      List<PredictionInput.Range> ranges = input.ranges(sc.defaultParallelism());
      tasks = ranges.size();
      try (SparkPredictions predictions = new SparkPredictions(sc, model, input, conversion, ranges)) {
        written = write(sc, predictions.predictions(), PredictionTable.of(model), new RunDirectory(outDir));
      }
    }
    out.printf(Locale.ROOT, "equilibrium: %d predictions of %s on %s, %d tasks, %.1f s%s%n", written.rows(),
        model.name(), input.describe(), tasks, (System.nanoTime() - start) / 1e9, written.classes());
    out.printf("equilibrium: wrote %s/%s and %s/%s%n", written.folder(), CSV, written.folder(), PARQUET);
    return ExitStatus.OK;
  }

  /** What was written: the row count, the predicted classes' counts (as text, empty for multi-label models). */
  private record Written(String folder, long rows, String classes) {}

  /** The Parquet table from the tasks, then the CSV from the same predictions, kept rather than computed twice. */
  private static Written write(JavaSparkContext sc, JavaRDD<Prediction> predictions, PredictionTable table,
      RunDirectory folder) {
    JavaRDD<Prediction> kept = predictions.persist(StorageLevel.MEMORY_AND_DISK());
    ParquetTables.write(sc, schema(table), kept.map(p -> RowFactory.create(table.values(p))),
        folder.location() + "/" + PARQUET);
    long[] rows = {0};
    Map<Object, Long> classes = new TreeMap<>();
    folder.writeAtomically(CSV, stream -> {
      Writer csv = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
      csv.write(table.csvHeader() + "\n");
      for (Iterator<Prediction> it = kept.toLocalIterator(); it.hasNext(); rows[0]++) {
        Prediction prediction = it.next();
        csv.write(table.csvLine(prediction) + "\n");
        if (!table.multiLabel()) {
          classes.merge(table.predicted(prediction.probabilities()), 1L, Long::sum);
        }
      }
      csv.flush();
    });
    StringJoiner counts = new StringJoiner(", ", "; predicted classes ", "").setEmptyValue("");
    classes.forEach((k, n) -> counts.add(k + ": " + n));
    return new Written(folder.location(), rows[0], counts.toString());
  }

  /** id, predicted (the class, or the labels present), then one probability column per label. */
  static StructType schema(PredictionTable table) {
    List<StructField> fields = new ArrayList<>();
    fields.add(DataTypes.createStructField("id", DataTypes.StringType, false));
    fields.add(DataTypes.createStructField("predicted", table.multiLabel() ? DataTypes.StringType
        : DataTypes.IntegerType, false));
    for (String label : table.labels()) {
      fields.add(DataTypes.createStructField(label, table.doubles() ? DataTypes.DoubleType : DataTypes.FloatType,
          false));
    }
    return DataTypes.createStructType(fields);
  }
}
