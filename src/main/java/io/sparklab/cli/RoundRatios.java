package io.sparklab.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * A benchmark's figures, each over its own round's baseline (round i's value / round i's baseline):
 * their median, which one slow round of a noisy machine cannot skew as it skews a ratio of medians,
 * their spread, and how sure the rounds make us of the median: a distribution-free confidence interval
 * (the sign test's order statistics), so a verdict against a target says "not yet known" when the
 * machine's noise straddles it, instead of "met" or "not met" by the luck of a few rounds.
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

    /** The confidence wanted of the median's interval; with fewer than 6 rounds none reaches it (see {@link #medianInterval}). */
    static final double CONFIDENCE = 0.95;

    /**
     * Where the median round ratio lies, with the confidence the rounds allow: the k-th smallest and
     * k-th largest ratio, k as large as keeps the confidence at least {@link #CONFIDENCE}. Each ratio
     * falls below the true median with probability 1/2, so [x(k), x(n+1-k)] misses it only when fewer
     * than k fall on one side: 1 - 2 P(Binomial(n, 1/2) < k). Nothing is assumed of the noise's shape.
     * Under 6 rounds no k reaches 95 %: the interval is then the whole spread with its lower confidence
     * (5 rounds 93.75 %, 3 rounds 75 %).
     */
    Interval medianInterval() {
        int n = ratios.size();
        if (n == 0 || ratios.stream().anyMatch(v -> v.isNaN())) {
            return new Interval(Double.NaN, Double.NaN, 0, n);
        }
        List<Double> sorted = ratios.stream().sorted().toList();
        int k = 1;
        while (k + 1 <= (n + 1) / 2 && coverage(n, k + 1) >= CONFIDENCE) {
            k++;
        }
        return new Interval(sorted.get(k - 1), sorted.get(n - k), coverage(n, k), n);
    }

    /** 1 - 2 P(Binomial(n, 1/2) <= k - 1): the confidence of [x(k), x(n+1-k)]. */
    static double coverage(int n, int k) {
        double tail = 0;
        double choose = 1; // C(n, 0)
        for (int i = 0; i < k; i++) {
            tail += choose;
            choose = choose * (n - i) / (i + 1);
        }
        return Math.max(0, 1 - 2 * tail / Math.pow(2, n));
    }

    /** The median's confidence interval, from {@code rounds} rounds. */
    record Interval(double low, double high, double confidence, int rounds) {
        /** "0.990-1.062 (94 %, 5 rounds)". */
        String describe() {
            return String.format(Locale.ROOT, "%5.3f-%5.3f (%.0f %%, %d rounds)", low, high, confidence * 100, rounds);
        }

        /** Into a benchmark's report as {@code field}: low, high, confidence, rounds. */
        void putInto(ObjectNode report, String field) {
            report.putObject(field).put("low", low).put("high", high).put("confidence", confidence).put("rounds", rounds);
        }
    }

    /**
     * Against a target the median must stay under: "met" when the whole interval is under it, "NOT met"
     * when the whole interval is at or over it, else "not decided" (the rounds' noise holds the target:
     * more rounds narrow the interval). Only an interval of at least {@link #CONFIDENCE} decides: with 3
     * rounds the whole spread is right 75 % of the time, with 1 round never, so fewer than 6 rounds are
     * "not decided" whatever their figures. With the interval, so the reader sees how sure it is.
     */
    String verdict(double target) {
        if (ratios.isEmpty()) {
            return "not decided: no rounds were measured";
        }
        int missing = ratios.indexOf(Double.NaN);
        if (missing >= 0) {
            return "not decided: round " + (missing + 1) + " of " + ratios.size() + " has no figure";
        }
        Interval interval = medianInterval();
        String verdict;
        if (interval.confidence() < CONFIDENCE) {
            verdict = String.format(Locale.ROOT, "not decided (%d rounds are too few for %.0f %%; 6 are the fewest)", ratios.size(),
                    CONFIDENCE * 100);
        } else if (interval.high() < target) {
            verdict = "met";
        } else if (interval.low() >= target) {
            verdict = "NOT met";
        } else {
            OptionalLong rounds = roundsToDecide(target);
            return "not decided: the median's interval " + interval.describe() + (rounds.isPresent()
                    ? String.format(Locale.ROOT, "; at this spread about %d rounds would decide it", rounds.getAsLong())
                    : "; the median is on the target: more rounds will not decide it");
        }
        return verdict + ": the median's interval " + interval.describe();
    }

    /**
     * About how many rounds would decide a median whose interval holds the target: the interval's side
     * toward the target narrows as 1/sqrt(rounds) (asymptotically, as a median's does), so it clears the
     * target after rounds * (side / distance)^2 rounds, if the median and the noise stay as they are. An
     * estimate for planning (a figure in the thousands says: not on this machine), not a promise: in a
     * seeded simulation of skewed noise (RoundRatiosTest), runs of the length 9 rounds estimated decided
     * 92 % of the time, runs of half that length 57 %. Empty when the median is on the target.
     */
    OptionalLong roundsToDecide(double target) {
        Interval interval = medianInterval();
        double median = median();
        double distance = Math.abs(target - median);
        double side = median < target ? interval.high() - median : median - interval.low();
        if (Double.isNaN(side) || distance < 1e-12) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.round(ratios.size() * Math.pow(side / distance, 2)));
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
