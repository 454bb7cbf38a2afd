package io.sparklab.jobs;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import com.sun.net.httpserver.HttpsConfigurator;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.spark.SparkConf;

/** Where the lab's listeners serve their metrics: Prometheus text on a port of the driver. */
final class MetricsServer {
    private MetricsServer() {
    }

    /**
     * Serves the registry on the port; when it cannot, says so on stderr, the message starting with
     * {@code who}, and returns null: metrics are worth having, not worth failing the job or the
     * stream for.
     */
    static HTTPServer start(PrometheusRegistry registry, int port, String who) {
        return start(registry, port, who, new SparkConf(false));
    }

    /**
     * As {@link #start(PrometheusRegistry, int, String)}, secured as the driver's own UI is: TLS with
     * Spark's key store when {@code spark.ssl.enabled} is on, and the UI's basic auth when
     * {@code spark.ui.filters} names {@link UiBasicAuthFilter} (its settings, the same credentials).
     * A server that cannot be secured as asked is not started at all (said on stderr): plain HTTP in
     * its place would be worse than no metrics.
     */
    static HTTPServer start(PrometheusRegistry registry, int port, String who, SparkConf conf) {
        try {
            HTTPServer.Builder builder = HTTPServer.builder().port(port).registry(registry);
            if (conf.getBoolean("spark.ssl.enabled", false)) {
                builder.httpsConfigurator(new HttpsConfigurator(sslContext(conf)));
            }
            if (Arrays.stream(conf.get("spark.ui.filters", "").split(",")).map(String::trim)
                    .anyMatch(UiBasicAuthFilter.class.getName()::equals)) {
                builder.authenticator(new CheckedBasicAuth(basicAuth(conf)));
            }
            return builder.buildAndStart();
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            System.err.println(who + ": cannot serve metrics on port " + port + ": " + e);
            return null;
        }
    }

    private static SSLContext sslContext(SparkConf conf) throws IOException, GeneralSecurityException {
        Path file = Path.of(required(conf, "spark.ssl.keyStore"));
        char[] password = required(conf, "spark.ssl.keyStorePassword").toCharArray();
        KeyStore keys = KeyStore.getInstance(conf.get("spark.ssl.keyStoreType", KeyStore.getDefaultType()));
        try (InputStream in = Files.newInputStream(file)) {
            keys.load(in, password);
        }
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, conf.get("spark.ssl.keyPassword", new String(password)).toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(managers.getKeyManagers(), null, null);
        return context;
    }

    private static BasicAuthCheck basicAuth(SparkConf conf) {
        String p = UiBasicAuthFilter.PARAM_PREFIX;
        try {
            return new BasicAuthCheck(required(conf, p + "user"), required(conf, p + "passwordHash"), required(conf, p + "salt"),
                    Integer.parseInt(required(conf, p + "iterations")), Integer.parseInt(required(conf, p + "keyLength")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(p + "iterations and " + p + "keyLength must be whole numbers: " + e.getMessage(), e);
        }
    }

    private static String required(SparkConf conf, String key) {
        String value = conf.get(key, "");
        if (value.isBlank()) {
            throw new IllegalArgumentException(key + " is not set");
        }
        return value.trim();
    }

    /** The JDK server's authenticator over {@link BasicAuthCheck}, which remembers a header that passed. */
    private static final class CheckedBasicAuth extends Authenticator {
        private final BasicAuthCheck check;

        CheckedBasicAuth(BasicAuthCheck check) {
            this.check = check;
        }

        @Override
        public Result authenticate(HttpExchange exchange) {
            String header = exchange.getRequestHeaders().getFirst("Authorization");
            if (check.allows(header)) {
                return new Success(new HttpPrincipal("metrics", "Spark"));
            }
            exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"Spark\", charset=\"UTF-8\"");
            return new Retry(401);
        }
    }
}
