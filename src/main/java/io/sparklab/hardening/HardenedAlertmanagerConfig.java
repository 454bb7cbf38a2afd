package io.sparklab.hardening;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Set;

/**
 * The hardened profile's alertmanager.yml, derived from the project's config/alertmanager.yml like
 * the prometheus.yml ({@link HardenedPrometheusConfig}): every webhook that calls one of the
 * secured hosts is called over https, its certificate checked against the lab CA, with the lab
 * user's credentials (the password from a file). Routes, inhibitions and everything else are the
 * project's file as it is.
 */
public final class HardenedAlertmanagerConfig {
    /** The file name in the secrets folder, and so in the container. */
    public static final String FILE = "alertmanager.yml";

    private HardenedAlertmanagerConfig() {
    }

    /**
     * Writes the derived config into the secrets folder.
     *
     * @param securedHosts the hosts whose webhooks serve TLS with basic auth (the lab's receiver)
     */
    public static Path write(Path source, Set<String> securedHosts, LabSecrets secrets) {
        ObjectNode config = DerivedYaml.read(source);
        int secured = 0;
        for (JsonNode receiver : config.path("receivers")) {
            for (JsonNode webhook : receiver.path("webhook_configs")) {
                String url = webhook.path("url").asText();
                URI uri;
                try {
                    uri = new URI(url);
                } catch (URISyntaxException e) {
                    throw new IllegalArgumentException(source + ": receiver " + receiver.path("name").asText()
                            + " has a webhook url that is not a URL: " + url, e);
                }
                if (uri.getHost() == null || !securedHosts.contains(uri.getHost())) {
                    continue;
                }
                if (webhook.has("http_config")) {
                    throw new IllegalArgumentException(source + ": receiver " + receiver.path("name").asText()
                            + " already has an http_config; the hardened profile writes its own (TLS and basic auth)");
                }
                ObjectNode hook = (ObjectNode) webhook;
                try {
                    // Rebuilt rather than edited as text: HTTP://, or a URL already https, come out right.
                    hook.put("url", new URI("https", uri.getUserInfo(), uri.getHost(), uri.getPort(), uri.getPath(),
                            uri.getQuery(), uri.getFragment()).toString());
                } catch (URISyntaxException e) {
                    throw new IllegalArgumentException(source + ": receiver " + receiver.path("name").asText()
                            + ": cannot make its webhook url https: " + url, e);
                }
                DerivedYaml.secureClient(hook.putObject("http_config"));
                secured++;
            }
        }
        if (secured == 0) {
            throw new IllegalArgumentException(source + " has no webhook calling " + securedHosts
                    + ": the hardened profile has nothing to secure there (a receiver renamed?)");
        }
        return DerivedYaml.write(config, source, HardenedAlertmanagerConfig.class, secrets, FILE);
    }
}
