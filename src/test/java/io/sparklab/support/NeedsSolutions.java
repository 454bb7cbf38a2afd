package io.sparklab.support;

import io.sparklab.stack.LabProject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test that holds the exercises' starter against their reference solutions (exercises/NN-name/
 * solution.patch): the instructor's repository. A student release has no solutions, and a student's
 * done exercise is no starter any more, so there it is disabled, saying why.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(NeedsSolutions.Condition.class)
public @interface NeedsSolutions {
    /** Enabled where the project has the exercises' solution patches. */
    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            Path exercises = LabProject.current().root().resolve("exercises");
            try (Stream<Path> patches = Files.exists(exercises) ? Files.list(exercises) : Stream.empty()) {
                return patches.anyMatch(dir -> Files.isRegularFile(dir.resolve("solution.patch")))
                        ? ConditionEvaluationResult.enabled("the exercises' reference solutions are here")
                        : ConditionEvaluationResult.disabled("no exercises/NN-*/solution.patch here (a student release has none):"
                                + " the instructor's repository proves the live checks against the solutions");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
