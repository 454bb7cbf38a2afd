package io.sparklab.jobs;

/**
 * A JVM that starts and ends with nothing between. The benchmarks (./lab bench-etl, bench-stream)
 * start it in the Spark image with and without the JMX agent to measure what the agent's start costs
 * each JVM that carries it (its premain: the platform MBean server, its rules, its HTTP server). That
 * work is done before the application's first line runs, so no listener can count it on its threads.
 */
public final class EmptyMain {
    private EmptyMain() {
    }

    public static void main(String[] args) {
        // nothing: the JVM's start and exit are what is measured
    }
}
