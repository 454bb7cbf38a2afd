package io.sparklab.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;

/**
 * A container of one lab service: on the lab network under the service's alias, with the service's
 * ports, and optionally published on the same host ports (the lab command) instead of random ones
 * (the tests, so they never collide with anything on the machine).
 */
public abstract class LabContainer<SELF extends LabContainer<SELF>> extends GenericContainer<SELF> {
    private final Service service;
    private final List<Mount> mounts = new ArrayList<>();

    /** A file, folder or named volume mounted into the container (what the compose parity test compares). */
    public record Mount(String source, String containerPath, boolean readOnly, boolean namedVolume) {
    }

    private final String imageName;
    /** http, or https where the hardened profile gave the service TLS. */
    private String scheme = "http";
    /** The basic-auth user and password the service asks for, or null. */
    private String[] credentials;
    /**
     * Where each of its secured ports is served over TLS: the port itself (a web config), or another
     * (Spark serves TLS on the HTTP port + 400 and only redirects on the HTTP port).
     */
    private final java.util.Map<Integer, Integer> tlsPorts = new java.util.TreeMap<>();
    /** The host:port pairs its credentials were registered for (LabTrust), forgotten at stop. */
    private final java.util.Set<String> authorized = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** The label that marks a container as the lab's, its value the service's alias. */
    public static final String SERVICE_LABEL = "io.sparklab.service";

    protected LabContainer(String image, Service service, Network network) {
        super(image);
        this.imageName = image;
        this.service = service;
        withNetwork(network);
        withNetworkAliases(service.alias());
        withExposedPorts(service.ports().toArray(Integer[]::new));
        withStartupTimeout(Duration.ofMinutes(2));
        withLabel(SERVICE_LABEL, service.alias());
        withLabel(RunOwner.LABEL, RunOwner.current()); // whose it is, should this JVM die without stopping it
    }

    @Override
    public void start() {
        if (getContainerId() != null) {
            return; // already started, e.g. as another container's dependency
        }
        long start = System.nanoTime();
        super.start();
        Progress.say("%-14s ready in %.1f s", service.alias(), (System.nanoTime() - start) / 1e9);
    }

    @Override
    public void stop() {
        try {
            super.stop();
        } finally {
            // Its host ports go back to Docker: another container may get one, and must not get these credentials.
            authorized.forEach(io.sparklab.client.LabTrust::forget);
            authorized.clear();
        }
    }

    public Service service() {
        return service;
    }

    /**
     * Publishes the service's ports on the same port numbers of the host (the plan's ports) and names
     * the container as the plan does, so {@code docker exec spark-master spark-submit ...} works.
     */
    @SuppressWarnings("unchecked")
    public SELF withPlanNameAndPorts(String containerName) {
        setPortBindings(java.util.stream.Stream.concat(service.ports().stream(), tlsPorts.values().stream()).distinct()
                .map(p -> p + ":" + p).toList());
        withCreateContainerCmdModifier(cmd -> cmd.withName(containerName));
        return (SELF) this;
    }

    /**
     * Where Prometheus and Alertmanager see the project's config/ folder (their images' --config.file
     * points there). The folder is mounted whole, not file by file: a single-file bind mount keeps the
     * inode it started with, so after an editor or `git apply` replaces the file, a reload would load
     * the old content.
     */
    public static final String CONFIG_DIR = "/etc/lab/config";

    /** Bind-mounts a project file or folder read-only; a missing one is named before anything starts. */
    @SuppressWarnings("unchecked")
    protected SELF mount(Path hostFile, String containerPath) {
        if (!Files.exists(hostFile)) {
            throw new LabException("Missing " + hostFile + " (needed by " + service.alias() + " at " + containerPath + ")");
        }
        withFileSystemBind(hostFile.toAbsolutePath().toString(), containerPath, BindMode.READ_ONLY);
        mounts.add(new Mount(hostFile.toAbsolutePath().toString(), containerPath, true, false));
        return (SELF) this;
    }

    /**
     * Mounts another file read-only where a project file was mounted (the hardened profile's derived
     * configs): Docker refuses two mounts at one path, so the first is taken out.
     */
    @SuppressWarnings("unchecked")
    protected SELF remount(Path hostFile, String containerPath) {
        List<Bind> binds = new ArrayList<>(getBinds());
        boolean removed = binds.removeIf(b -> b.getVolume().getPath().equals(containerPath));
        mounts.removeIf(m -> m.containerPath().equals(containerPath));
        if (!removed) {
            throw new LabException(service.alias() + " has no mount at " + containerPath + " to replace");
        }
        setBinds(binds);
        return mount(hostFile, containerPath);
    }

    /** Mounts a named Docker volume (shared with other containers of the lab) read-write. */
    public SELF withVolume(String volumeName, String containerPath) {
        return withVolume(volumeName, containerPath, false);
    }

    /** Mounts a named Docker volume, read-only for a container that only reads what others write. */
    @SuppressWarnings("unchecked")
    public SELF withVolume(String volumeName, String containerPath, boolean readOnly) {
        mounts.add(new Mount(volumeName, containerPath, readOnly, true));
        withCreateContainerCmdModifier(cmd -> {
            HostConfig host = cmd.getHostConfig();
            List<Bind> binds = new ArrayList<>(host.getBinds() == null ? List.of() : List.of(host.getBinds()));
            binds.add(new Bind(volumeName, new Volume(containerPath),
                    readOnly ? com.github.dockerjava.api.model.AccessMode.ro : com.github.dockerjava.api.model.AccessMode.rw));
            host.withBinds(binds);
        });
        return (SELF) this;
    }

    /**
     * Limits the container's memory (swap included: no swap beyond it) and CPU, as `docker run
     * --memory --memory-swap --cpus` do; {@link #limits()} reads them back from Docker.
     */
    @SuppressWarnings("unchecked")
    public SELF withLimits(ResourceLimits limits) {
        withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
                .withMemory(limits.memoryBytes())
                .withMemorySwap(limits.memoryBytes())
                .withNanoCPUs(limits.nanoCpus()));
        return (SELF) this;
    }

    /**
     * The hardened profile's limits for this container's service (declared with the service, beside its
     * ports); a service without any is a mistake of the profile, named.
     */
    public SELF withServiceLimits() {
        return withLimits(service().limits().orElseThrow(() -> new LabException(
                "The hardened profile has no resource limits for " + service().alias())));
    }

    /** The running container's limits as Docker applies them, empty where it has none. */
    public java.util.Optional<ResourceLimits> limits() {
        HostConfig host = Docker.client().inspectContainerCmd(getContainerId()).exec().getHostConfig();
        Long memory = host.getMemory();
        Long nanoCpus = host.getNanoCPUs();
        if (memory == null || memory == 0 || nanoCpus == null || nanoCpus == 0) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new ResourceLimits((int) (memory / (1024 * 1024)), nanoCpus / 1e9));
    }

    /** The image name as given (getDockerImageName() would resolve, and so pull, the image). */
    public String imageName() {
        return imageName;
    }

    /** The lab's aliases of this container (without the random one Testcontainers adds). */
    public List<String> labAliases() {
        return getNetworkAliases().stream().filter(a -> !a.startsWith("tc-")).toList();
    }

    /**
     * The name that tells this container from the others of the stack: its last lab alias
     * ({@code spark-worker-2}, not the {@code spark-worker} every worker shares).
     */
    public String name() {
        List<String> aliases = labAliases();
        return aliases.isEmpty() ? service.alias() : aliases.get(aliases.size() - 1);
    }

    public List<Mount> mounts() {
        return List.copyOf(mounts);
    }

    /**
     * Serves its main port over TLS and asks for basic auth there (the hardened profile): its URLs
     * become https, and the lab's HTTP clients send these credentials to it (LabTrust).
     */
    public SELF withTlsAndBasicAuth(String user, String password) {
        return withTlsAndBasicAuth(user, password, java.util.Map.of(service.port(), service.port()));
    }

    /**
     * Serves TLS and asks for basic auth on other ports than the ones it serves plain HTTP on: each
     * URL of a key port is an https URL of its value port (published too).
     */
    @SuppressWarnings("unchecked")
    public SELF withTlsAndBasicAuth(String user, String password, java.util.Map<Integer, Integer> httpsPortOf) {
        this.scheme = "https";
        this.credentials = new String[] {user, password};
        tlsPorts.putAll(httpsPortOf);
        httpsPortOf.values().stream().filter(p -> !getExposedPorts().contains(p)).forEach(this::addExposedPort);
        return (SELF) this;
    }

    /** The container port its main port's URL points at: the main port, or where it serves TLS instead. */
    public int mainPort() {
        return tlsPorts.getOrDefault(service.port(), service.port());
    }

    /** "https" where the service serves TLS (the hardened profile), else "http". */
    public String scheme() {
        return scheme;
    }

    /** The URL of the service's main port as seen from the host. */
    public String url() {
        return url(service.port());
    }

    /**
     * The URL of a port as seen from the host: https for a port the service secures with TLS (then
     * the port it serves TLS on), whose credentials the lab's clients then send to that host and port.
     */
    public String url(int containerPort) {
        Integer tlsPort = credentials == null ? null : tlsPorts.get(containerPort);
        int hostPort = currentHostPort(tlsPort == null ? containerPort : tlsPort);
        if (tlsPort != null) {
            String endpoint = getHost() + ":" + hostPort;
            io.sparklab.client.LabTrust.authorize(endpoint, credentials[0], credentials[1]);
            authorized.add(endpoint);
        }
        return (tlsPort != null ? scheme : "http") + "://" + getHost() + ":" + hostPort;
    }

    /**
     * The host port published for a container port, asked of Docker now rather than remembered from
     * the start: a container stopped and started again (an alert scenario) gets new random ports.
     */
    public int currentHostPort(int containerPort) {
        var ports = Docker.client().inspectContainerCmd(getContainerId()).exec().getNetworkSettings().getPorts();
        var bindings = ports.getBindings().get(com.github.dockerjava.api.model.ExposedPort.tcp(containerPort));
        if (bindings == null || bindings.length == 0) {
            throw new LabException(service.alias() + " publishes no host port for " + containerPort + " (is it running?)");
        }
        return Integer.parseInt(bindings[0].getHostPortSpec());
    }

    /** The address of the main port as seen from another container of the lab network. */
    public String internalUrl() {
        return scheme + "://" + service.alias() + ":" + mainPort();
    }

    /** Host ports this container would publish with {@link #withPlanNameAndPorts(String)}. */
    public List<Integer> planPorts() {
        return java.util.stream.Stream.concat(service.ports().stream(), tlsPorts.values().stream()).distinct().toList();
    }
}
