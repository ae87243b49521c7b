package org.edusync.fuzz;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Around every fuzz property: sets its tries from {@code -Dedusync.fuzz.tries=N} when given (the {@code tries} of
 * its {@code @Property} are the CI count; {@link FuzzShare} takes a part of N), tallies the outcomes the property {@link #record}s, and prints one line
 * per target when it ends: {@code fuzz <target>: inputs=N outcomes={...} failures=F duration=S s}. bench/fuzz.sh
 * collects these lines.
 */
public final class FuzzRun implements AroundPropertyHook {
    /** The system property that sets the tries of every fuzz property. */
    public static final String TRIES_PROPERTY = "edusync.fuzz.tries";

    private static volatile Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();

    /** Counts one input's outcome (an HTTP status, "report", ...) for the property that is running. */
    static void record(String outcome) {
        outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
    }

    static void record(int status) {
        record(Integer.toString(status));
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        Integer configured = Integer.getInteger(TRIES_PROPERTY);
        if (configured != null) {
            int tries = context.findAnnotation(FuzzShare.class)
                    .map(share -> Math.max((int) ((long) configured * share.percent() / 100), context.attributes().tries().orElse(1)))
                    .orElse(configured);
            context.attributes().setTries(tries);
        }
        outcomes = new ConcurrentHashMap<>();
        long started = System.nanoTime();
        PropertyExecutionResult result = property.execute();
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, Long> seen = new TreeMap<>();
        outcomes.forEach((outcome, count) -> seen.put(outcome, count.sum()));
        int failures = result.status() == PropertyExecutionResult.Status.SUCCESSFUL ? 0 : 1;
        System.out.println(String.format(Locale.ROOT, "fuzz %s.%s: inputs=%d outcomes=%s failures=%d duration=%.1fs",
                context.containerClass().getSimpleName(), context.targetMethod().getName(), result.countTries(), seen, failures, seconds));
        return result;
    }

    /** Declared on a fuzz class, the hook applies to the properties in it. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.DIRECT_DESCENDANTS;
    }

    @Override
    public int aroundPropertyProximity() {
        return -100; // outside jqwik's own hooks, so that the duration covers the whole property
    }
}
