package io.sparklab.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The listeners' metrics endpoint: served when the port is free, a line on stderr (and no failure) when not. */
class MetricsServerTest {
    @Test
    void serves_the_registry_on_the_port() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        Counter.builder().name("lab_test_total").help("a test counter").register(registry).inc();
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        HTTPServer server = MetricsServer.start(registry, port, "[test] MetricsServerTest");
        assertThat(server).isNotNull();
        try {
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(body).contains("lab_test_total 1.0");
        } finally {
            server.close();
        }
    }

    /** With the hardened profile's spark-defaults.conf: TLS with its key store, and the UIs' basic auth. */
    @Test
    void secured_as_the_spark_ui_when_the_config_says_so(@TempDir java.nio.file.Path dir) throws Exception {
        io.sparklab.hardening.LabSecrets secrets = io.sparklab.hardening.LabSecrets.create(dir, java.util.List.of("spark-master"));
        java.util.Properties defaults = new java.util.Properties();
        try (var reader = java.nio.file.Files.newBufferedReader(io.sparklab.hardening.HardenedSparkDefaults.write(
                io.sparklab.stack.LabProject.current().config("spark-defaults.conf"), secrets))) {
            defaults.load(reader);
        }
        org.apache.spark.SparkConf conf = new org.apache.spark.SparkConf(false);
        defaults.forEach((k, v) -> conf.set((String) k, (String) v));
        // Where the key store is on this machine rather than in a container.
        conf.set("spark.ssl.keyStore", secrets.file(io.sparklab.hardening.LabSecrets.KEY_STORE).toString());
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        PrometheusRegistry registry = new PrometheusRegistry();
        Counter.builder().name("lab_test_total").help("a test counter").register(registry).inc();
        HTTPServer server = MetricsServer.start(registry, port, "[test] MetricsServerTest", conf);
        assertThat(server).isNotNull();
        try {
            java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", secrets.caCertificate());
            javax.net.ssl.TrustManagerFactory trustManagers = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
            tls.init(null, trustManagers.getTrustManagers(), null);
            HttpClient client = HttpClient.newBuilder().sslContext(tls).build();
            URI uri = URI.create("https://localhost:" + port + "/metrics");
            String basic = "Basic " + java.util.Base64.getEncoder().encodeToString(("lab:" + secrets.password()).getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> allowed = client.send(HttpRequest.newBuilder(uri).header("Authorization", basic).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(allowed.statusCode()).as("with the lab's credentials, over TLS checked against the lab CA").isEqualTo(200);
            assertThat(allowed.body()).contains("lab_test_total 1.0");
            assertThat(client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .as("without credentials").isEqualTo(401);
            String wrong = "Basic " + java.util.Base64.getEncoder().encodeToString("lab:wrong".getBytes(StandardCharsets.UTF_8));
            assertThat(client.send(HttpRequest.newBuilder(uri).header("Authorization", wrong).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).as("with a wrong password").isEqualTo(401);
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString())))
                    .as("plain HTTP gets no answer").isInstanceOf(java.io.IOException.class);
        } finally {
            server.close();
        }
    }

    @Test
    void a_server_that_cannot_be_secured_as_asked_is_not_started_and_says_why() throws Exception {
        PrintStream stderr = System.err;
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        org.apache.spark.SparkConf conf = new org.apache.spark.SparkConf(false).set("spark.ui.filters", UiBasicAuthFilter.class.getName());
        try (ServerSocket free = new ServerSocket(0)) {
            int port = free.getLocalPort();
            free.close();
            System.setErr(new PrintStream(said, true, StandardCharsets.UTF_8));
            assertThat(MetricsServer.start(new PrometheusRegistry(), port, "[app] SomeListener", conf)).isNull();
            assertThat(said.toString(StandardCharsets.UTF_8)).contains(UiBasicAuthFilter.PARAM_PREFIX + "user is not set");
        } finally {
            System.setErr(stderr);
        }
    }

    @Test
    void a_taken_port_is_said_on_stderr_and_gives_no_server() throws Exception {
        PrintStream stderr = System.err;
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        try (ServerSocket taken = new ServerSocket(0)) {
            System.setErr(new PrintStream(said, true, StandardCharsets.UTF_8));
            assertThat(MetricsServer.start(new PrometheusRegistry(), taken.getLocalPort(), "[app] SomeListener")).isNull();
            assertThat(said.toString(StandardCharsets.UTF_8))
                    .startsWith("[app] SomeListener: cannot serve metrics on port " + taken.getLocalPort() + ": ");
        } finally {
            System.setErr(stderr);
        }
    }
}
