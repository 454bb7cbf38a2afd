package io.sparklab.stack;

/**
 * A container's memory and CPU limits in the hardened profile (docker run --memory, --memory-swap,
 * --cpus). Memory and swap are the same figure, so a container that outgrows its limit is killed
 * rather than slowed to a crawl in swap: an OOM kill is visible (docker inspect: OOMKilled), a
 * swapping JVM only looks slow. The figures are each service's measured peak with head room
 * (./lab bench prints peak against limit); every JVM's heap fits inside its container's limit
 * with room for metaspace, threads and off-heap buffers.
 *
 * @param memoryMiB the memory limit, MiB
 * @param cpus      the CPU share, in cores (1.5 = one and a half)
 */
public record ResourceLimits(int memoryMiB, double cpus) {
    public ResourceLimits {
        if (memoryMiB < 6) {
            throw new IllegalArgumentException("a memory limit under 6 MiB is refused by Docker, was " + memoryMiB);
        }
        if (cpus <= 0) {
            throw new IllegalArgumentException("cpus must be positive, was " + cpus);
        }
    }

    public long memoryBytes() {
        return memoryMiB * 1024L * 1024L;
    }

    /** The CPU limit as Docker stores it (HostConfig.NanoCpus). */
    public long nanoCpus() {
        return Math.round(cpus * 1e9);
    }

    @Override
    public String toString() {
        return memoryMiB + " MiB, " + cpus + " CPU";
    }
}
