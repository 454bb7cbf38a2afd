package io.sparklab.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A benchmark's figures, each over its own round's baseline (round i's value / round i's baseline):
 * their median, which one slow round of a noisy machine cannot skew as it skews a ratio of medians, and
 * their spread.
 */
record RoundRatios(List<Double> ratios) {
    RoundRatios {
        ratios = List.copyOf(ratios);
    }

    /** values.get(i) / baselines.get(i) for every round; both lists hold one figure per round. */
    static RoundRatios of(List<Double> values, List<Double> baselines) {
        if (values.size() != baselines.size()) {
            throw new IllegalArgumentException(values.size() + " figures for " + baselines.size() + " baselines: one of each per round");
        }
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            ratios.add(values.get(i) / baselines.get(i));
        }
        return new RoundRatios(ratios);
    }

    double median() {
        return median(ratios);
    }

    double min() {
        return ratios.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    double max() {
        return ratios.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /** "1.046x [0.840-1.270]". */
    String describe() {
        return String.format(Locale.ROOT, "%5.3fx [%5.3f-%5.3f]", median(), min(), max());
    }

    /** "met" or "NOT met": whether the median is under the target. */
    String verdict(double target) {
        return verdict(median(), target);
    }

    /** "met" or "NOT met": whether a figure is under its target (an unknown figure, NaN, is not). */
    static String verdict(double value, double target) {
        return value < target ? "met" : "NOT met";
    }

    /** The median; NaN when there is no figure or one is missing (NaN): an unknown round makes it unknown. */
    static double median(List<Double> values) {
        if (values.isEmpty() || values.stream().anyMatch(v -> v.isNaN())) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
