package io.sparklab.support;

import io.sparklab.stack.LabProject;
import io.sparklab.stack.LabStack;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.testcontainers.utility.MountableFile;

/**
 * The job jar of a copy of the project whose job sources a student changed ({@link StudentCopy#withSources},
 * then exercises' solutions applied): what `mvn package` would put in the Spark image, the Spark
 * applications of io.sparklab.jobs, compiled here by the JDK's own compiler against the tests'
 * classpath. The image keeps the starter's jar; this one is copied beside it ({@link #IN_CONTAINER})
 * by {@link #install}, for a lab part to submit in its place: a solved job runs without building an image.
 */
public final class SolvedJobJar {
    /** Where {@link #install} copies the jar in the spark-master container: beside the image's etl-job.jar. */
    public static final String IN_CONTAINER = "/opt/spark/jobs/solved-job.jar";
    /** The driver's JMX agent config as the stack mounts it (io.sparklab.stack.SparkConf, config/spark-defaults.conf). */
    private static final String DRIVER_AGENT_CONFIG = "/opt/spark/conf/spark-driver-jmx-exporter.yaml";
    /** Where {@link #install} copies the copy's driver agent config, beside the jar. */
    private static final String SOLVED_DRIVER_AGENT_CONFIG = "/opt/spark/jobs/solved-driver-jmx-exporter.yaml";

    /** A solved job in the spark-master container: its jar, and the spark-submit options that run it with the copy's config. */
    public record Installed(String jar, List<String> submitOptions) {
    }
    /** The package the job jar holds (pom.xml, the job-jar execution's includes). */
    private static final String JOBS = "io/sparklab/jobs";
    /** The Java of the Spark image (docker/spark/Dockerfile) and of pom.xml's maven.compiler.release. */
    private static final String RELEASE = "17";

    private SolvedJobJar() {
    }

    /**
     * Builds {@code copy}'s job jar and copies it into {@code stack}'s spark-master, with {@code copy}'s
     * config/spark-driver-jmx-exporter.yaml: the stack's containers mount the project's config/ from
     * their start, so a run is pointed at the copy's file through the driver's Java options, which are
     * config/spark-defaults.conf's with that one path changed.
     */
    public static Installed install(LabStack stack, LabProject copy) {
        stack.master().copyFileToContainer(MountableFile.forHostPath(build(copy), 0644), IN_CONTAINER);
        stack.master().copyFileToContainer(MountableFile.forHostPath(copy.config("spark-driver-jmx-exporter.yaml"), 0644),
                SOLVED_DRIVER_AGENT_CONFIG);
        Properties defaults = new Properties();
        try (Reader in = Files.newBufferedReader(copy.config("spark-defaults.conf"))) {
            defaults.load(in); // Spark reads the file as Java properties too
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String driverOptions = defaults.getProperty("spark.driver.extraJavaOptions", "");
        if (!driverOptions.contains(DRIVER_AGENT_CONFIG)) {
            throw new IllegalStateException("config/spark-defaults.conf: spark.driver.extraJavaOptions does not name "
                    + DRIVER_AGENT_CONFIG + " (it is: " + driverOptions + "), so a solved run cannot be pointed at the copy's");
        }
        return new Installed(IN_CONTAINER, List.of("--conf",
                "spark.driver.extraJavaOptions=" + driverOptions.replace(DRIVER_AGENT_CONFIG, SOLVED_DRIVER_AGENT_CONFIG)));
    }

    /** Compiles {@code copy}'s job sources and writes them as a jar: {@code copy}'s target/solved-job.jar. */
    public static Path build(LabProject copy) {
        Path jar = copy.root().resolve("target/solved-job.jar");
        try {
            write(classes(copy, JOBS), jar);
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the solved job jar of " + copy.root(), e);
        }
    }

    /**
     * Compiles the sources of one package of {@code copy} ({@code io/sparklab/client}) into a folder of
     * classes of its own, for a JVM that puts it before the tests' classpath (an exercise that changes
     * the lab's own client: {@link LiveChecks#checkInAJvmOfItsOwn}).
     */
    public static Path classes(LabProject copy, String packagePath) {
        Path sources = copy.root().resolve("src/main/java");
        Path classes = copy.root().resolve("target/solved-classes-" + packagePath.replace('/', '-'));
        try {
            deleteTree(classes); // a class an earlier build wrote that the sources no longer define must not stay
            Files.createDirectories(classes);
            List<Path> files;
            try (Stream<Path> walk = Files.walk(sources.resolve(packagePath))) {
                files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
            }
            compile(sources, files, classes);
            return classes;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot compile " + packagePath + " of " + copy.root(), e);
        }
    }

    private static void compile(Path sources, List<Path> files, Path classes) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no Java compiler in this JVM (" + System.getProperty("java.home") + "): the tests need a JDK");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fileManager = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            // The sources given win over the starter's classes on the classpath (target/classes); a class
            // of another package they use is read from the copy's sources (-sourcepath, newer than
            // target/classes) and not written (-implicit:none): the jar holds the package only, as Maven's.
            List<String> options = List.of("--release", RELEASE, "-d", classes.toString(), "-sourcepath", sources.toString(),
                    "-classpath", System.getProperty("java.class.path"), "-implicit:none", "-proc:none", "-nowarn");
            boolean ok = javac.getTask(null, fileManager, diagnostics, options, null, fileManager.getJavaFileObjectsFromPaths(files)).call();
            if (!ok) {
                String errors = diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                        .map(d -> (d.getSource() == null ? "" : sources.relativize(Path.of(d.getSource().toUri())) + ":" + d.getLineNumber() + ": ")
                                + d.getMessage(Locale.ROOT))
                        .collect(Collectors.joining("\n"));
                throw new IllegalStateException("the solved job's sources do not compile:\n" + errors);
            }
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        if (Files.exists(folder)) {
            try (Stream<Path> walk = Files.walk(folder)) {
                for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
                    Files.delete(p);
                }
            }
        }
    }

    private static void write(Path classes, Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest);
                Stream<Path> walk = Files.walk(classes)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                Files.copy(p, out);
                out.closeEntry();
            }
        }
    }
}
