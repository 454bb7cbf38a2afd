package io.sparklab.stack;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes the lab's images available: an image built here is tagged with the hash of its inputs and
 * built only when no image with that tag exists; an overridden or upstream image is used if present
 * and pulled otherwise (briefly: a machine with no registry answers at once or never).
 */
public final class ImageBuilder {
    private static final Pattern STEP = Pattern.compile("^Step (\\d+)/(\\d+) : (.*)$", Pattern.DOTALL);
    private static final Duration PULL_TIMEOUT = Duration.ofMinutes(5);

    private final LabProject project;
    private final DockerClient docker;
    private final boolean noCache;

    public ImageBuilder(LabProject project) {
        this(project, false);
    }

    /** noCache: build without Docker's layer cache (the benchmark's cold build). */
    public ImageBuilder(LabProject project, boolean noCache) {
        this.project = project;
        this.docker = Docker.client();
        this.noCache = noCache;
    }

    /** The tag a built image gets for its current inputs, e.g. sparklab/spark:3f2a9c0d1e4b. */
    public String tagFor(LabImage image) {
        return LabImage.REPOSITORY_PREFIX + image.id() + ":" + ContextHasher.hash(project.root(), image.inputs());
    }

    /** The name of an image that is present, building or pulling it if needed. */
    public String resolve(LabImage image) {
        String override = image.override();
        if (override != null) {
            ensurePresent(override, "the image set by lab.image." + image.id() + " / LAB_IMAGE_*");
            return override;
        }
        if (!image.isBuilt()) {
            ensurePresent(LabImage.GRAFANA_DEFAULT, "the pinned Grafana image");
            return LabImage.GRAFANA_DEFAULT;
        }
        String tag = tagFor(image);
        if (isPresent(tag) && !noCache) {
            Progress.say("image %-34s up to date", tag);
            return tag;
        }
        build(image, tag);
        return tag;
    }

    public boolean isPresent(String name) {
        try {
            docker.inspectImageCmd(name).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** Pulls an image; returns the reason it could not, or null on success. */
    public String tryPull(String name, Duration timeout) {
        try {
            boolean done = docker.pullImageCmd(name).exec(new PullImageResultCallback())
                    .awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return done && isPresent(name) ? null : "no answer from the registry within " + timeout.toSeconds() + " s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage().strip();
            // Docker wraps the registry's answer in JSON; the last clause says what happened.
            Matcher reason = Pattern.compile("\"message\":\"(.*)\"").matcher(message);
            if (reason.find()) {
                String[] parts = reason.group(1).replace("\\\"", "\"").split(": ");
                message = parts.length > 2 ? parts[0] + ": " + parts[parts.length - 1] : reason.group(1);
            }
            return message;
        }
    }

    private void ensurePresent(String name, String what) {
        if (isPresent(name)) {
            return;
        }
        Progress.say("pulling %s", name);
        String failure = tryPull(name, PULL_TIMEOUT);
        if (failure != null) {
            throw new LabException(name + " (" + what + ") is not present and cannot be pulled: " + failure);
        }
    }

    private void build(LabImage image, String tag) {
        ensureBaseImage();
        Path context = image.contextIsProjectRoot() ? project.root() : project.root().resolve("docker").resolve(image.id());
        Path dockerfile = project.root().resolve(image.dockerfile());
        Progress.say("building %s from %s%s", tag, image.dockerfile(), noCache ? " (no cache)" : "");
        long start = System.nanoTime();
        StringBuilder errors = new StringBuilder();
        BuildImageResultCallback callback = new BuildImageResultCallback() {
            @Override
            public void onNext(BuildResponseItem item) {
                super.onNext(item);
                if (item.isErrorIndicated()) {
                    errors.append(item.getErrorDetail() != null ? item.getErrorDetail().getMessage() : item.getError());
                } else if (item.getStream() != null) {
                    Matcher step = STEP.matcher(item.getStream().strip());
                    if (step.matches()) {
                        String instruction = step.group(3).replaceAll("\\s+", " ");
                        Progress.say("  %s step %s/%s: %s", image.id(), step.group(1), step.group(2),
                                instruction.length() > 90 ? instruction.substring(0, 90) + "..." : instruction);
                    }
                }
            }
        };
        try {
            docker.buildImageCmd()
                    .withBaseDirectory(context.toFile())
                    .withDockerfile(dockerfile.toFile())
                    .withTags(Set.of(tag))
                    .withLabels(Map.of("io.sparklab.image", image.id()))
                    .withNoCache(noCache)
                    .withPull(false)
                    .exec(callback)
                    .awaitImageId();
        } catch (RuntimeException e) {
            String reason = errors.length() > 0 ? errors.toString().strip() : e.getMessage();
            throw new LabException("Image " + tag + " failed to build from " + image.dockerfile() + ": " + reason, e);
        }
        Progress.say("built %s in %.1f s", tag, (System.nanoTime() - start) / 1e9);
        removeOlderBuilds(image, tag);
    }

    /**
     * Removes this image's earlier builds (other input hashes), so iterating on the job does not pile
     * up images. Their big layers are shared with the new build; an image a container still uses stays.
     */
    private void removeOlderBuilds(LabImage image, String current) {
        for (var old : docker.listImagesCmd().withLabelFilter(Map.of("io.sparklab.image", image.id())).exec()) {
            String[] tags = old.getRepoTags() == null ? new String[0] : old.getRepoTags();
            if (java.util.Arrays.asList(tags).contains(current)) {
                continue;
            }
            try {
                docker.removeImageCmd(old.getId()).withForce(false).exec();
                boolean tagged = tags.length > 0 && !tags[0].startsWith("<none>");
                Progress.say("removed the earlier build %s", tagged ? tags[0] : old.getId().replace("sha256:", "").substring(0, 12));
            } catch (RuntimeException e) {
                // In use by a container, or tagged elsewhere: leave it.
            }
        }
    }

    private void ensureBaseImage() {
        if (isPresent(LabImage.BASE_IMAGE)) {
            return;
        }
        String failure = tryPull(LabImage.BASE_IMAGE, Duration.ofSeconds(60));
        if (failure != null) {
            throw new LabException("The base image " + LabImage.BASE_IMAGE + " is not present and cannot be pulled ("
                    + failure + "). On a machine with no registry, make it with: sudo docker/make-base-image.sh");
        }
    }
}
