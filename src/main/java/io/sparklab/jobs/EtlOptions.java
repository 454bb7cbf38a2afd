package io.sparklab.jobs;

import java.util.Locale;

/**
 * The ETL job's arguments. Bad input stops the job before Spark starts, with a message that names the
 * argument and the usage, and exit code 2.
 */
public record EtlOptions(
        String master,
        long rows,
        long seed,
        int partitions,
        int badPerMille,
        String output,
        String pushgateway,
        String prometheus,
        double failTaskShare,
        boolean failJob,
        double holdHeapShare,
        int holdSeconds,
        EndpointAuth auth) {

    public static final String USAGE = """
            usage: spark-submit --class io.sparklab.jobs.EtlJob etl-job.jar [options]
              --master URL          Spark master when spark-submit sets none (default spark://spark-master:7077)
              --rows N              rows to generate (default 3000000)
              --seed N              seed of the generated data (default 42)
              --partitions N        partitions of the generated data, so tasks of the first stage (default 12, at most 10000)
              --bad-per-mille N     broken rows per thousand, 0-1000 (default 10)
              --output DIR          output folder: country_summary/ and quarantine/ (default /data/etl_output)
              --pushgateway H:P     where to push the outcome, "" for nowhere (default pushgateway:9091);
                                    https://H:P for a Pushgateway serving TLS
              --prometheus URL      whose scrape of the driver to wait for, "" to not wait (default http://prometheus:9090)
              --basic-auth-user U   user for the Pushgateway and Prometheus (the hardened lab: lab)
              --basic-auth-password-file F
                                    the file holding that user's password (never the password itself)
              --ca-file F           PEM file of the CA of their TLS certificates (the hardened lab's
                                    /etc/lab/secrets/ca.crt), trusted besides the JDK's own
              --fail-task-share X   share 0-1 of first-stage tasks whose first attempt fails (default 0)
              --fail-job            make every attempt of a task fail, so the job fails (default off)
              --hold-heap-share X   before the ETL, fill the driver's heap to share X (0-0.95) of its
                                    maximum and hold it --hold-seconds (default 0: off)
              --hold-seconds N      how long to hold that heap (default 30)
            """;

    public static EtlOptions defaults() {
        return new EtlOptions("spark://spark-master:7077", 3_000_000, 42, 12, 10, "/data/etl_output",
                "pushgateway:9091", "http://prometheus:9090", 0.0, false, 0.0, 30, EndpointAuth.none());
    }

    /** Parses the arguments; an IllegalArgumentException's message names the argument at fault. */
    public static EtlOptions parse(String... args) {
        EtlOptions o = defaults();
        String master = o.master, output = o.output, pushgateway = o.pushgateway, prometheus = o.prometheus;
        long rows = o.rows, seed = o.seed;
        int partitions = o.partitions, badPerMille = o.badPerMille;
        double failTaskShare = o.failTaskShare;
        boolean failJob = o.failJob;
        double holdHeapShare = o.holdHeapShare;
        int holdSeconds = o.holdSeconds;
        String authUser = null, authPasswordFile = null, caFile = null;
        NameValueArgs cli = new NameValueArgs(args, "--fail-job");
        for (String arg = cli.next(); arg != null; arg = cli.next()) {
            String value = cli.value();
            switch (arg) {
                case "--master" -> master = value;
                case "--rows" -> rows = positiveLong(arg, value);
                case "--seed" -> seed = number(arg, value);
                case "--partitions" -> partitions = (int) between(arg, value, 1, 10_000);
                case "--bad-per-mille" -> badPerMille = (int) between(arg, value, 0, 1000);
                case "--output" -> output = nonBlank(arg, value);
                case "--pushgateway" -> pushgateway = value.trim();
                case "--prometheus" -> prometheus = httpUrlOrNothing(arg, value);
                case "--fail-task-share" -> failTaskShare = share(arg, value);
                case "--fail-job" -> failJob = true;
                case "--hold-heap-share" -> {
                    holdHeapShare = share(arg, value);
                    if (holdHeapShare > 0.95) {
                        throw new IllegalArgumentException(arg + " must be at most 0.95 (the JVM needs some heap to run), got " + value);
                    }
                }
                case "--hold-seconds" -> holdSeconds = (int) between(arg, value, 1, 3600);
                case "--basic-auth-user" -> authUser = nonBlank(arg, value);
                case "--basic-auth-password-file" -> authPasswordFile = nonBlank(arg, value);
                case "--ca-file" -> caFile = nonBlank(arg, value);
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        return new EtlOptions(master, rows, seed, partitions, badPerMille, output, pushgateway, prometheus,
                failTaskShare, failJob, holdHeapShare, holdSeconds,
                new EndpointAuth(authUser, authPasswordFile, caFile).validated());
    }

    private static long number(String name, String value) {
        try {
            return Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
        }
    }

    private static long positiveLong(String name, String value) {
        long n = number(name, value);
        if (n < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + n);
        }
        return n;
    }

    private static long between(String name, String value, long min, long max) {
        long n = number(name, value);
        if (n < min || n > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + n);
        }
        return n;
    }

    private static double share(String name, String value) {
        try {
            double d = Double.parseDouble(value);
            if (d >= 0 && d <= 1) {
                return d;
            }
        } catch (NumberFormatException e) {
            // fall through to the message
        }
        throw new IllegalArgumentException(name + " must be a number from 0 to 1, got '" + value + "'");
    }

    private static String nonBlank(String name, String value) {
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return value;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "rows=%d seed=%d partitions=%d bad-per-mille=%d output=%s%s%s",
                rows, seed, partitions, badPerMille, output,
                failTaskShare > 0 ? " fail-task-share=" + failTaskShare : "", failJob ? " fail-job" : "")
                + (holdHeapShare > 0 ? " hold-heap-share=" + holdHeapShare + " hold-seconds=" + holdSeconds : "");
    }

    /**
     * "" (no wait), or an http(s) URL with a host: checked now, since the job only uses it after its
     * work, to wait for the final scrape, where a bad one would lose that scrape with no word of the option.
     */
    private static String httpUrlOrNothing(String name, String value) {
        String url = value.trim();
        if (url.isEmpty()) {
            return url;
        }
        try {
            java.net.URI uri = new java.net.URI(url);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return url;
            }
        } catch (java.net.URISyntaxException e) {
            // said below
        }
        throw new IllegalArgumentException(name + " must be an http(s) URL such as http://prometheus:9090, or \"\" to not wait, got '"
                + value + "'");
    }
}
