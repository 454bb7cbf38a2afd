package io.sparklab.stack;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;

/**
 * Runs one command to completion in a throw-away container of a lab image (promtool, amtool) and
 * returns its exit code and output. Files are bind-mounted read-only, never copied. The container
 * carries the lab's labels (service, this JVM's Testcontainers session and {@link RunOwner}), so a
 * JVM killed while it runs (Ctrl-C twice during `./lab check`) leaves nothing the next stack start
 * does not remove ({@link Leftovers}).
 */
public final class DockerRun {
    public record Result(int exitCode, String output) {
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    private final String image;
    private final Map<Path, String> mounts = new LinkedHashMap<>();

    public DockerRun(String image) {
        this.image = image;
    }

    /**
     * Mounts a host file or folder read-only at a path in the container. A missing one is named here:
     * Docker would make an empty root-owned folder in its place (in the student's config/), and the tool
     * would then fail reading "a directory".
     */
    public DockerRun mount(Path host, String containerPath) {
        if (!java.nio.file.Files.exists(host)) {
            throw new LabException("Missing " + host + " (needed by " + image + " at " + containerPath + ")");
        }
        mounts.put(host.toAbsolutePath(), containerPath);
        return this;
    }

    /** The service label of a one-off: this, then the command's name ("run-promtool"). */
    static final String SERVICE_PREFIX = "run-";

    /** The lab's labels for a one-off of this command: service "run-" and the command's name, session, owner. */
    static Map<String, String> labels(String entrypoint) {
        return Map.of(LabContainer.SERVICE_LABEL, SERVICE_PREFIX + Path.of(entrypoint).getFileName(),
                Leftovers.SESSION_LABEL, DockerClientFactory.SESSION_ID,
                RunOwner.LABEL, RunOwner.current());
    }

    public Result run(String entrypoint, String... args) {
        DockerClient docker = Docker.client();
        List<Bind> binds = new ArrayList<>();
        mounts.forEach((host, path) -> binds.add(new Bind(host.toString(), new Volume(path), AccessMode.ro)));
        // Named, so that it can be removed even when the create's answer never arrived (an interrupt mid-request).
        String name = "lab-run-" + UUID.randomUUID();
        try {
            String id = docker.createContainerCmd(image)
                    .withName(name)
                    .withLabels(labels(entrypoint))
                    .withEntrypoint(entrypoint)
                    .withCmd(args)
                    .withHostConfig(HostConfig.newHostConfig().withBinds(binds))
                    .exec().getId();
            docker.startContainerCmd(id).exec();
            Integer exit = docker.waitContainerCmd(id).exec(new WaitContainerResultCallback())
                    .awaitStatusCode(2, TimeUnit.MINUTES);
            StringBuilder output = new StringBuilder();
            docker.logContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(false)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            output.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                        }
                    })
                    .awaitCompletion(30, TimeUnit.SECONDS);
            return new Result(exit, output.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("Interrupted while running " + entrypoint + " in " + image, e);
        } catch (DockerClientException e) {
            // docker-java's waits turn an interrupt into this and clear the flag: put it back, say what it was.
            if (e.getCause() instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new LabException("Interrupted while running " + entrypoint + " in " + image, e);
            }
            throw e;
        } finally {
            remove(docker, name);
        }
    }

    /**
     * Removes the container, even on an interrupted thread (a stop during the lab's start): the Docker
     * client gives up a request on an interrupted thread, which left the container behind.
     */
    private static void remove(DockerClient docker, String name) {
        Docker.uninterrupted(() -> {
            try {
                docker.removeContainerCmd(name).withForce(true).exec();
            } catch (NotFoundException neverCreated) {
                // the create was cut short before the engine made it
            } catch (RuntimeException e) {
                // said, not thrown: the command's own result or failure is what the caller asked for; the
                // container is labelled, so the next stack start's sweep removes it once this JVM has ended
                Progress.say("could not remove the one-off container %s: %s", name, e.getMessage());
            }
        });
    }
}
