package io.sparklab.jobs;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Checks HTTP basic-auth credentials against one user and a PBKDF2-HMAC-SHA256 hash of its password
 * (the JDK's PBKDF2, the scheme the JMX agents' configs use too), for the servers inside Spark
 * processes that have no auth of their own: Spark's web UIs ({@link UiBasicAuthFilter}) and the lab
 * listeners' metrics ({@link MetricsServer}).
 *
 * <p>Hashing with 600 000 iterations takes a few hundred milliseconds of CPU, too much for every
 * scrape: an {@code Authorization} header that passed is remembered, as its SHA-256 (never the
 * password), so each client pays once per process, as the JMX agent does. At most
 * {@value #REMEMBERED} headers are remembered; beyond that they are checked every time.
 */
public final class BasicAuthCheck {
    public static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final int REMEMBERED = 64;

    private final String user;
    private final byte[] passwordHash;
    private final String salt;
    private final int iterations;
    private final int keyLengthBytes;
    private final Set<String> passed = ConcurrentHashMap.newKeySet();

    /**
     * @param passwordHash the password's PBKDF2 key, lower-case hex (what {@link #hash} returns)
     * @param salt         hashed as its UTF-8 bytes
     */
    public BasicAuthCheck(String user, String passwordHash, String salt, int iterations, int keyLengthBytes) {
        if (user == null || user.isEmpty() || user.contains(":")) {
            throw new IllegalArgumentException("user must be a non-empty name without ':', was " + user);
        }
        if (iterations < 1 || keyLengthBytes < 1) {
            throw new IllegalArgumentException("iterations and keyLength must be positive, were " + iterations + ", " + keyLengthBytes);
        }
        try {
            this.passwordHash = HexFormat.of().parseHex(passwordHash);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("passwordHash is not hex: " + e.getMessage(), e);
        }
        this.user = user;
        this.salt = salt;
        this.iterations = iterations;
        this.keyLengthBytes = keyLengthBytes;
    }

    /** Whether an {@code Authorization} header value carries this user and password. */
    public boolean allows(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String remembered = sha256(authorization);
        if (passed.contains(remembered)) {
            return true;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        return allows(decoded.substring(0, colon), decoded.substring(colon + 1), remembered);
    }

    /** Whether a user and password are this user and password (for servers that decode the header themselves). */
    public boolean allows(String user, String password) {
        return allows(user, password, null);
    }

    private boolean allows(String user, String password, String remember) {
        // Both compared in constant time, and the hash computed whatever the user: no timing tells a valid user name.
        boolean userMatches = MessageDigest.isEqual(user.getBytes(StandardCharsets.UTF_8), this.user.getBytes(StandardCharsets.UTF_8));
        boolean passwordMatches = MessageDigest.isEqual(HexFormat.of().parseHex(hash(password, salt, iterations, keyLengthBytes)),
                passwordHash);
        if (userMatches && passwordMatches) {
            if (remember != null && passed.size() < REMEMBERED) {
                passed.add(remember);
            }
            return true;
        }
        return false;
    }

    /** A password's PBKDF2-HMAC-SHA256 key, lower-case hex. */
    public static String hash(String password, String salt, int iterations, int keyLengthBytes) {
        try {
            byte[] key = SecretKeyFactory.getInstance(ALGORITHM).generateSecret(
                    new PBEKeySpec(password.toCharArray(), salt.getBytes(StandardCharsets.UTF_8), iterations, keyLengthBytes * 8))
                    .getEncoded();
            return HexFormat.of().formatHex(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JVM cannot compute " + ALGORITHM + ": " + e.getMessage(), e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JVM has no SHA-256: " + e.getMessage(), e);
        }
    }
}
