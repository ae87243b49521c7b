import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures whether this machine's cores keep their speed while a benchmark runs beside it: every 5 ms it times a
 * fixed unit of arithmetic (about 30 µs, no memory touched) by its thread's CPU time, not the wall clock. Waiting for
 * a core does not count in a thread's CPU time, so on a machine that keeps its speed every unit takes about the same
 * time whatever else runs; a unit that took several times the median ran on a core that was itself held up (a virtual
 * machine whose host runs its cores slow or stops them while the guest counts the time as spent). Slow units less
 * than 300 ms apart are counted as one episode. Prints one line:
 * {@code STALLS seconds=.. units=.. median_us=.. p99_us=.. max_us=.. slow_units=.. episodes=..}.
 *
 * <p>Run as a single-file program, with no build: {@code java bench/StallProbe.java SECONDS}; with 0 seconds it runs
 * until it is stopped (SIGTERM) and prints its line then. The first second is left out (the unit is being compiled).
 */
public final class StallProbe {
    private static final int ITERATIONS = 20_000;
    private static final double SLOW = 5.0;
    private static final long EPISODE_GAP_NANOS = 300_000_000L;
    private static final long WARM_UP_NANOS = 1_000_000_000L;
    private static long sink = 1;

    public static void main(String[] args) throws InterruptedException {
        double seconds = Double.parseDouble(args[0]);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!threads.isCurrentThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM cannot measure a thread's CPU time");
        }
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        List<long[]> units = new ArrayList<>(); // {wall start, CPU nanos}
        Thread report = new Thread(() -> {
            synchronized (units) {
                System.out.println(summary(units));
            }
        });
        Runtime.getRuntime().addShutdownHook(report);
        while (seconds <= 0 || System.nanoTime() - end < 0) {
            long wall = System.nanoTime();
            long cpu = threads.getCurrentThreadCpuTime();
            long x = sink;
            for (int i = 0; i < ITERATIONS; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
            sink = x;
            long spent = threads.getCurrentThreadCpuTime() - cpu;
            if (wall - start >= WARM_UP_NANOS) {
                synchronized (units) {
                    units.add(new long[] {wall, spent});
                }
            }
            Thread.sleep(5);
        }
        // (the hook prints the line as the JVM exits, whether the time ran out or the probe was stopped)
    }

    private static String summary(List<long[]> units) {
        if (units.isEmpty()) {
            return "STALLS seconds=0 units=0";
        }
        long[] sorted = units.stream().mapToLong(u -> u[1]).sorted().toArray();
        long median = sorted[sorted.length / 2];
        int slowUnits = 0;
        int episodes = 0;
        long lastSlow = Long.MIN_VALUE;
        for (long[] unit : units) {
            if (unit[1] > SLOW * median) {
                slowUnits++;
                if (lastSlow == Long.MIN_VALUE || unit[0] - lastSlow > EPISODE_GAP_NANOS) {
                    episodes++;
                }
                lastSlow = unit[0];
            }
        }
        double covered = (units.get(units.size() - 1)[0] - units.get(0)[0]) / 1e9;
        return String.format("STALLS seconds=%.1f units=%d median_us=%d p99_us=%d max_us=%d slow_units=%d episodes=%d", covered,
                sorted.length, median / 1000, sorted[(int) (sorted.length * 0.99)] / 1000, sorted[sorted.length - 1] / 1000,
                slowUnits, episodes);
    }
}
