package io.sparklab.hardening;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The hardened profile's secrets, made fresh for each stack (under target/, never committed, deleted
 * when the stack stops): a lab
 * certificate authority, one server certificate it signs for every service's network alias (and
 * localhost, for the ports published on this machine), and the password of the lab's one user
 * with its bcrypt hash. Made with BouncyCastle, not by hand.
 *
 * <p>The folder is readable by its owner only; the containers get the files they need mounted one
 * by one (a bind-mounted file is reached through the mount, not through the folder), so the
 * services, which run as users of their own, can read them and nobody else on the machine can.
 */
public final class LabSecrets {
    /** The one user of the hardened lab's HTTP endpoints. */
    public static final String USER = "lab";
    /** Where the containers see the secrets. */
    public static final String CONTAINER_DIR = "/etc/lab/secrets";
    public static final String CA_CERT = "ca.crt";
    public static final String SERVER_CERT = "server.crt";
    public static final String SERVER_KEY = "server.key";
    public static final String PASSWORD = "password";
    public static final String WEB_CONFIG = "web-config.yml";
    /**
     * A curl config (user and CA) for a person on this machine: `curl -K` reads the password from
     * it, so it is not in the command line, where ps and the shell's history would show it.
     */
    public static final String CURL_CONFIG = "curl.config";
    /** The lab CA as a PKCS12 trust store, for JVMs (-Djavax.net.ssl.trustStore). */
    public static final String TRUST_STORE = "truststore.p12";
    /** A PKCS12 trust store's password protects nothing secret (it holds a public certificate); JVMs want one. */
    public static final String TRUST_STORE_PASSWORD = "sparklab";
    /**
     * The Spark containers' key and certificate (with the CA) as a PKCS12 key store, for the JVMs that
     * serve TLS there (the JMX agents, Spark's UIs, the lab listener): a key pair of its own, naming
     * only the Spark containers (see {@link #create(Path, List, List)}). Java's PKCS12 reads aliases
     * back lower-cased, and the agent wants the alias exactly, so it is lower-case here.
     */
    public static final String KEY_STORE = "server.p12";
    public static final String KEY_STORE_ALIAS = "server";
    /** bcrypt's cost: 2^10 rounds, the exporter toolkit's own examples' figure (its servers cache a checked password). */
    static final int BCRYPT_COST = 10;
    private static final Duration VALIDITY = Duration.ofDays(30);

    private final Path dir;
    private final String password;
    private final String sparkSecret;
    private final String keyStorePassword;
    private final X509Certificate ca;
    private final X509Certificate server;
    private final X509Certificate spark;

    private LabSecrets(Path dir, String password, String sparkSecret, String keyStorePassword, X509Certificate ca,
            X509Certificate server, X509Certificate spark) {
        this.dir = dir;
        this.password = password;
        this.sparkSecret = sparkSecret;
        this.keyStorePassword = keyStorePassword;
        this.ca = ca;
        this.server = server;
        this.spark = spark;
    }

    /**
     * Makes a new set in a new folder under {@code parent}: the server certificate names every one of
     * {@code hostNames} (plus localhost and 127.0.0.1).
     */
    public static LabSecrets create(Path parent, List<String> hostNames) {
        return create(parent, hostNames, hostNames);
    }

    /**
     * As {@link #create(Path, List)}, with the Spark containers' key store made from a key pair of its
     * own, its certificate naming only {@code sparkHostNames} (plus localhost and 127.0.0.1): the
     * master and the workers run the jobs' code, which can read the key store and its password, and
     * must not hold a key that passes for Prometheus, Alertmanager or the webhook receiver.
     */
    public static LabSecrets create(Path parent, List<String> hostNames, List<String> sparkHostNames) {
        try {
            Files.createDirectories(parent);
            Path dir = Files.createTempDirectory(parent, "secrets-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            SecureRandom random = new SecureRandom();

            KeyPair caKeys = ecKeyPair();
            X500Name caName = new X500Name("CN=Spark Observability Lab CA " + Instant.now().getEpochSecond());
            X509Certificate ca = sign(caName, caKeys, caName, caKeys.getPublic(), random, true, List.of());

            KeyPair serverKeys = ecKeyPair();
            List<String> names = new ArrayList<>(hostNames);
            names.add("localhost");
            X509Certificate server = sign(caName, caKeys, new X500Name("CN=sparklab"), serverKeys.getPublic(), random, false, names);

            String password = randomPassword(random);

            write(dir.resolve(CA_CERT), pem(ca));
            write(dir.resolve(SERVER_CERT), pem(server));
            // PKCS#8 ("PRIVATE KEY"): what Go's TLS and Java both read for an EC key.
            write(dir.resolve(SERVER_KEY), pem(new JcaPKCS8Generator(serverKeys.getPrivate(), null)));
            write(dir.resolve(PASSWORD), password);
            write(dir.resolve(CURL_CONFIG), "user = \"" + USER + ":" + password + "\"\ncacert = \"" + dir.resolve(CA_CERT) + "\"\n");
            write(dir.resolve(WEB_CONFIG), """
                    # The hardened profile's web config (exporter toolkit: Prometheus, Alertmanager, the
                    # Pushgateway, node-exporter), generated for this stack: TLS with the lab's server
                    # certificate, and basic auth; each user's password is kept here only as a bcrypt hash.
                    tls_server_config:
                      cert_file: %s/%s
                      key_file: %s/%s
                    basic_auth_users:
                      %s: '%s'
                    """.formatted(CONTAINER_DIR, SERVER_CERT, CONTAINER_DIR, SERVER_KEY, USER, bcrypt(password, random)));
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("sparklab-ca", ca);
            try (OutputStream out = Files.newOutputStream(dir.resolve(TRUST_STORE))) {
                trust.store(out, TRUST_STORE_PASSWORD.toCharArray());
            }
            // Unlike the trust store's, this password guards a private key: random, like the others.
            String keyStorePassword = randomPassword(random);
            KeyPair sparkKeys = ecKeyPair();
            List<String> sparkNames = new ArrayList<>(sparkHostNames);
            sparkNames.add("localhost");
            X509Certificate spark = sign(caName, caKeys, new X500Name("CN=sparklab-spark"), sparkKeys.getPublic(), random, false,
                    sparkNames);
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry(KEY_STORE_ALIAS, sparkKeys.getPrivate(), keyStorePassword.toCharArray(),
                    new java.security.cert.Certificate[] {spark, ca});
            try (OutputStream out = Files.newOutputStream(dir.resolve(KEY_STORE))) {
                keys.store(out, keyStorePassword.toCharArray());
            }
            Files.setPosixFilePermissions(dir.resolve(KEY_STORE), PosixFilePermissions.fromString("rw-r--r--"));
            return new LabSecrets(dir, password, randomPassword(random), keyStorePassword, ca, server, spark);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the hardened profile's secrets under " + parent, e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("Cannot make the hardened profile's certificates: " + e.getMessage(), e);
        }
    }

    /** The folder holding the files (owner-only). */
    public Path dir() {
        return dir;
    }

    /** A file of the set on this machine (CA_CERT, SERVER_CERT, ...). */
    public Path file(String name) {
        return dir.resolve(name);
    }

    /** Where a container sees a file of the set. */
    public static String inContainer(String name) {
        return CONTAINER_DIR + "/" + name;
    }

    public String password() {
        return password;
    }

    /** The shared secret of Spark's RPC authentication (HardenedSparkDefaults writes it where Spark reads it). */
    public String sparkSecret() {
        return sparkSecret;
    }

    /** The password of {@link #KEY_STORE} (and of its key). */
    public String keyStorePassword() {
        return keyStorePassword;
    }

    public X509Certificate caCertificate() {
        return ca;
    }

    public X509Certificate serverCertificate() {
        return server;
    }

    /** The Spark containers' certificate, the one in the key store ({@link #KEY_STORE}). */
    public X509Certificate sparkCertificate() {
        return spark;
    }

    /** Deletes the files and the folder. */
    public void delete() {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the secrets in " + dir, e);
        }
    }

    /** 24 random bytes, URL-safe base64: 32 characters a shell and a YAML file take as they are. */
    private static String randomPassword(SecureRandom random) {
        byte[] secret = new byte[24];
        random.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** The password's bcrypt hash with a fresh salt, as the exporter toolkit's basic_auth_users wants it. */
    private static String bcrypt(String password, SecureRandom random) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return OpenBSDBCrypt.generate("2b", password.toCharArray(), salt, BCRYPT_COST);
    }

    private static KeyPair ecKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(X500Name issuer, KeyPair issuerKeys, X500Name subject, java.security.PublicKey subjectKey,
            SecureRandom random, boolean isCa, List<String> dnsNames) throws GeneralSecurityException, OperatorCreationException,
            IOException {
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, random).add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), subject, subjectKey);
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
        builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuerKeys.getPublic()));
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        if (isCa) {
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            List<GeneralName> names = new ArrayList<>();
            dnsNames.stream().distinct().forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
            names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
        }
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    private static String pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString();
    }

    /** Readable by everyone who can reach it: the folder (owner-only) is what keeps the machine's other users out. */
    private static void write(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }
}
