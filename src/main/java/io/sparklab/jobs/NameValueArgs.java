package io.sparklab.jobs;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A job's command line: options {@code --name value}, and flags, the options the job names that take
 * no value. Read in order ({@link #next()}, {@link #value()}: a switch over the names), or by name
 * ({@link #take}, then {@link #refuseUnknown()}). A stray word or an option without its value is an
 * IllegalArgumentException whose message names it, followed by the job's usage when it gave one.
 */
final class NameValueArgs {
    private final String[] args;
    private final Set<String> flags;
    /** Appended to every message: "" or a line break and the usage. */
    private final String usage;
    private int at;
    private String value;
    private Map<String, String> byName;

    /** For reading in order. The messages name the argument only: the job prints its usage itself. */
    NameValueArgs(String[] args, String... flags) {
        this(args, Set.of(flags), "");
    }

    private NameValueArgs(String[] args, Set<String> flags, String usage) {
        this.args = args;
        this.flags = flags;
        this.usage = usage;
    }

    /**
     * For reading by name: every option takes a value, the last of a repeated one counts, and the
     * messages end with the usage. Reads every argument now, so a stray word is refused before any
     * value is looked at.
     */
    static NameValueArgs byName(String usage, String... args) {
        NameValueArgs parsed = new NameValueArgs(args, Set.of(), "\n" + usage);
        parsed.byName = new HashMap<>();
        for (String name = parsed.next(); name != null; name = parsed.next()) {
            parsed.byName.put(name.substring(2), parsed.value);
        }
        return parsed;
    }

    /** The next option's name, dashes included ("--rows"), or null after the last. */
    String next() {
        value = null;
        if (at == args.length) {
            return null;
        }
        String name = args[at++];
        if (flags.contains(name)) {
            return name;
        }
        if (!name.startsWith("--")) {
            throw refusal("unexpected argument '" + name + "'");
        }
        if (at == args.length) {
            throw refusal(name + " needs a value");
        }
        value = args[at++];
        return name;
    }

    /** The value of the option {@link #next()} returned; null for a flag. */
    String value() {
        return value;
    }

    /** The value of {@code --name} (byName only), or the fallback when it was not given. */
    String take(String name, String fallback) {
        String given = byName.remove(name);
        return given != null ? given : fallback;
    }

    /** {@link #take} for an option that cannot be empty (a host, a topic, a path): "" or blanks are refused naming it. */
    String takeNonBlank(String name, String fallback) {
        String given = take(name, fallback);
        if (given.isBlank()) {
            throw refusal("--" + name + " must not be empty");
        }
        return given.strip();
    }

    /** {@link #takeLong} with an upper bound too, named when passed. */
    long takeLong(String name, long fallback, long min, long max) {
        String given = byName.get(name);
        long n = takeLong(name, fallback, min);
        if (n > max) {
            throw refusal("--" + name + " must be at most " + max + ", got '" + given + "'");
        }
        return n;
    }

    /**
     * The whole number given as {@code --name} (byName only), or the fallback; a value that is not one,
     * or is under {@code min}, is refused naming the option ("--rate must be a whole number of at least 1, got '2OO'").
     */
    long takeLong(String name, long fallback, long min) {
        String given = take(name, null);
        if (given == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(given.strip().replace("_", ""));
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw refusal("--" + name + " must be a whole number" + (min == Long.MIN_VALUE ? "" : " of at least " + min) + ", got '" + given + "'");
    }

    /** {@link #takeLong} for an int option: a number past an int's range is refused too. */
    int takeInt(String name, int fallback, int min) {
        String given = byName.get(name);
        long n = takeLong(name, fallback, min);
        if (n > Integer.MAX_VALUE) {
            throw refusal("--" + name + " must be at most " + Integer.MAX_VALUE + ", got '" + given + "'");
        }
        return (int) n;
    }

    /** Refuses the options no {@link #take} asked for (byName only). */
    void refuseUnknown() {
        if (!byName.isEmpty()) {
            throw refusal("unknown options " + byName.keySet());
        }
    }

    /** A refusal with the usage: of one option here, or of the caller's own (a combination of options). */
    IllegalArgumentException refusal(String message) {
        return new IllegalArgumentException(message + usage);
    }
}
