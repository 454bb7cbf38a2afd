package io.sparklab.jobs;

/**
 * What a run of the ETL did, counted from its output as written (read back), not from the plan:
 * rows read = rows written into the summaries + rows rejected into quarantine, or the job fails.
 */
public record EtlResult(long rowsRead, long rowsWritten, long rowsRejected, long summaryRows) {
}
