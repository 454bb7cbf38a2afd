package io.sparklab.support;

import io.sparklab.grading.live.LiveCheck;
import io.sparklab.logs.LogsService;
import io.sparklab.stack.LabImage;
import io.sparklab.stack.LabProject;
import io.sparklab.stack.LabService;
import io.sparklab.stack.Service;
import io.sparklab.streaming.StreamingService;
import io.sparklab.tracing.TracingService;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The main of {@link LiveChecks#checkInAJvmOfItsOwn}: one exercise's live check, with the addresses of
 * a test's stack given on the command line. Arguments: the project folder, the exercise id, then
 * {@code alias=url} for each service and {@code image:NAME=reference} for each of the stack's images.
 * Exits with the check's code.
 */
public final class LiveCheckJvm {
    /** Every service a check may ask for: the stack's and the add-ons'. */
    static final List<Service> SERVICES = Stream.of(LabService.values(), TracingService.values(), LogsService.values(),
            StreamingService.values()).flatMap(Stream::of).map(Service.class::cast).toList();
    static final String IMAGE = "image:";

    private LiveCheckJvm() {
    }

    /**
     * Runs this main in a new JVM whose classpath is {@code classesFirst} (null for none), then the
     * tests'. Its output goes to a file, read when it ends: a check that hangs is destroyed after
     * {@code timeout} and named, instead of blocking a read of its output forever.
     */
    static LiveChecks.Checked run(Path classesFirst, List<String> args, Duration timeout) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // The parent reads the output as UTF-8, whatever this machine's locale.
                "-Dfile.encoding=UTF-8", "-Dsun.stdout.encoding=UTF-8", "-Dstdout.encoding=UTF-8",
                "-cp", (classesFirst == null ? "" : classesFirst + File.pathSeparator) + System.getProperty("java.class.path"),
                LiveCheckJvm.class.getName()));
        command.addAll(args);
        Process jvm = null;
        try {
            Path output = Files.createTempFile("live-check-", ".txt");
            try {
                jvm = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
                boolean ended = jvm.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
                String printed = Files.readString(output, StandardCharsets.UTF_8);
                if (!ended) {
                    throw new AssertionError(String.format(java.util.Locale.ROOT, "exercise %s's live check did not end in %.1f s;"
                            + " it printed:%n%s", args.get(1), timeout.toMillis() / 1000.0, printed));
                }
                return new LiveChecks.Checked(jvm.exitValue(), printed);
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (jvm != null && jvm.isAlive()) {
                jvm.destroyForcibly();
            }
        }
    }

    public static void main(String[] args) {
        Map<String, String> urls = new HashMap<>();
        Map<LabImage, String> images = new EnumMap<>(LabImage.class);
        for (String arg : List.of(args).subList(2, args.length)) {
            String[] nameValue = arg.split("=", 2);
            if (nameValue[0].startsWith(IMAGE)) {
                images.put(LabImage.valueOf(nameValue[0].substring(IMAGE.length())), nameValue[1]);
            } else {
                urls.put(nameValue[0], nameValue[1]);
            }
        }
        LiveCheck check = new LiveCheck(new LabProject(Path.of(args[0])),
                service -> urls.getOrDefault(service.alias(), "(no " + service.title() + " given)"), images);
        System.exit(check.run(args[1]));
    }
}
