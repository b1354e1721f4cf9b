package ai.equilibrium.jobs;

import ai.equilibrium.storage.FileSystems;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Tables written as Parquet through Spark SQL: small ones (a sweep's trials, a suite's history) as one file beside
 * their CSV, large ones (predictions) one file per task that computed them; for notebooks and for joining them with
 * other tables. No Hadoop checksum sidecars are left beside them on a local disk.
 */
final class ParquetTables {
  private ParquetTables() {}

  /** Replaces the table at {@code path} with {@code rows}, in one file. */
  static void write(JavaSparkContext sc, StructType schema, List<Row> rows, String path) {
    write(session(sc).createDataFrame(rows, schema).coalesce(1), path);
  }

  /** Replaces the table at {@code path} with {@code rows}, written by the tasks that compute them. */
  static void write(JavaSparkContext sc, StructType schema, JavaRDD<Row> rows, String path) {
    write(session(sc).createDataFrame(rows, schema), path);
  }

  private static void write(Dataset<Row> table, String path) {
    table.write().mode(SaveMode.Overwrite).parquet(path);
    try {
      FileSystems.dropChecksumFiles(new Path(path));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot tidy " + path + ": " + e.getMessage(), e);
    }
  }

  private static SparkSession session(JavaSparkContext sc) {
    return SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
  }
}
