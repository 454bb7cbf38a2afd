package io.sparklab.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparklab.stack.LabProject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The solved job jar holds the job's classes as the copy's sources have them, or says which line does not compile. */
class SolvedJobJarTest {
    @NeedsSolutions
    @Test
    void the_jar_holds_the_jobs_with_the_solutions_code(@TempDir Path under) throws IOException {
        LabProject solved = StudentCopy.withSources(LabProject.current(), under);
        StudentCopy.solve(solved, "08");

        Path jar = SolvedJobJar.build(solved);

        try (JarFile classes = new JarFile(jar.toFile())) {
            assertThat(classes.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class")))
                    .contains("io/sparklab/jobs/EtlJob.class", "io/sparklab/jobs/EtlOptions.class", "io/sparklab/jobs/TracingListener.class")
                    .allMatch(n -> n.startsWith("io/sparklab/jobs/"));
            // 08's option is in the compiled parser: its usage text, a constant of EtlOptions, is in the class.
            byte[] options = classes.getInputStream(classes.getEntry("io/sparklab/jobs/EtlOptions.class")).readAllBytes();
            assertThat(new String(options, java.nio.charset.StandardCharsets.ISO_8859_1)).contains("--repartition N");
        }
    }

    @Test
    void a_source_that_does_not_compile_is_named_with_its_line(@TempDir Path under) throws IOException {
        LabProject copy = StudentCopy.withSources(LabProject.current(), under);
        Path job = copy.root().resolve("src/main/java/io/sparklab/jobs/EtlJob.java");
        Files.writeString(job, Files.readString(job).replaceFirst("public final class EtlJob \\{", "public final class EtlJob { int broken = ;"));

        assertThatThrownBy(() -> SolvedJobJar.build(copy)).hasMessageContaining("do not compile")
                .hasMessageContaining("io/sparklab/jobs/EtlJob.java:");
    }

    @Test
    void a_class_the_sources_no_longer_define_is_not_in_the_next_jar(@TempDir Path under) throws IOException {
        LabProject copy = StudentCopy.withSources(LabProject.current(), under);
        Path extra = copy.root().resolve("src/main/java/io/sparklab/jobs/Extra.java");
        Files.writeString(extra, "package io.sparklab.jobs;\nfinal class Extra {\n}\n");
        try (JarFile first = new JarFile(SolvedJobJar.build(copy).toFile())) {
            assertThat(first.getEntry("io/sparklab/jobs/Extra.class")).as("Extra.class in the first jar").isNotNull();
        }

        Files.delete(extra);

        try (JarFile second = new JarFile(SolvedJobJar.build(copy).toFile())) {
            assertThat(second.getEntry("io/sparklab/jobs/Extra.class")).as("Extra.class in the jar built after it was deleted").isNull();
            assertThat(second.getEntry("io/sparklab/jobs/EtlJob.class")).isNotNull();
        }
    }
}
