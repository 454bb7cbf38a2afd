package io.sparklab.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Copies a folder out of a container (e.g. a job's Parquet output on the data volume). */
public final class ContainerFiles {
    private ContainerFiles() {
    }

    /** Copies {@code containerPath} into {@code targetDir}; returns the copied folder. */
    public static Path copyOut(LabContainer<?> container, String containerPath, Path targetDir) {
        try (InputStream tar = Docker.client().copyArchiveFromContainerCmd(container.getContainerId(), containerPath).exec();
             TarArchiveInputStream entries = new TarArchiveInputStream(tar)) {
            Path root = targetDir.toAbsolutePath().normalize();
            for (TarArchiveEntry entry; (entry = entries.getNextEntry()) != null; ) {
                Path out = root.resolve(entry.getName()).normalize();
                if (!out.startsWith(root)) {
                    throw new IOException("Archive entry outside the target folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else if (entry.isFile()) {
                    Files.createDirectories(out.getParent());
                    Files.copy(entries, out);
                }
            }
            return root.resolve(Path.of(containerPath).getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Copying " + containerPath + " out of " + container.service().alias(), e);
        }
    }
}
