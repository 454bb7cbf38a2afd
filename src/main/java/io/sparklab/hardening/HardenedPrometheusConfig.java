package io.sparklab.hardening;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Set;

/**
 * The hardened profile's prometheus.yml, derived from the project's config/prometheus.yml rather
 * than kept beside it (two files would drift): the scrape jobs of the TLS endpoints and the
 * Alertmanager client get {@code scheme: https}, the lab CA and the lab user's credentials (the
 * password from a file: it is never in the config), and the rule files are named where the
 * project's config/ is mounted. A target whose port is served over TLS on another port (Spark's
 * UIs: the HTTP port + 400) is scraped there, its {@code instance} label kept as the project's file
 * gives it, so dashboards and alerts see the same series in both profiles. Everything else is the
 * project's file as it is.
 */
public final class HardenedPrometheusConfig {
    /** The file name in the secrets folder, and so in the container. */
    public static final String FILE = "prometheus.yml";

    private HardenedPrometheusConfig() {
    }

    /** As {@link #write(Path, String, Set, java.util.Map, LabSecrets)}, every target served over TLS on its own port. */
    public static Path write(Path source, String configDir, Set<String> securedJobs, LabSecrets secrets) {
        return write(source, configDir, securedJobs, java.util.Map.of(), secrets);
    }

    /**
     * Writes the derived config into the secrets folder.
     *
     * @param source       config/prometheus.yml
     * @param configDir    where the containers see the project's config/ (for the rule files)
     * @param securedJobs  the scrape jobs whose targets serve TLS with basic auth
     * @param tlsPortOf    for a target on a key port, the port it serves TLS on (a secured job's target on
     *                     another port is scraped on that port)
     */
    public static Path write(Path source, String configDir, Set<String> securedJobs, java.util.Map<Integer, Integer> tlsPortOf,
            LabSecrets secrets) {
        ObjectNode config = DerivedYaml.read(source);
        if (config.get("rule_files") instanceof ArrayNode rules) {
            for (int i = 0; i < rules.size(); i++) {
                String rule = rules.get(i).asText();
                if (!rule.startsWith("/")) {
                    rules.set(i, configDir + "/" + rule);
                }
            }
        }
        for (JsonNode alertmanagers : config.path("alerting").path("alertmanagers")) {
            secure((ObjectNode) alertmanagers, source);
        }
        int secured = 0;
        for (JsonNode job : config.path("scrape_configs")) {
            if (securedJobs.contains(job.path("job_name").asText())) {
                secure((ObjectNode) job, source);
                if (!tlsPortOf.isEmpty()) {
                    scrapeOnTlsPorts((ObjectNode) job, tlsPortOf);
                }
                secured++;
            }
        }
        if (secured != securedJobs.size()) {
            throw new IllegalArgumentException(source + " has " + secured + " of the scrape jobs " + securedJobs
                    + " the hardened profile secures: a job renamed or removed?");
        }
        return DerivedYaml.write(config, source, HardenedPrometheusConfig.class, secrets, FILE);
    }

    /**
     * Relabelling ahead of the job's own: instance as the address was (what the default profile
     * shows), then the address moved to its TLS port. A rule for a port the job has no target on
     * changes nothing.
     */
    private static void scrapeOnTlsPorts(ObjectNode job, java.util.Map<Integer, Integer> tlsPortOf) {
        ArrayNode rules = job.arrayNode();
        ObjectNode keepInstance = rules.addObject();
        keepInstance.putArray("source_labels").add("__address__");
        keepInstance.put("target_label", "instance");
        new java.util.TreeMap<>(tlsPortOf).forEach((port, tlsPort) -> {
            ObjectNode rule = rules.addObject();
            rule.putArray("source_labels").add("__address__");
            rule.put("regex", "(.+):" + port);
            rule.put("target_label", "__address__");
            rule.put("replacement", "${1}:" + tlsPort);
        });
        if (job.get("relabel_configs") instanceof ArrayNode own) {
            rules.addAll(own);
        }
        job.set("relabel_configs", rules);
    }

    private static void secure(ObjectNode client, Path source) {
        client.put("scheme", "https");
        ObjectNode tls = DerivedYaml.secureClient(client);
        // Targets found by DNS are addresses, which no certificate names: check the certificate
        // against the name they were found by (the executors: every address of spark-worker). So a
        // job's targets must all come from one DNS name for its one server_name to be right.
        String job = client.has("job_name") ? "scrape job " + client.path("job_name").asText() : "the alerting client";
        java.util.Set<String> dnsNames = new java.util.TreeSet<>();
        client.path("dns_sd_configs").forEach(dns -> dns.path("names").forEach(name -> dnsNames.add(name.asText())));
        if (dnsNames.size() > 1) {
            throw new IllegalArgumentException(source + ": " + job + " finds its targets by the DNS names " + dnsNames
                    + " (dns_sd_configs[*].names): the hardened profile checks their certificate against one name");
        }
        if (dnsNames.size() == 1) {
            java.util.List<String> others = new java.util.ArrayList<>();
            client.fieldNames().forEachRemaining(field -> {
                if (field.endsWith("_sd_configs") && !field.equals("dns_sd_configs") || field.equals("static_configs")) {
                    others.add(field);
                }
            });
            if (!others.isEmpty()) {
                throw new IllegalArgumentException(source + ": " + job + " has targets from dns_sd_configs and from " + others
                        + ": the server_name the hardened profile gives DNS targets would be wrong for the others");
            }
            tls.put("server_name", dnsNames.iterator().next());
        }
    }
}
