package io.faultline.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.faultline.adapters.kernellog.LogRecord;
import io.faultline.adapters.kernellog.UnparsedLine;
import io.faultline.api.Fault;
import io.faultline.api.Reason;
import io.faultline.api.Stage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Map;

/**
 * {@code --json}: one JSON object per fault, one per line, then one summary object
 * ({@code {"summary": {...}}}).
 */
final class JsonReport {
    private final JsonGenerator g;
    private final Writer out;
    private final boolean flushEach;
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();
    private static final int REASON_SLOTS = 64;
    private final char[] hexBuf = new char[18];
    private final Reason[] reasonKeys = new Reason[REASON_SLOTS];
    private final String[] reasonTexts = new String[REASON_SLOTS];

    /** {@code flushEach}: flush after every fault (for {@code --follow}); else only at the summary. */
    JsonReport(Writer out, boolean flushEach) {
        this.out = out;
        this.flushEach = flushEach;
        try {
            JsonFactory f = new JsonFactory();
            this.g = f.createGenerator(out);
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.setRootValueSeparator(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void fault(LogRecord r) {
        Fault f = r.fault();
        try {
            g.writeStartObject();
            g.writeStringField("family", f.family().id());
            g.writeStringField("device", r.device());
            if (f.hasPasid()) {
                g.writeNumberField("pasid", f.pasid());
            } else {
                g.writeNullField("pasid");
            }
            g.writeFieldName("address");
            if (f.hasAddress()) {
                hex(f.address());
            } else {
                g.writeNull();
            }
            g.writeStringField("access", f.access().summary());
            if (r.reasonCode() != null) {
                g.writeNumberField("reasonCode", r.reasonCode());
            } else {
                g.writeNullField("reasonCode");
            }
            g.writeStringField("reasonText", r.reasonText());
            g.writeStringField("stage", f.stage().name());
            g.writeStringField("type", f.type().name());
            g.writeNumberField("line", r.line());
            g.writeFieldName("requesterId");
            if (f.hasRequesterId()) {
                hex(f.requesterId() & 0xffffffffL);
            } else {
                g.writeNull();
            }
            g.writeStringField("reason", f.reason().name() == null ? null : reasonText(f.reason()));
            g.writeStringField("source", r.source());
            g.writeStringField("time", r.stamp());
            g.writeStringField("culprit", f.stage() == Stage.NONE ? null : f.culprit().name());
            g.writeBooleanField("truncated", r.truncated());
            g.writeEndObject();
            g.writeRaw('\n');
            if (flushEach) {
                g.flush();
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code "0x"} and lowercase hex digits without leading zeros, as {@code Long.toHexString}, without a String. */
    private void hex(long v) throws IOException {
        int n = Math.max(1, (64 - Long.numberOfLeadingZeros(v) + 3) / 4);
        hexBuf[0] = '0';
        hexBuf[1] = 'x';
        for (int i = n + 1; i >= 2; i--) {
            hexBuf[i] = DIGITS[(int) (v & 0xf)];
            v >>>= 4;
        }
        g.writeString(hexBuf, 0, n + 2);
    }

    /** {@link Reason#toString()}, remembered per instance (reasons are immutable and mostly shared constants). */
    private String reasonText(Reason r) {
        int slot = System.identityHashCode(r) & (REASON_SLOTS - 1);
        if (reasonKeys[slot] != r) {
            reasonKeys[slot] = r;
            reasonTexts[slot] = r.toString();
        }
        return reasonTexts[slot];
    }

    void summary(Triage t, long lines) {
        try {
            g.writeStartObject();
            g.writeObjectFieldStart("summary");
            g.writeNumberField("faults", t.faults);
            g.writeNumberField("lines", lines);
            g.writeArrayFieldStart("devices");
            for (DeviceSummary d : t.devices.values()) {
                g.writeStartObject();
                g.writeStringField("device", d.key);
                g.writeArrayFieldStart("families");
                for (var fam : d.families) {
                    g.writeString(fam.id());
                }
                g.writeEndArray();
                g.writeNumberField("faults", d.count);
                map("stages", d.stages);
                map("types", d.types);
                map("access", d.access);
                map("reasons", d.reasons);
                g.writeStringField("first", d.firstTime());
                g.writeStringField("last", d.lastTime());
                g.writeNumberField("firstLine", d.first.line());
                g.writeNumberField("lastLine", d.last.line());
                g.writeObjectFieldStart("culprits");
                for (Stage s : DeviceSummary.SEVERITY) {
                    if (d.stages.containsKey(s)) {
                        g.writeStringField(s.name(), s.culprit().name());
                    }
                }
                g.writeEndObject();
                g.writeStringField("action", d.worst().defaultAction().name());
                g.writeNumberField("truncated", d.truncated);
                g.writeEndObject();
            }
            g.writeEndArray();
            map("suppressed", t.suppressed);
            g.writeNumberField("suppressedTotal", t.suppressedTotal());
            g.writeBooleanField("countsAreLowerBounds", !t.suppressed.isEmpty() || !t.overflows.isEmpty());
            g.writeNumberField("overflowCount", t.overflowCount);
            g.writeArrayFieldStart("overflows");
            for (String o : t.overflows) {
                g.writeString(o);
            }
            g.writeEndArray();
            g.writeNumberField("unparsedCount", t.unparsedCount);
            g.writeArrayFieldStart("unparsed");
            for (UnparsedLine u : t.unparsed) {
                g.writeStartObject();
                g.writeNumberField("line", u.line());
                g.writeStringField("why", u.why());
                g.writeStringField("text", u.text());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeNumberField("outsideWindow", t.outsideWindow);
            g.writeNumberField("untimed", t.untimed);
            g.writeEndObject();
            g.writeEndObject();
            g.flush();
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void map(String name, Map<?, Long> m) throws IOException {
        g.writeObjectFieldStart(name);
        for (var e : m.entrySet()) {
            g.writeNumberField(String.valueOf(e.getKey()), e.getValue());
        }
        g.writeEndObject();
    }
}
