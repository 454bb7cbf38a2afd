package io.sparklab.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.io.TempDir;

class NeedsSolutionsTest {
    @TempDir
    Path project;

    @AfterEach
    void forgetTheProject() {
        System.clearProperty("lab.project.dir");
    }

    @Test
    void enabled_in_the_instructors_repository_disabled_with_the_reason_in_a_student_release() throws Exception {
        for (String dir : new String[] {"config", "docker", "exercises/01-rejected-share-panel"}) {
            Files.createDirectories(project.resolve(dir));
        }
        Files.writeString(project.resolve("pom.xml"), "<project/>");
        System.setProperty("lab.project.dir", project.toString());

        ConditionEvaluationResult release = new NeedsSolutions.Condition().evaluateExecutionCondition(null);
        assertThat(release.isDisabled()).isTrue();
        assertThat(release.getReason()).hasValueSatisfying(reason -> assertThat(reason).contains("a student release has none"));

        Files.writeString(project.resolve("exercises/01-rejected-share-panel/solution.patch"), "diff --git a/x b/x\n");
        assertThat(new NeedsSolutions.Condition().evaluateExecutionCondition(null).isDisabled()).isFalse();
    }
}
