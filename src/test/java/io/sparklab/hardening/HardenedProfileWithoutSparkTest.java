package io.sparklab.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparklab.stack.LabProject;
import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab command writes the hardened profile's files without Spark on its classpath: Spark is
 * "provided", there only for the jobs, which run in the Spark containers. The tests have Spark, so a
 * writer that touches a Spark or servlet class passes every other test and fails only when a student
 * runs `./lab up --hardened` (a hardened `./lab bench` once died of javax.servlet.Filter, from naming
 * the UI filter's class). Here the writers run in a class loader without Spark, Scala or the servlet API.
 */
class HardenedProfileWithoutSparkTest {
    @TempDir
    Path dir;

    @Test
    void every_file_of_the_profile_is_written_without_spark_on_the_classpath() throws Exception {
        List<URL> urls = new ArrayList<>();
        List<String> left = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String path = entry.replace('\\', '/');
            if (path.contains("/org/apache/spark/") || path.contains("/org/scala-lang/") || path.contains("servlet")) {
                left.add(path.substring(path.lastIndexOf('/') + 1));
                continue;
            }
            urls.add(new File(entry).toURI().toURL());
        }
        assertThat(left).as("jars left out (a check of this test)").anyMatch(jar -> jar.startsWith("spark-core"))
                .anyMatch(jar -> jar.contains("servlet"));
        try (URLClassLoader withoutSpark = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            Class<?> secretsClass = withoutSpark.loadClass(LabSecrets.class.getName());
            Object secrets = secretsClass.getMethod("create", Path.class, List.class).invoke(null, dir, List.of("spark-master"));
            LabProject project = LabProject.current();
            Method spark = withoutSpark.loadClass(HardenedSparkDefaults.class.getName()).getMethod("write", Path.class, secretsClass);
            assertThat((Path) spark.invoke(null, project.config("spark-defaults.conf"), secrets)).exists();
            Method jmx = withoutSpark.loadClass(HardenedJmxExporterConfig.class.getName()).getMethod("write", Path.class, secretsClass);
            assertThat((Path) jmx.invoke(null, project.config("spark-driver-jmx-exporter.yaml"), secrets)).exists();
            Method prometheus = withoutSpark.loadClass(HardenedPrometheusConfig.class.getName()).getMethod("write", Path.class,
                    String.class, java.util.Set.class, java.util.Map.class, secretsClass);
            assertThat((Path) prometheus.invoke(null, project.config("prometheus.yml"), "/etc/lab/config",
                    java.util.Set.of("spark-master"), java.util.Map.of(8080, 8480), secrets)).exists();
            Method alertmanager = withoutSpark.loadClass(HardenedAlertmanagerConfig.class.getName()).getMethod("write", Path.class,
                    java.util.Set.class, secretsClass);
            assertThat((Path) alertmanager.invoke(null, project.config("alertmanager.yml"), java.util.Set.of("webhook-receiver"), secrets))
                    .exists();
        }
    }
}
