import com.sun.source.util.JavacTask;
import com.sun.source.util.Plugin;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.EnumMap;
import java.util.Map;

/**
 * javac plugin ({@code -Xplugin:PhaseTimer}): wall time per compiler phase, printed to stderr when
 * the compilation ends. Time between two task events goes to the innermost phase still open. A
 * phase's time is listed per batch (e.g. ENTER=[first enter, re-enter for round 2, ...]):
 * ANNOTATION_PROCESSING_ROUND is the processors' own time in each round; the ENTER and PARSE batches
 * after the first are javac's re-entering and parsing for each new round; the time under
 * ANNOTATION_PROCESSING itself is javac's round bookkeeping (tree cleaning, symbol resets).
 */
public final class PhaseTimer implements Plugin, TaskListener {
    private final Deque<TaskEvent.Kind> open = new ArrayDeque<>();
    private final Map<TaskEvent.Kind, Long> nanos = new EnumMap<>(TaskEvent.Kind.class);
    private final Map<TaskEvent.Kind, List<Long>> batches = new EnumMap<>(TaskEvent.Kind.class);
    private long last = System.nanoTime();
    private final long start = last;
    private TaskEvent.Kind lastKind;

    @Override
    public String getName() {
        return "PhaseTimer";
    }

    @Override
    public void init(JavacTask task, String... args) {
        task.addTaskListener(this);
    }

    @Override
    public void started(TaskEvent e) {
        tick();
        if (lastKind != e.getKind()) {
            batches.computeIfAbsent(e.getKind(), k -> new ArrayList<>()).add(0L);
        }
        open.push(e.getKind());
        lastKind = e.getKind();
    }

    @Override
    public void finished(TaskEvent e) {
        tick();
        open.removeFirstOccurrence(e.getKind());
        lastKind = e.getKind();
        if (e.getKind() == TaskEvent.Kind.COMPILATION) {
            StringBuilder sb = new StringBuilder("PhaseTimer total ")
                    .append((System.nanoTime() - start) / 1_000_000).append(" ms:");
            nanos.forEach((k, v) -> {
                sb.append(' ').append(k).append('=').append(v / 1_000_000);
                List<Long> b = batches.get(k);
                if (b != null && b.size() > 1 && b.size() <= 8) {
                    sb.append(b.stream().map(x -> String.valueOf(x / 1_000_000)).toList());
                }
            });
            System.err.println(sb);
        }
    }

    private void tick() {
        long now = System.nanoTime();
        TaskEvent.Kind k = open.isEmpty() ? TaskEvent.Kind.COMPILATION : open.peek();
        nanos.merge(k, now - last, Long::sum);
        List<Long> b = batches.get(k);
        if (b != null) {
            b.set(b.size() - 1, b.get(b.size() - 1) + now - last);
        }
        last = now;
    }
}
