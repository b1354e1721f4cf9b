package ai.equilibrium.jobs;

import ai.equilibrium.storage.FileSystems;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Small tables (a sweep's trials, a suite's history) written as one Parquet file through Spark SQL, beside their
 * CSV, for notebooks and for joining them with other tables.
 */
final class ParquetTables {
  private ParquetTables() {}

  /** Replaces the table at {@code path} with {@code rows}. */
  static void write(JavaSparkContext sc, StructType schema, List<Row> rows, String path) {
    SparkSession.builder().sparkContext(sc.sc()).getOrCreate().createDataFrame(rows, schema).coalesce(1).write()
        .mode(SaveMode.Overwrite).parquet(path);
    try {
      FileSystems.dropChecksumFiles(new Path(path));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot tidy " + path + ": " + e.getMessage(), e);
    }
  }
}
