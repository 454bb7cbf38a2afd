package io.sparklab.exercises;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * An exercise's test: fails until the student does the work (exercises/NN-name/README.md), so the
 * default `mvn verify` never runs it; `./lab grade` and `./lab exercise NN` do.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("exercise")
public @interface Exercise {
}
