package io.sparklab.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A content hash of an image's build inputs. It is the image's tag, so an image is rebuilt exactly
 * when one of its inputs changed, and a warm run finds every image already built.
 */
public final class ContextHasher {
    private ContextHasher() {
    }

    /** SHA-256 over every input file's relative path and bytes, in a stable order; 12 hex digits. */
    public static String hash(Path root, List<String> inputs) {
        MessageDigest digest = sha256();
        for (Path file : files(root, inputs)) {
            digest.update(root.relativize(file).toString().replace('\\', '/').getBytes());
            digest.update((byte) 0);
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            digest.update((byte) 0);
        }
        return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
    }

    /** The input files, sorted; a missing input is an error that names it. */
    public static List<Path> files(Path root, List<String> inputs) {
        List<Path> files = new ArrayList<>();
        for (String input : inputs) {
            List<Path> matched = expand(root, input);
            if (matched.isEmpty()) {
                throw new LabException("Build input " + input + " is missing under " + root
                        + ": run `mvn package` (or ./lab up / mvn verify) so Maven stages it");
            }
            for (Path path : matched) {
                if (Files.isDirectory(path)) {
                    try (Stream<Path> walk = Files.walk(path, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
                        walk.filter(Files::isRegularFile).forEach(files::add);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                } else {
                    files.add(path);
                }
            }
        }
        files.sort(null);
        return files;
    }

    private static List<Path> expand(Path root, String input) {
        Path path = root.resolve(input);
        String name = path.getFileName().toString();
        if (!name.contains("*")) {
            return Files.exists(path) ? List.of(path) : List.of();
        }
        List<Path> matched = new ArrayList<>();
        if (Files.isDirectory(path.getParent())) {
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(path.getParent(), name)) {
                dir.forEach(matched::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return matched;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
