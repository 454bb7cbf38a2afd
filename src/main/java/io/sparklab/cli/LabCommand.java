package io.sparklab.cli;

import io.sparklab.grading.Grader;
import io.sparklab.stack.ConfigChecker;
import io.sparklab.stack.ImageBuilder;
import io.sparklab.stack.LabException;
import io.sparklab.stack.LabImage;
import io.sparklab.stack.LabProject;
import io.sparklab.stack.LabStack;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The lab command (./lab): bring the whole lab up for exploring, check the config files, or run the
 * stack benchmark. Problems a person can fix are printed as one message, not a stack trace.
 */
public final class LabCommand {
    static final String USAGE = """
            usage: ./lab <command> [options]
              setup                             make this machine ready: a Docker engine (installed and
                                                started where root and apt-get allow), docker-compose,
                                                the base image (pulled, or built with debootstrap)
              up [--workers N] [--no-grafana]   build what is missing, start every service on the plan's
                 [--with streaming,traces,logs] ports, print the URLs, run until Ctrl-C, then remove it all;
                                                --with streaming adds Kafka and its topics (the streaming part),
                                                --with traces adds Zipkin, where the driver sends its spans,
                                                --with logs adds Elasticsearch and the shipper of Spark's logs
                 [--hardened]                   the hardened profile (docs/hardening.md): memory and CPU limits
                                                on every core container, TLS and basic auth on Prometheus,
                                                Alertmanager, the Pushgateway, node-exporter, the webhook
                                                receiver, Spark's web UIs (HTTP port + 400), the JMX agents
                                                and the lab listener, Spark RPC authenticated and encrypted;
                                                no Grafana yet
              test [maven options]              the lab's tests: mvn verify, after setup where needed
              test --part N [maven options]     lab part N alone (1-9), on a stack of its own, no unit tests
              check                             check config/: promtool, amtool, the JMX agent, rsyslogd
              bench [--workers N]               stack benchmark: image build cold/warm, start-up, memory,
                                                default and hardened profiles (peak against limit)
                                                (writes target/benchmarks/stack.json)
              bench-etl [--runs N] [--rows R]   ETL job with and without instrumentation: overhead
                                                ratio and rows/s (writes target/benchmarks/etl-overhead.json)
              bench-logs                        logs add-on: delay from a log line written to searchable
                                                (median, p95), lines/s shipped, memory (target/benchmarks/logs.json)
              bench-stream [--runs N]           streaming job: highest events/s with the lag bounded, event
                                                to sink p50/p95, instrumentation overhead over N rounds,
                                                Kafka and job memory (target/benchmarks/stream.json)
              bench-stream-ablation [--runs N]  streaming job with one instrument at a time (JMX agents,
                                                Spark metrics, the lab listener): what each costs in rate
                                                and CPU per row (target/benchmarks/stream-ablation.json)
              grade [--manifest FILE]           run every exercise, write target/grade/grade.json and
                                                grade.md, show what is done and the next hint; in a
                                                student release, tests changed since the release score 0
                                                (FILE: the instructor's copy of the release manifest)
              exercise NN [--live]              run exercise NN alone (exercises/NN-*/README.md); --live
                                                also checks it against the stack ./lab up is running
              release --student DIR             write the repository a class receives: no solutions, a
                                                grading CI, a manifest of the test files' hashes
              bench-alerts [--workers N]        every fault scenario on a stack of N >= 2 workers: time to
                                                firing, Alertmanager and webhook vs. the configured floor
                                                (target/benchmarks/alert-latency.json)
            """;

    /** The file the streaming job of `up --with streaming` watches to stop gracefully. */
    static final String STREAM_STOP_FILE = "/data/stream_stop";

    private LabCommand() {
    }

    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (RuntimeException e) {
            if (RunningServices.signalled()) {
                return; // a signal stopped the services under the command: its stop exits, this error is its echo
            }
            if (e instanceof UsageError) {
                System.err.println("lab: " + e.getMessage());
                System.err.print(USAGE);
                System.exit(64);
            }
            if (!(e instanceof LabException)) {
                throw e; // a bug: its stack trace is what to report
            }
            System.err.println();
            System.err.println("lab: " + e.getMessage());
            System.exit(2);
        }
    }

    static int run(String[] args) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            System.out.print(USAGE);
            return args.length == 0 ? 64 : 0;
        }
        if (args[0].equals("grade")) {
            return grade(null, manifestOption(args, 1), false);
        }
        if (args[0].equals("exercise")) {
            if (args.length < 2 || args[1].startsWith("-")) {
                throw new UsageError("exercise needs an id, e.g. ./lab exercise 03");
            }
            boolean live = java.util.Arrays.asList(args).subList(2, args.length).contains("--live");
            return grade(args[1], manifestOption(args, 2), live);
        }
        if (args[0].equals("release")) {
            if (args.length != 3 || !args[1].equals("--student")) {
                throw new UsageError("release needs --student DIR, e.g. ./lab release --student ../lab-class-2027");
            }
            return release(java.nio.file.Path.of(args[2]));
        }
        Options options = Options.parse(args);
        return switch (args[0]) {
            case "up" -> up(options);
            case "check" -> check();
            case "bench" -> StackBenchmark.run(options.workers);
            case "bench-etl" -> EtlBenchmark.run(options.workers, options.runs, options.rows);
            case "bench-logs" -> LogsBenchmark.run(50, 60, 200_000);
            case "bench-stream" -> StreamBenchmark.run(options.runs);
            case "bench-stream-ablation" -> StreamAblation.run(options.runs);
            case "bench-alerts" -> AlertBenchmark.run(options.workers);
            default -> throw new UsageError("unknown command: " + args[0]);
        };
    }

    /** The grade of every exercise, or of one, from the reports `./lab` had Maven write just before. */
    private static int grade(String onlyId, java.nio.file.Path manifest, boolean live) {
        Grader grader = new Grader(LabProject.current(), manifest);
        int code = grader.report(grader.grade(onlyId), onlyId != null);
        if (live) {
            return Math.max(code, new io.sparklab.grading.live.LiveCheck(LabProject.current()).run(onlyId));
        }
        return code;
    }

    /** --manifest FILE among the options from {@code from}; other options are left to the caller. */
    private static java.nio.file.Path manifestOption(String[] args, int from) {
        java.nio.file.Path manifest = null;
        for (int i = from; i < args.length; i++) {
            switch (args[i]) {
                case "--manifest" -> {
                    if (i + 1 >= args.length) {
                        throw new UsageError("--manifest needs a file (the instructor's copy of exercises/release-manifest.json)");
                    }
                    manifest = java.nio.file.Path.of(args[++i]).toAbsolutePath();
                }
                case "--live" -> {
                    if (from == 1) {
                        throw new UsageError("--live checks one exercise: ./lab exercise NN --live");
                    }
                }
                default -> throw new UsageError("unknown option: " + args[i]);
            }
        }
        return manifest;
    }

    private static int release(java.nio.file.Path dir) {
        io.sparklab.grading.StudentRelease.Written w = new io.sparklab.grading.StudentRelease(LabProject.current()).write(dir);
        System.out.println();
        System.out.println("Student release written to " + w.dir() + " (a git repository, one commit, from " + w.fromCommit().substring(0, 12) + ")");
        System.out.println("  " + w.files() + " files; left out: " + w.leftOut().size() + " (" + String.join(", ", w.leftOut()) + ")");
        System.out.println("  added: .ci/run and .github/workflows/grade.yml, which grade every push");
        System.out.println("  " + w.exercises() + " exercises; their tests and the grading code are hashed in exercises/release-manifest.json");
        System.out.println("  release manifest SHA-256: " + w.manifestSha256());
        System.out.println();
        System.out.println("Keep a copy of that manifest outside the class's reach: every grade prints the fingerprint it used,");
        System.out.println("and `./lab grade --manifest <your copy>` grades a submission against yours, not the one in it.");
        return 0;
    }

    private static int up(Options options) {
        LabStack stack = LabStack.builder().workers(options.workers).planPorts(true).grafana(options.grafana)
                .hardened(options.hardened).build();
        java.time.Instant upSince = java.time.Instant.now();
        // Ctrl-C (INT), TERM and HUP write the run report, stop what was started and exit: 0 once the lab was
        // up (the way to stop it), 130 when stopped during its start.
        RunningServices running = RunningServices.stoppedOnSignal(() -> writeReport(stack, upSince), () -> stack.isReady() ? 0 : 130);
        io.sparklab.streaming.StreamingAddOn streaming;
        io.sparklab.tracing.TracingAddOn tracing;
        io.sparklab.logs.LogsAddOn logs;
        try {
            running.start(stack);
            // Add-ons join the stack's network, which exists once the stack has started.
            streaming = options.with.contains("streaming") ? running.start(io.sparklab.streaming.StreamingAddOn.on(stack)) : null;
            tracing = options.with.contains("traces") ? running.start(io.sparklab.tracing.TracingAddOn.on(stack)) : null;
            logs = options.with.contains("logs") ? running.start(io.sparklab.logs.LogsAddOn.on(stack)) : null;
        } catch (RuntimeException e) {
            running.close(); // a start that failed half-way leaves nothing behind
            throw e;
        }
        System.out.println();
        System.out.println("The lab is up. Open:");
        for (Map.Entry<String, String> url : stack.urls().entrySet()) {
            System.out.printf("  %-36s %s%n", url.getKey(), url.getValue());
        }
        stack.grafanaAbsentReason().ifPresent(r -> System.out.println("  (Grafana is not running: " + r + ")"));
        System.out.println();
        System.out.println("Submit the ETL job the plan's way, from another terminal:");
        System.out.println("  docker exec " + stack.master().getContainerName().replaceFirst("^/", "")
                + " spark-submit --class io.sparklab.jobs.EtlJob /opt/spark/jobs/etl-job.jar"
                + (stack.hardened() ? " " + String.join(" ", io.sparklab.stack.EtlSubmit.hardenedArgs()) : ""));
        stack.secrets().ifPresent(secrets -> {
            System.out.println();
            System.out.println("Hardened: " + io.sparklab.stack.HardenedProfile.summary() + ";");
            System.out.println("user " + io.sparklab.hardening.LabSecrets.USER + ", password in " + secrets.file(io.sparklab.hardening.LabSecrets.PASSWORD)
                    + " (made for this run, deleted at the end), certificates signed by the lab CA " + secrets.file(io.sparklab.hardening.LabSecrets.CA_CERT)
                    + "; curl reads both from a config file, so the password stays off the command line:");
            System.out.println("  curl -K " + secrets.file(io.sparklab.hardening.LabSecrets.CURL_CONFIG) + " " + stack.prometheus().url() + "/api/v1/targets");
        });
        if (streaming != null) {
            String bootstrap = streaming.kafka().bootstrapServers();
            String jar = io.sparklab.stack.EtlSubmit.JAR;
            System.out.println();
            System.out.println("Streaming: Kafka at " + bootstrap + " on the lab network, topic " + io.sparklab.streaming.StreamingAddOn.TRANSACTIONS_TOPIC
                    + " (Prometheus jobs kafka, and kafka-lag for the consumer groups' lag). Start the streaming job, then the generator:");
            System.out.println("  docker exec spark-master spark-submit --class io.sparklab.jobs.TransactionStreamJob " + jar
                    + " --bootstrap " + bootstrap + " --stop-file " + STREAM_STOP_FILE);
            System.out.println("  docker exec spark-master java -cp '/opt/spark/jars/*:" + jar + "' io.sparklab.jobs.TransactionStreamGenerator"
                    + " --bootstrap " + bootstrap + " --rate 200 --seconds 120");
            // Ctrl-C on `docker exec` stops the client, not the job in the container: the job watches a file.
            System.out.println("Stop the streaming job (it holds the worker's cores; an ETL run waits for them):");
            System.out.println("  docker exec spark-master touch " + STREAM_STOP_FILE + "   (and rm -f it before the next start)");
        }
        if (tracing != null) {
            System.out.println();
            System.out.println("Traces: Zipkin at " + tracing.zipkin().url() + "/zipkin/ (zipkin:9411 on the lab network; Grafana's"
                    + " data source Zipkin). Every application the ETL job submits is traced: its driver prints"
                    + " '[tracing] application <app id> trace <trace id>'; search Zipkin by service etl_job or tag spark.app.id.");
        }
        if (logs != null) {
            System.out.println();
            System.out.println("Logs: Elasticsearch at " + logs.elasticsearch().url() + " (elasticsearch:9200 on the lab network;"
                    + " Grafana's data source Elasticsearch, dashboard Spark logs). Every driver's and executor's log is shipped to"
                    + " the daily indices " + io.sparklab.logs.LogsAddOn.INDEX_PATTERN + ", e.g.:");
            System.out.println("  curl -s '" + logs.elasticsearch().url() + "/" + io.sparklab.logs.LogsAddOn.INDEX_PATTERN
                    + "/_search?q=level:ERROR&sort=@timestamp:desc&size=1&pretty'");
        }
        System.out.println("Press Ctrl-C to stop the lab and remove everything it started.");
        try {
            new CountDownLatch(1).await(); // until a signal stops the lab and exits
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        running.close();
        return 0;
    }

    /** The run report of a session by hand: charts of every panel and the alerts since `up`. */
    private static void writeReport(LabStack stack, java.time.Instant since) {
        if (!stack.isReady()) {
            return; // stopped during its start: no run to report
        }
        try {
            // A dashboard broken while the lab ran is named and left out, not the reason every chart is lost.
            new io.sparklab.report.LabReport(stack.prometheus().client(),
                    io.sparklab.dashboards.Dashboard.loadEach(stack.project().grafana().resolve("dashboards"),
                            e -> System.err.println("lab: the run report leaves out a dashboard: " + e.getMessage())),
                    since, java.time.Instant.now())
                    .write(stack.project().target().resolve("lab-report"), java.util.List.of());
        } catch (RuntimeException e) {
            System.err.println("lab: could not write the run report: " + e.getMessage());
        }
    }

    private static int check() {
        LabProject project = LabProject.current();
        ImageBuilder images = new ImageBuilder(project);
        ConfigChecker checker = new ConfigChecker(project, images.resolve(LabImage.PROMETHEUS), images.resolve(LabImage.ALERTMANAGER));
        boolean ok = true;
        for (ConfigChecker.Check check : checker.checkAll()) {
            System.out.println(check.describe());
            ok &= check.passed();
        }
        // The JMX agent's configs, by the agent (a driver or executor would refuse to start on a broken one)
        for (ConfigChecker.Check check : io.sparklab.stack.JmxAgentConfigs.check(project)) {
            System.out.println(check.describe());
            ok &= check.passed();
        }
        // The logs add-on's shipper, with rsyslog itself
        var shipper = io.sparklab.logs.LogShipperConfig.check(project, images.resolve(LabImage.LOG_SHIPPER));
        boolean shipperOk = io.sparklab.logs.LogShipperConfig.passed(shipper);
        System.out.println((shipperOk ? "PASS " : "FAIL ") + "rsyslogd -N1 config/logs/rsyslog.conf\n" + shipper.output().strip());
        return ok && shipperOk ? 0 : 1;
    }

    /** Command-line options shared by the commands. */
    record Options(int workers, boolean grafana, int runs, long rows, java.util.Set<String> with, boolean hardened) {
        /** The add-ons `up --with` knows (comma-separated). */
        static final java.util.Set<String> ADD_ONS = java.util.Set.of("streaming", "traces", "logs");
        /** The most benchmark rounds --runs takes. */
        static final int MAX_RUNS = 1000;
        /** Every option, and what follows it: {@code null} for a switch, else what the value must be. */
        enum Option {
            WORKERS("--workers", "a number"),
            NO_GRAFANA("--no-grafana", null),
            WITH("--with", "an add-on: " + String.join(", ", new java.util.TreeSet<>(ADD_ONS))),
            HARDENED("--hardened", null),
            RUNS("--runs", "a number"),
            ROWS("--rows", "a number");

            /**
             * The options each command uses (the usage above): any other is an error, not a flag quietly
             * ignored. Here, after the constants, so that naming them starts no cycle of class initialisation
             * (WITH reads {@link Options#ADD_ONS}).
             */
            static final java.util.Map<String, java.util.Set<Option>> ACCEPTED = java.util.Map.of(
                    "up", java.util.EnumSet.of(WORKERS, NO_GRAFANA, WITH, HARDENED),
                    "check", java.util.EnumSet.noneOf(Option.class),
                    "bench", java.util.EnumSet.of(WORKERS),
                    "bench-etl", java.util.EnumSet.of(WORKERS, RUNS, ROWS),
                    "bench-logs", java.util.EnumSet.noneOf(Option.class),
                    "bench-stream", java.util.EnumSet.of(RUNS),
                    "bench-stream-ablation", java.util.EnumSet.of(RUNS),
                    "bench-alerts", java.util.EnumSet.of(WORKERS));

            final String flag;
            final String needs;

            Option(String flag, String needs) {
                this.flag = flag;
                this.needs = needs;
            }

            static java.util.Optional<Option> of(String flag) {
                return java.util.Arrays.stream(values()).filter(o -> o.flag.equals(flag)).findFirst();
            }
        }

        static Options parse(String[] args) {
            java.util.Set<String> with = new java.util.TreeSet<>();
            int workers = 1;
            boolean grafana = true;
            boolean hardened = false;
            int runs = 3;
            long rows = 3_000_000;
            java.util.Set<Option> accepted = Option.ACCEPTED.get(args[0]);
            java.util.Map<Option, String> given = new java.util.EnumMap<>(Option.class);
            for (int i = 1; i < args.length; i++) {
                java.util.Optional<Option> known = Option.of(args[i]);
                if (accepted != null && args[i].startsWith("--") && !known.filter(accepted::contains).isPresent()) {
                    throw new UsageError(args[0] + " takes " + (accepted.isEmpty() ? "no options"
                            : String.join(", ", accepted.stream().map(o -> o.flag).sorted().toList())) + ", not " + args[i] + " (./lab help)");
                }
                String arg = args[i];
                Option option = known.orElseThrow(() -> new UsageError("unknown option: " + arg));
                String value = "";
                if (option.needs != null) {
                    if (i + 1 >= args.length) {
                        throw new UsageError(option.flag + " needs " + option.needs);
                    }
                    value = args[++i];
                }
                // `--workers 2 ... --workers 3`: which one was meant is a guess (most CLIs keep the last,
                // silently); --with adds up (`--with streaming --with logs`), the rest is said once.
                String before = option == Option.WITH ? null : given.put(option, value);
                if (before != null) {
                    throw new UsageError(option.flag + " is given twice" + (option.needs != null
                            ? " (" + before + ", then " + value + ")" : "") + ": give it once");
                }
                switch (option) {
                    case WORKERS -> {
                        try {
                            workers = Integer.parseInt(value);
                        } catch (NumberFormatException e) {
                            throw new UsageError("--workers needs a number, got '" + value + "'");
                        }
                        if (workers < 1 || workers > LabStack.MAX_WORKERS) {
                            throw new UsageError("--workers must be 1 to " + LabStack.MAX_WORKERS + ", got " + workers);
                        }
                    }
                    case NO_GRAFANA -> grafana = false;
                    case HARDENED -> hardened = true;
                    case WITH -> {
                        for (String addOn : value.split(",")) {
                            if (!ADD_ONS.contains(addOn.strip())) {
                                throw new UsageError("--with: unknown add-on '" + addOn.strip() + "' (known: "
                                        + String.join(", ", new java.util.TreeSet<>(ADD_ONS)) + ")");
                            }
                            with.add(addOn.strip());
                        }
                    }
                    case RUNS -> {
                        long n = positive(value, "--runs");
                        // A round is a run of each variant (a minute or more): beyond this is a typo, and
                        // past 2^31 an int would wrap to a negative or tiny count.
                        if (n > MAX_RUNS) {
                            throw new UsageError("--runs must be 1 to " + MAX_RUNS + ", got " + value);
                        }
                        runs = (int) n;
                    }
                    case ROWS -> rows = positive(value, "--rows");
                }
            }
            if ("bench-alerts".equals(args[0])) {
                // Its worker scenario stops one worker of N and proves the alert fires for that one alone.
                if (given.containsKey(Option.WORKERS) && workers < 2) {
                    throw new UsageError("bench-alerts needs --workers 2 or more, got " + workers
                            + ": its worker scenario stops one worker of N and checks the alert names that one alone");
                }
                workers = Math.max(2, workers);
            }
            return new Options(workers, grafana, runs, rows, java.util.Set.copyOf(with), hardened);
        }

        private static long positive(String value, String name) {
            try {
                long n = Long.parseLong(value);
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // fall through to the message
            }
            throw new UsageError(name + " needs a whole number of at least 1, got '" + value + "'");
        }
    }

    /** A command line the lab does not take: said with the usage (exit 64), unlike a failure of the command itself. */
    static final class UsageError extends IllegalArgumentException {
        UsageError(String message) {
            super(message);
        }
    }
}
