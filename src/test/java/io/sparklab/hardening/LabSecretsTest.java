package io.sparklab.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabSecretsTest {
    @TempDir
    static Path parent;
    private static LabSecrets secrets;

    @BeforeAll
    static void make() {
        secrets = LabSecrets.create(parent, List.of("prometheus", "alertmanager"));
    }

    @Test
    void the_server_certificate_is_trusted_through_the_lab_ca_and_names_every_service() throws Exception {
        X509Certificate server = read(secrets.file(LabSecrets.SERVER_CERT));
        X509Certificate ca = read(secrets.file(LabSecrets.CA_CERT));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", ca);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        X509TrustManager trust = (X509TrustManager) factory.getTrustManagers()[0];
        trust.checkServerTrusted(new X509Certificate[] {server}, "ECDHE_ECDSA"); // throws if the chain is not the CA's

        assertThat(server.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList())
                .contains("prometheus", "alertmanager", "localhost", "127.0.0.1");
        assertThat(server.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1"); // serverAuth
        assertThat(ca.getBasicConstraints()).as("the CA is a CA").isGreaterThanOrEqualTo(0);
        assertThat(server.getBasicConstraints()).as("the server certificate is not").isEqualTo(-1);
    }

    @Test
    void the_spark_key_store_has_a_key_of_its_own_naming_only_the_spark_containers() throws Exception {
        LabSecrets split = LabSecrets.create(parent, List.of("prometheus", "alertmanager"), List.of("spark-master", "spark-worker-1"));
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(split.file(LabSecrets.KEY_STORE))) {
            keys.load(in, split.keyStorePassword().toCharArray());
        }
        X509Certificate spark = (X509Certificate) keys.getCertificate(LabSecrets.KEY_STORE_ALIAS);
        X509Certificate server = read(split.file(LabSecrets.SERVER_CERT));
        assertThat(spark.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList())
                .contains("spark-master", "spark-worker-1", "localhost").doesNotContain("prometheus", "alertmanager");
        assertThat(server.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList())
                .contains("prometheus", "alertmanager").doesNotContain("spark-master");
        assertThat(spark.getPublicKey()).as("the key store's key is not the other services' key").isNotEqualTo(server.getPublicKey());
        assertThat(spark.getIssuerX500Principal()).isEqualTo(split.caCertificate().getSubjectX500Principal());
    }

    @Test
    void a_certificate_of_another_ca_is_not_trusted() throws Exception {
        LabSecrets other = LabSecrets.create(parent, List.of("prometheus"));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", secrets.caCertificate());
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        X509TrustManager trust = (X509TrustManager) factory.getTrustManagers()[0];
        assertThatThrownBy(() -> trust.checkServerTrusted(new X509Certificate[] {other.serverCertificate()}, "ECDHE_ECDSA"))
                .isInstanceOf(java.security.cert.CertificateException.class);
    }

    @Test
    void the_web_config_holds_only_a_bcrypt_hash_of_the_password() throws Exception {
        String text = Files.readString(secrets.file(LabSecrets.WEB_CONFIG));
        JsonNode config = new ObjectMapper(new YAMLFactory()).readTree(text);
        String hash = config.path("basic_auth_users").path(LabSecrets.USER).asText();

        assertThat(hash).startsWith("$2b$10$");
        assertThat(OpenBSDBCrypt.checkPassword(hash, secrets.password().toCharArray())).isTrue();
        assertThat(OpenBSDBCrypt.checkPassword(hash, "wrong".toCharArray())).isFalse();
        assertThat(text).doesNotContain(secrets.password());
        assertThat(config.path("tls_server_config").path("cert_file").asText()).isEqualTo("/etc/lab/secrets/server.crt");
        assertThat(Files.readString(secrets.file(LabSecrets.PASSWORD))).isEqualTo(secrets.password());
        assertThat(secrets.password()).hasSizeGreaterThanOrEqualTo(32);
        assertThat(Files.readString(secrets.file(LabSecrets.CURL_CONFIG))).as("curl -K config")
                .contains("user = \"lab:" + secrets.password() + "\"")
                .contains("cacert = \"" + secrets.file(LabSecrets.CA_CERT) + "\"");
        // PKCS#8: node-exporter 1.5 (Go) refused BouncyCastle's default "EC PRIVATE KEY" encoding
        // ("tls: failed to parse private key", measured) and serves with this one.
        assertThat(Files.readString(secrets.file(LabSecrets.SERVER_KEY))).startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void each_set_is_new_and_its_folder_is_the_owners_alone() throws Exception {
        LabSecrets other = LabSecrets.create(parent, List.of("prometheus"));
        assertThat(other.password()).isNotEqualTo(secrets.password());
        assertThat(other.caCertificate()).isNotEqualTo(secrets.caCertificate());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets.dir()))).isEqualTo("rwx------");

        other.delete();
        assertThat(other.dir()).doesNotExist();
    }

    private static X509Certificate read(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
