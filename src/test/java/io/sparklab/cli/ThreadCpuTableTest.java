package io.sparklab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuTableTest {
    private static final String PLAIN = """
            [etl_job] done in 33.1 s: read 3000000 rows
            [cpu] driver threads (ms): (process)=9000 | main=4000 | GC Thread=1000 | C2 CompilerThre=2000
            [cpu] executor 0 threads (ms): (process)=50000 | Executor task launch worker for task=40000 | GC Thread=3000
            """;
    private static final String INSTRUMENTED = """
            [cpu] driver threads (ms): (process)=10500 | main=4000 | GC Thread=1200 | C2 CompilerThre=2900 | prometheus-http=300
            [cpu] executor 0 threads (ms): (process)=50600 | Executor task launch worker for task=40000 | GC Thread=3500
            [cpu] executor 1 threads (ms): (process)=100 | GC Thread=100
            """;

    @Test
    void a_runs_lines_give_seconds_by_role_and_thread_the_executors_summed() {
        Map<String, Map<String, Double>> run = ThreadCpuTable.parse(INSTRUMENTED);

        assertThat(run.get("driver")).containsEntry("(process)", 10.5).containsEntry("prometheus-http", 0.3);
        assertThat(run.get("executors").get("GC Thread")).isCloseTo(3.6, within(1e-9));
        assertThat(run.get("executors").get("(process)")).isCloseTo(50.7, within(1e-9));
    }

    @Test
    void the_threads_that_spend_more_come_first_and_a_missing_thread_spent_nothing() {
        List<ThreadCpuTable.Row> rows = ThreadCpuTable.compare(
                List.of(ThreadCpuTable.parse(PLAIN)), List.of(ThreadCpuTable.parse(INSTRUMENTED)), 2);

        assertThat(rows).extracting(r -> r.role() + " " + r.thread()).containsExactly(
                "driver (process)", "driver C2 CompilerThre", "driver prometheus-http",
                "executors (process)", "executors GC Thread", "executors Executor task launch worker for task");
        assertThat(rows.get(2).base()).isZero();
        assertThat(rows.get(1).difference()).isCloseTo(0.9, within(1e-9));
    }

    @Test
    void a_run_without_the_plugins_lines_has_no_roles() {
        assertThat(ThreadCpuTable.parse("[etl_job] done in 33.1 s")).isEmpty();
    }

    @Test
    void one_spark_plugins_setting_loads_the_thread_plugin_and_in_instrumented_runs_the_page_plugin_too() throws Exception {
        assertThat(ThreadCpuTable.pluginConf(false)).containsExactly("--conf", "spark.plugins=io.sparklab.jobs.ThreadCpuPlugin");
        assertThat(ThreadCpuTable.pluginConf(true))
                .containsExactly("--conf", "spark.plugins=io.sparklab.jobs.AgentCpuPlugin,io.sparklab.jobs.ThreadCpuPlugin");
        // the names ./lab spells, as the jobs' classes have them (./lab runs without Spark on its classpath)
        assertThat(ThreadCpuTable.PLUGIN).isEqualTo(io.sparklab.jobs.ThreadCpuPlugin.class.getName());
        assertThat(ThreadCpuTable.PROCESS).isEqualTo(io.sparklab.jobs.ThreadCpuPlugin.PROCESS);
        // the classes Spark will load by those names
        for (String name : ThreadCpuTable.pluginConf(true).get(1).substring("spark.plugins=".length()).split(",")) {
            assertThat(org.apache.spark.api.plugin.SparkPlugin.class.isAssignableFrom(Class.forName(name))).as(name).isTrue();
        }
    }
}
