package io.sparklab.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparklab.grading.live.LiveCheck;
import io.sparklab.stack.LabContainer;
import io.sparklab.stack.LabProject;
import io.sparklab.stack.LabStack;
import io.sparklab.stack.Service;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * `./lab exercise NN --live` against a test's stack instead of `./lab up`'s: the same checks, with each
 * service found at its mapped port (asked at every use: a restarted container has a new one).
 */
public final class LiveChecks {
    /** What the check printed, and its exit code (0 all seen, 1 something not there yet, 2 no lab). */
    public record Checked(int exitCode, String output) {
    }

    private final LabStack stack;
    private final List<LabContainer<?>> addOns;

    private LiveChecks(LabStack stack, List<LabContainer<?>> addOns) {
        this.stack = stack;
        this.addOns = addOns;
    }

    /** The stack's services and those of the add-ons' containers given. */
    public static LiveChecks on(LabStack stack, LabContainer<?>... addOns) {
        return new LiveChecks(stack, List.of(addOns));
    }

    /**
     * Exercise {@code id}'s check on the starter (the project as it is): it exits 1 with a "not yet" line
     * containing {@code missing}, what the starter lacks.
     */
    public Checked notYetOnTheStarter(String id, String missing) {
        Checked starter = check(stack.project(), id);
        assertThat(starter.exitCode()).as("exit code of exercise %s's live check on the starter; it printed:%n%s", id, starter.output())
                .isEqualTo(1);
        assertThat(starter.output().lines().map(String::strip).filter(line -> line.startsWith("not yet")))
                .as("the \"not yet\" lines of exercise %s's live check on the starter", id).anySatisfy(line -> assertThat(line).contains(missing));
        return starter;
    }

    /** Exercise {@code id}'s live check with the files of {@code project} (the starter, or a {@link StudentCopy}). */
    public Checked check(LabProject project, String id) {
        LiveCheck live = new LiveCheck(project, this::url, stack.images());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exitCode = live.run(id, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String output = bytes.toString(StandardCharsets.UTF_8);
        System.out.print(output);
        return new Checked(exitCode, output);
    }

    /**
     * The same check in a JVM of its own whose classpath starts with {@code classesFirst}: for an exercise
     * that changes the lab's own code the check calls (17's ZipkinClient.slowStages), which this JVM has
     * loaded as the starter's. It gets this stack's addresses and images as they are now.
     */
    public Checked checkInAJvmOfItsOwn(LabProject project, String id, Path classesFirst) {
        List<String> args = new ArrayList<>(List.of(project.root().toString(), id));
        LiveCheckJvm.SERVICES.forEach(service -> args.add(service.alias() + "=" + url(service)));
        stack.images().forEach((image, reference) -> args.add(LiveCheckJvm.IMAGE + image.name() + "=" + reference));
        Checked checked = LiveCheckJvm.run(classesFirst, args, Duration.ofMinutes(2));
        System.out.print(checked.output());
        return checked;
    }

    /** Where {@code service} answers: an add-on's container given, else the stack's (asked at every use). */
    private String url(Service service) {
        return addOns.stream().filter(c -> c.service() == service).findFirst()
                .map(LabContainer::url).or(() -> stack.url(service)).orElse("(no " + service.title() + " in this stack)");
    }
}
