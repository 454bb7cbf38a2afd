package io.sparklab.report;

import java.time.Instant;

/** A fault a lab part injected (Part 4's scenarios), from its start to its removal: shaded on every chart. */
public record FaultWindow(String name, Instant from, Instant to) {
}
