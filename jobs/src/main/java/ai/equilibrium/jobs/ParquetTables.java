package ai.equilibrium.jobs;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Tables written as Parquet through Spark SQL, beside their CSV, for notebooks and for joining them with other
 * tables: small ones (a sweep's trials, a suite's history) as one file, large ones (predictions) one file per task.
 */
final class ParquetTables {
  private ParquetTables() {}

  /** Replaces the table at {@code path} with {@code rows}. */
  static void write(JavaSparkContext sc, StructType schema, List<Row> rows, String path) {
    SparkSession.builder().sparkContext(sc.sc()).getOrCreate().createDataFrame(rows, schema).coalesce(1).write()
        .mode(SaveMode.Overwrite).parquet(path);
  }

  /** Replaces the table at {@code path} with {@code rows}, written by the tasks that compute them. */
  static void write(JavaSparkContext sc, StructType schema, JavaRDD<Row> rows, String path) {
    SparkSession.builder().sparkContext(sc.sc()).getOrCreate().createDataFrame(rows, schema).write()
        .mode(SaveMode.Overwrite).parquet(path);
  }
}
