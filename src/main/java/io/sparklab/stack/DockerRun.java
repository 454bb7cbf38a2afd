package io.sparklab.stack;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
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
import java.util.concurrent.TimeUnit;

/**
 * Runs one command to completion in a throw-away container of a lab image (promtool, amtool) and
 * returns its exit code and output. Files are bind-mounted read-only, never copied.
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

    /** Mounts a host file or folder read-only at a path in the container. */
    public DockerRun mount(Path host, String containerPath) {
        mounts.put(host.toAbsolutePath(), containerPath);
        return this;
    }

    public Result run(String entrypoint, String... args) {
        DockerClient docker = Docker.client();
        List<Bind> binds = new ArrayList<>();
        mounts.forEach((host, path) -> binds.add(new Bind(host.toString(), new Volume(path), AccessMode.ro)));
        CreateContainerResponse created = docker.createContainerCmd(image)
                .withEntrypoint(entrypoint)
                .withCmd(args)
                .withHostConfig(HostConfig.newHostConfig().withBinds(binds))
                .exec();
        String id = created.getId();
        try {
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
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
        }
    }
}
