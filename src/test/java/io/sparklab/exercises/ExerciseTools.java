package io.sparklab.exercises;

import io.sparklab.stack.ConfigChecker;
import io.sparklab.stack.DockerRun;
import io.sparklab.stack.ImageBuilder;
import io.sparklab.stack.LabImage;
import io.sparklab.stack.LabProject;
import java.nio.file.Path;
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
        ImageBuilder images = new ImageBuilder(PROJECT);
        return new ConfigChecker(PROJECT, images.resolve(LabImage.PROMETHEUS), images.resolve(LabImage.ALERTMANAGER))
                .receiversFor(PROJECT.config("alertmanager.yml"), labels);
    }
}
