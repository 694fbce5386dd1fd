package io.faultline.adapters.kernellog;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test listener: keeps everything the parser reports. */
final class Collector implements KernelLogListener {
    final List<LogRecord> faults = new ArrayList<>();
    final List<UnparsedLine> unparsed = new ArrayList<>();
    final Map<String, Long> suppressed = new LinkedHashMap<>();
    final List<String> overflows = new ArrayList<>();

    static Collector parse(String text) {
        Collector c = new Collector();
        KernelLogParser p = new KernelLogParser(c);
        try {
            p.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return c;
    }

    static Collector lines(String... lines) {
        return parse(String.join("\n", lines) + "\n");
    }

    /** The parser that reported here, for its counters (set by {@link #accepted} and {@link #fed}). */
    KernelLogParser parser;

    /** Every line through {@link KernelLogParser#accept(String)}, then the end of input: no line takes the byte path. */
    static Collector accepted(List<String> lines) {
        Collector c = new Collector();
        c.parser = new KernelLogParser(c);
        for (String l : lines) {
            c.parser.accept(l);
        }
        c.parser.endOfInput();
        return c;
    }

    /** The lines, each ended by '\n', fed as bytes in chunks of the sizes {@code chunkSizes} gives in turn. */
    static Collector fed(List<String> lines, int... chunkSizes) {
        Collector c = new Collector();
        c.parser = new KernelLogParser(c);
        byte[] b = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        for (int i = 0, k = 0; i < b.length; i += chunkSizes[k], k = (k + 1) % chunkSizes.length) {
            c.parser.feed(b, i, Math.min(chunkSizes[k], b.length - i));
        }
        c.parser.endOfInput();
        return c;
    }

    LogRecord only() {
        if (faults.size() != 1 || !unparsed.isEmpty()) {
            throw new AssertionError("expected exactly one fault and no unparsed lines, got " + faults + " / " + unparsed);
        }
        return faults.get(0);
    }

    @Override
    public void fault(LogRecord record) {
        faults.add(record);
    }

    @Override
    public void unparsed(UnparsedLine line) {
        unparsed.add(line);
    }

    @Override
    public void suppressed(String source, long count, long line) {
        suppressed.merge(source, count, Long::sum);
    }

    @Override
    public void overflow(String source, String text, long line) {
        overflows.add(source + "@" + line);
    }
}
