package io.sparklab.cli;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Statistics;
import io.sparklab.stack.Docker;
import io.sparklab.stack.LabContainer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Each container's highest memory use (as `docker stats` counts it: usage minus page cache) from
 * {@link #watch} to {@link #close}: one stats stream per container, a sample a second each.
 */
public final class MemoryPeaks implements AutoCloseable {
    private final Map<String, Double> peak = new ConcurrentSkipListMap<>();
    private final List<ResultCallback.Adapter<Statistics>> streams = new ArrayList<>();

    /** Starts sampling these containers, each by its {@link LabContainer#name() name}. */
    public static MemoryPeaks watch(List<? extends LabContainer<?>> containers) {
        MemoryPeaks peaks = new MemoryPeaks();
        for (LabContainer<?> c : containers) {
            String name = c.name();
            peaks.streams.add(Docker.client().statsCmd(c.getContainerId()).exec(new ResultCallback.Adapter<>() {
                @Override
                public void onNext(Statistics s) {
                    double mib = StackBenchmark.memoryMiB(s);
                    if (mib > 0) {
                        peaks.peak.merge(name, mib, Math::max);
                    }
                }
            }));
        }
        return peaks;
    }

    /** The peaks so far, MiB by container. */
    public Map<String, Double> mib() {
        return new TreeMap<>(peak);
    }

    @Override
    public void close() {
        for (ResultCallback.Adapter<Statistics> stream : streams) {
            try {
                stream.close();
            } catch (IOException e) {
                // closing a finished stream: nothing to do
            }
        }
    }
}
