package io.sparklab.support;

import io.sparklab.report.FaultWindow;
import java.util.ArrayList;
import java.util.List;

/** The faults the lab parts injected in this test run, for the run report to shade on its charts. */
public final class InjectedFaults {
    private static final List<FaultWindow> FAULTS = new ArrayList<>();

    private InjectedFaults() {
    }

    public static synchronized void addAll(List<FaultWindow> faults) {
        FAULTS.addAll(faults);
    }

    public static synchronized List<FaultWindow> all() {
        return List.copyOf(FAULTS);
    }
}
