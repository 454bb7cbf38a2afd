package io.sparklab.logs;

import io.sparklab.client.ElasticsearchClient;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The logs' retention: whole daily indices ({@code spark-logs-YYYY-MM-DD}, the date of their events)
 * older than the retention are deleted. What index lifecycle management (ILM) does in a licensed
 * Elasticsearch, which this oss build does not have. N days keep today's index and the N - 1 days
 * before it: with 7 days, on December 10 the indices of December 4 to 10 stay, those up to December 3 go.
 */
public final class LogRetention {
    /** How many days of logs the lab keeps, unless {@code -Dlab.logs.retentionDays} says otherwise. */
    public static final int DEFAULT_DAYS = 7;
    static final String PREFIX = "spark-logs-";

    private final int days;

    public LogRetention(int days) {
        if (days < 1) {
            throw new io.sparklab.stack.LabException("lab.logs.retentionDays must be at least 1 (a day's index is still written), was " + days);
        }
        this.days = days;
    }

    /** The retention set by -Dlab.logs.retentionDays, else {@link #DEFAULT_DAYS}. */
    public static LogRetention configured() {
        String value = System.getProperty("lab.logs.retentionDays");
        if (value == null || value.isBlank()) {
            return new LogRetention(DEFAULT_DAYS);
        }
        try {
            return new LogRetention(Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            throw new io.sparklab.stack.LabException("lab.logs.retentionDays must be a whole number of days, was '" + value + "'", e);
        }
    }

    public int days() {
        return days;
    }

    /** The indices among {@code names} that are past the retention on {@code today}; other names are left alone. */
    public List<String> expired(List<String> names, LocalDate today) {
        LocalDate oldestKept = today.minusDays(days - 1L);
        List<String> expired = new ArrayList<>();
        for (String name : names) {
            if (!name.startsWith(PREFIX)) {
                continue;
            }
            try {
                if (LocalDate.parse(name.substring(PREFIX.length())).isBefore(oldestKept)) {
                    expired.add(name);
                }
            } catch (DateTimeParseException e) {
                // not a daily index of the shipper's: not ours to delete
            }
        }
        return expired;
    }

    /** Deletes the expired indices of the cluster; returns their names. */
    public List<String> apply(ElasticsearchClient elasticsearch, LocalDate today) {
        List<String> expired = expired(elasticsearch.indices(PREFIX + "*"), today);
        for (String index : expired) {
            elasticsearch.deleteIndex(index);
        }
        return expired;
    }
}
