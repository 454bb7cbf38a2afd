package io.sparklab.jobs;

import java.util.SplittableRandom;

/**
 * The ETL's input: card transactions as raw CSV lines, {@code txn_id,customer_id,country,amount,ts},
 * a pure function of (seed, row id). Any program can regenerate exactly the same data (the tests do,
 * to compute the expected output on their own), and a Spark task can generate its share of the rows
 * without any input file.
 *
 * <p>About {@code badPerMille} rows in a thousand are broken on purpose, in four ways a real feed
 * breaks: an amount that is not a number, a negative amount, a country the dimension does not know,
 * and a line with a field missing.
 */
public final class DataGenerator {
    /** Kinds of broken rows, in the order their share is drawn. */
    public enum Defect { NOT_A_NUMBER, NEGATIVE_AMOUNT, UNKNOWN_COUNTRY, MISSING_FIELD }

    /** 2026-01-01T00:00:00Z; transactions spread over the 30 days after it. */
    public static final long START_EPOCH_SECONDS = 1_767_225_600L;
    public static final int CUSTOMERS = 50_000;

    private DataGenerator() {
    }

    /** The raw line of row {@code id}. */
    public static String line(long seed, long id, int badPerMille) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + id);
        int customer = 1 + random.nextInt(CUSTOMERS);
        String country = Countries.ALL.get(random.nextInt(Countries.ALL.size())).code();
        long cents = 1 + random.nextInt(250_000); // 0.01 .. 2500.00
        long ts = START_EPOCH_SECONDS + random.nextInt(30 * 24 * 3600);
        String amount = formatCents(cents);
        if (random.nextInt(1000) < badPerMille) {
            switch (Defect.values()[random.nextInt(Defect.values().length)]) {
                case NOT_A_NUMBER -> amount = "n/a";
                case NEGATIVE_AMOUNT -> amount = "-" + amount;
                case UNKNOWN_COUNTRY -> country = "ZZ";
                case MISSING_FIELD -> {
                    return id + "," + customer + "," + country + "," + amount;
                }
            }
        }
        return id + "," + customer + "," + country + "," + amount + "," + ts;
    }

    static String formatCents(long cents) {
        long fraction = cents % 100;
        return (cents / 100) + (fraction < 10 ? ".0" : ".") + fraction;
    }
}
