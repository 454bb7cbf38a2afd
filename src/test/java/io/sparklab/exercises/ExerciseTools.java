package io.sparklab.exercises;

import io.sparklab.stack.DockerRun;
import io.sparklab.stack.ImageBuilder;
import io.sparklab.stack.LabImage;
import io.sparklab.stack.LabProject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the exercise tests check with: promtool and amtool in the lab's images, the project's files. */
final class ExerciseTools {
    static final LabProject PROJECT = LabProject.current();

    private ExerciseTools() {
    }

    /** `promtool test rules` of a test file that refers to alert-rules.yml beside it (the project's). */
    static DockerRun.Result promtoolTest(Path testFile) {
        String image = new ImageBuilder(PROJECT).resolve(LabImage.PROMETHEUS);
        return new DockerRun(image)
                .mount(PROJECT.config("alert-rules.yml"), "/rules/alert-rules.yml")
                .mount(testFile, "/rules/exercise.test.yml")
                .run("promtool", "test", "rules", "/rules/exercise.test.yml");
    }

    /** The receivers Alertmanager's routing tree (config/alertmanager.yml) picks for these labels. */
    static List<String> receiversFor(Map<String, String> labels) {
        String image = new ImageBuilder(PROJECT).resolve(LabImage.ALERTMANAGER);
        List<String> args = new ArrayList<>(List.of("config", "routes", "test", "--config.file=/etc/alertmanager/alertmanager.yml"));
        labels.forEach((k, v) -> args.add(k + "=" + v));
        DockerRun.Result result = new DockerRun(image)
                .mount(PROJECT.config("alertmanager.yml"), "/etc/alertmanager/alertmanager.yml")
                .run("amtool", args.toArray(String[]::new));
        if (!result.succeeded()) {
            throw new AssertionError("amtool config routes test failed:\n" + result.output());
        }
        // amtool prints the receivers on stdout and a warning on stderr; DockerRun gives both, interleaved.
        String receivers = result.output().replace("Warning: --config.file flag overrides the --alertmanager.url.", "")
                .lines().map(String::strip).filter(l -> !l.isEmpty()).reduce((a, b) -> b).orElse("");
        return List.of(receivers.split(","));
    }
}
