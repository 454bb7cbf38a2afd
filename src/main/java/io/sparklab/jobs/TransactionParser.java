package io.sparklab.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Parses and validates the transaction events read from Kafka: each record gets the parsed fields and
 * a {@code reason}, null for a valid event, else the first rule it breaks (the reasons are those of
 * TransactionEvents.Kind). The same code serves the stream and a static Dataset (the unit tests).
 */
public final class TransactionParser {
    public static final String MALFORMED_JSON = "malformed_json";
    public static final String MISSING_FIELD = "missing_field";
    public static final String BAD_EVENT_TIME = "bad_event_time";
    public static final String NON_POSITIVE_AMOUNT = "non_positive_amount";
    public static final String UNKNOWN_COUNTRY = "unknown_country";

    /** What the generator writes; the corrupt-record column catches JSON that does not parse. */
    static final StructType SCHEMA = new StructType()
            .add("txn_id", DataTypes.StringType)
            .add("card_id", DataTypes.StringType)
            .add("merchant", DataTypes.StringType)
            .add("country", DataTypes.StringType)
            .add("amount", DataTypes.createDecimalType(12, 2))
            .add("event_time", DataTypes.StringType)
            .add("_corrupt_record", DataTypes.StringType);

    private TransactionParser() {
    }

    /**
     * Kafka records (value as bytes or string, partition, offset, timestamp) to one row per record:
     * the raw value, the Kafka coordinates, the parsed fields with {@code event_time} as a timestamp,
     * and {@code reason}.
     */
    public static Dataset<Row> parse(Dataset<Row> kafkaRecords) {
        Column raw = col("value").cast(DataTypes.StringType);
        Dataset<Row> parsed = kafkaRecords.select(
                raw.as("raw"), col("partition"), col("offset"), col("timestamp").as("kafka_time"),
                from_json(raw, SCHEMA, java.util.Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", "_corrupt_record")).as("t"));
        Column eventTime = col("t.event_time").cast(DataTypes.TimestampType);
        Column reason = when(col("t").isNull().or(col("t._corrupt_record").isNotNull()), lit(MALFORMED_JSON))
                .when(col("t.txn_id").isNull().or(col("t.card_id").isNull()).or(col("t.country").isNull())
                        .or(col("t.amount").isNull()).or(col("t.event_time").isNull()), lit(MISSING_FIELD))
                .when(eventTime.isNull(), lit(BAD_EVENT_TIME))
                .when(col("t.amount").leq(0), lit(NON_POSITIVE_AMOUNT))
                .when(col("t.country").isin(Countries.ALL.stream().map(Countries.Country::code).toArray()).unary_$bang(),
                        lit(UNKNOWN_COUNTRY));
        return parsed.select(col("raw"), col("partition"), col("offset"), col("kafka_time"),
                col("t.txn_id").as("txn_id"), col("t.card_id").as("card_id"), col("t.merchant").as("merchant"),
                col("t.country").as("country"), col("t.amount").as("amount"), eventTime.as("event_time"),
                reason.as("reason"));
    }

    /** The valid events. */
    public static Dataset<Row> valid(Dataset<Row> parsed) {
        return parsed.where(col("reason").isNull()).drop("reason", "raw");
    }

    /** The quarantined records: raw value, Kafka coordinates and the reason, nothing parsed. */
    public static Dataset<Row> quarantined(Dataset<Row> parsed) {
        return parsed.where(col("reason").isNotNull()).select("reason", "raw", "partition", "offset", "kafka_time");
    }
}
