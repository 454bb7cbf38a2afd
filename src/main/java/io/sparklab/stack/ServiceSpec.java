package io.sparklab.stack;

import java.util.List;

/**
 * The facts a {@link Service} is made of: its network alias, its title, the page a person opens
 * first and every port it exposes, main port first.
 */
public record ServiceSpec(String alias, String title, String uiPath, List<Integer> ports) {
    public ServiceSpec {
        ports = List.copyOf(ports);
    }

    public ServiceSpec(String alias, String title, String uiPath, Integer... ports) {
        this(alias, title, uiPath, List.of(ports));
    }
}
