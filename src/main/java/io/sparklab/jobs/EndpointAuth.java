package io.sparklab.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * How the job reaches the hardened lab's Prometheus and Pushgateway: basic auth with a password read
 * from a file (never an argument: arguments show in ps and in Spark's UI), and TLS trusting the CA
 * in a PEM file besides the JDK's own. Empty (the default lab): plain requests, as before.
 *
 * @param user         basic-auth user, or null for none
 * @param passwordFile the file holding its password
 * @param caFile       a PEM file of the CA that signed the servers' certificates, or null for the JDK's trust only
 */
public record EndpointAuth(String user, String passwordFile, String caFile) {
    public static EndpointAuth none() {
        return new EndpointAuth(null, null, null);
    }

    /** Checks the pieces fit together and the files are there, naming the option at fault. */
    public EndpointAuth validated() {
        if ((user == null) != (passwordFile == null)) {
            throw new IllegalArgumentException("--basic-auth-user and --basic-auth-password-file go together (got "
                    + (user == null ? "only --basic-auth-password-file" : "only --basic-auth-user") + ")");
        }
        requireFile("--basic-auth-password-file", passwordFile);
        requireFile("--ca-file", caFile);
        if (caFile != null) {
            sslContext(); // a file with no certificate in it is named now, not as a TLS error at the push
        }
        return this;
    }

    /** The Authorization header's value, or null without basic auth. */
    public String authorization() {
        if (user == null) {
            return null;
        }
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password()).getBytes(StandardCharsets.UTF_8));
    }

    /** An HTTP client trusting the CA file (if any). */
    public HttpClient httpClient(Duration connectTimeout) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(connectTimeout);
        if (caFile != null) {
            builder.sslContext(sslContext());
        }
        return builder.build();
    }

    /** Adds the Authorization header (if any) to a request. */
    public HttpRequest.Builder authorize(HttpRequest.Builder request) {
        String auth = authorization();
        return auth == null ? request : request.header("Authorization", auth);
    }

    /** Opens connections that trust the CA file: for the Pushgateway client, which uses HttpURLConnection. */
    public HttpURLConnection open(java.net.URL url) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) url.openConnection();
        if (caFile != null && connection instanceof HttpsURLConnection https) {
            https.setSSLSocketFactory(sslContext().getSocketFactory());
        }
        return connection;
    }

    String password() {
        try {
            return Files.readString(Path.of(passwordFile)).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read --basic-auth-password-file " + passwordFile, e);
        }
    }

    /** Trusts the JDK's CAs and those of the CA file: a trust store holding both. */
    private SSLContext sslContext() {
        try (InputStream in = Files.newInputStream(Path.of(caFile))) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            jdk.init((KeyStore) null);
            int i = 0;
            for (var manager : jdk.getTrustManagers()) {
                if (manager instanceof javax.net.ssl.X509TrustManager x509) {
                    for (var issuer : x509.getAcceptedIssuers()) {
                        store.setCertificateEntry("jdk-" + i++, issuer);
                    }
                }
            }
            int fromFile = 0;
            for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + fromFile++, certificate);
            }
            if (fromFile == 0) {
                throw new IllegalArgumentException("--ca-file " + caFile + " holds no PEM certificate");
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read --ca-file " + caFile, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("--ca-file " + caFile + " holds no usable certificate: " + e.getMessage(), e);
        }
    }

    private static void requireFile(String option, String file) {
        if (file != null && !Files.isReadable(Path.of(file))) {
            throw new IllegalArgumentException(option + " " + file + ": no such readable file");
        }
    }
}
