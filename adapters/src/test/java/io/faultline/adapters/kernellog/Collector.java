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
