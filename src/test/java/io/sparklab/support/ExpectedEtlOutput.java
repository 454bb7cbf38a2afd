package io.sparklab.support;

import io.sparklab.jobs.Countries;
import io.sparklab.jobs.DataGenerator;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The ETL's expected output, computed without Spark from the same seed: the rows are regenerated
 * with the job's {@link DataGenerator} (the data's definition), then parsed, validated and
 * aggregated here by plain Java, independently of the job's Spark SQL.
 */
public final class ExpectedEtlOutput {
    /** Expected aggregate of one country. */
    public static final class CountryTotals {
        public long txnCount;
        public BigDecimal totalAmount = BigDecimal.ZERO;
        public BigDecimal maxAmount;
        final Set<Integer> customers = new HashSet<>();

        public long customers() {
            return customers.size();
        }
    }

    public final Map<String, CountryTotals> byCountry = new TreeMap<>();
    public final Map<String, Long> rejectedByReason = new TreeMap<>();
    public long rowsRead;

    public static ExpectedEtlOutput compute(long seed, long rows, int badPerMille) {
        Set<String> known = Countries.ALL.stream().map(Countries.Country::code).collect(Collectors.toSet());
        ExpectedEtlOutput expected = new ExpectedEtlOutput();
        for (long id = 0; id < rows; id++) {
            expected.rowsRead++;
            String[] fields = DataGenerator.line(seed, id, badPerMille).split(",", -1);
            if (fields.length != 5) {
                expected.reject("missing_field");
                continue;
            }
            BigDecimal amount;
            try {
                amount = new BigDecimal(fields[3]);
            } catch (NumberFormatException e) {
                expected.reject("bad_amount");
                continue;
            }
            if (amount.signum() < 0) {
                expected.reject("negative_amount");
                continue;
            }
            if (!known.contains(fields[2])) {
                expected.reject("unknown_country");
                continue;
            }
            CountryTotals totals = expected.byCountry.computeIfAbsent(fields[2], c -> new CountryTotals());
            totals.txnCount++;
            totals.totalAmount = totals.totalAmount.add(amount);
            totals.maxAmount = totals.maxAmount == null || amount.compareTo(totals.maxAmount) > 0 ? amount : totals.maxAmount;
            totals.customers.add(Integer.parseInt(fields[1]));
        }
        return expected;
    }

    private void reject(String reason) {
        rejectedByReason.merge(reason, 1L, Long::sum);
    }

    public long rejected() {
        return rejectedByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    public long written() {
        return byCountry.values().stream().mapToLong(t -> t.txnCount).sum();
    }
}
