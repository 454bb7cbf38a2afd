package io.sparklab.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparklab.client.HttpJson;
import io.sparklab.exercises.Exercise;
import io.sparklab.support.ParquetFiles;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.MemoryStream;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * Exercise 15: the streaming listener counts what each query's sink wrote,
 * spark_streaming_output_rows_total{app, query}: for the quarantine query, the malformed events, which
 * its input rows (every event) cannot tell. Checked on a real Structured Streaming query in a local
 * Spark session whose filter keeps one row in three, so input rows are not an answer.
 */
@Exercise
class Exercise15StreamOutputRowsTest {
    private static final String APP = "exercise15";
    private static final String QUERY = "multiples_of_three";

    @Test
    void the_listener_counts_the_rows_each_querys_sink_wrote() throws Exception {
        SparkSession spark = ParquetFiles.spark();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (StreamingMetricsListener listener = new StreamingMetricsListener(APP, port, null)) {
            spark.streams().addListener(listener);
            MemoryStream<Integer> input = new MemoryStream<>(1, spark.sqlContext(), Option.empty(), Encoders.INT());
            StreamingQuery query = input.toDF().filter("value % 3 = 0").writeStream().queryName(QUERY)
                    .format("memory").outputMode("append").start();
            try {
                for (int batch = 0; batch < 2; batch++) {
                    List<Integer> values = IntStream.rangeClosed(batch * 30 + 1, batch * 30 + 30).boxed().toList();
                    input.addData(JavaConverters.asScalaBuffer(values).toSeq());
                    query.processAllAvailable();
                }
            } finally {
                query.stop();
            }
            String metrics = "http://localhost:" + port + "/metrics";
            // Progress events reach listeners asynchronously: wait for the second batch's.
            Awaitility.await("the listener saw both batches").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> HttpJson.text(metrics).contains("spark_streaming_input_rows_total{app=\"" + APP + "\",query=\"" + QUERY + "\"} 60.0"));
            spark.streams().removeListener(listener);
            String text = HttpJson.text(metrics);
            String expected = "spark_streaming_output_rows_total{app=\"" + APP + "\",query=\"" + QUERY + "\"}";
            assertThat(text).as("the listener's metrics (%s): %s, a counter of the rows the sink wrote", metrics, expected)
                    .contains("# TYPE spark_streaming_output_rows_total counter").contains(expected);
            String line = text.lines().filter(l -> l.startsWith(expected)).findFirst().orElseThrow();
            assertThat(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .as("rows written by the sink: 60 read, one in three kept (input rows would be 60)").isEqualTo(20.0);
        }
    }
}
