package io.faultline.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.faultline.adapters.kernellog.LogRecord;
import io.faultline.adapters.kernellog.UnparsedLine;
import io.faultline.api.Culprit;
import io.faultline.api.Fault;
import io.faultline.api.FaultType;
import io.faultline.api.Family;
import io.faultline.api.Reason;
import io.faultline.api.Stage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code --json}: one JSON object per fault, one per line, then one summary object
 * ({@code {"summary": {...}}}).
 */
final class JsonReport {
    private static final byte[] FAMILY = JsonBytes.field("family", true);
    private static final byte[] DEVICE = JsonBytes.field("device", false);
    private static final byte[] PASID = JsonBytes.field("pasid", false);
    private static final byte[] ADDRESS = JsonBytes.field("address", false);
    private static final byte[] ACCESS = JsonBytes.field("access", false);
    private static final byte[] REASON_CODE = JsonBytes.field("reasonCode", false);
    private static final byte[] REASON_TEXT = JsonBytes.field("reasonText", false);
    private static final byte[] STAGE = JsonBytes.field("stage", false);
    private static final byte[] TYPE = JsonBytes.field("type", false);
    private static final byte[] LINE = JsonBytes.field("line", false);
    private static final byte[] FILE = JsonBytes.field("file", false);
    private static final byte[] REQUESTER_ID = JsonBytes.field("requesterId", false);
    private static final byte[] REASON = JsonBytes.field("reason", false);
    private static final byte[] SOURCE = JsonBytes.field("source", false);
    private static final byte[] TIME = JsonBytes.field("time", false);
    private static final byte[] CULPRIT = JsonBytes.field("culprit", false);
    private static final byte[] TRUNCATED = JsonBytes.field("truncated", false);
    private static final int FLUSH_AT = 1 << 16;
    private static final int REASON_SLOTS = 64;

    /* The quoted JSON strings of the enum values every fault writes, by ordinal: no escaping per fault. */
    private static final byte[][] FAMILY_IDS = quoted(Family.values(), f -> f.id());
    private static final byte[][] STAGE_NAMES = quoted(Stage.values(), Enum::name);
    private static final byte[][] TYPE_NAMES = quoted(FaultType.values(), Enum::name);
    private static final byte[][] CULPRIT_NAMES = quoted(Culprit.values(), Enum::name);

    private final OutputStream out;
    private final boolean flushEach;
    private final JsonBytes buf = new JsonBytes();
    private final Reason[] reasonKeys = new Reason[REASON_SLOTS];
    private final byte[][] reasonTexts = new byte[REASON_SLOTS][];
    private final String[] accessKeys = new String[REASON_SLOTS];
    /** The current input's name as a JSON string, or {@code null} for standard input. */
    private byte[] file = JsonBytes.quotedOrNull(null);
    private final byte[][] accessTexts = new byte[REASON_SLOTS][];

    /**
     * {@code out} receives UTF-8 bytes, whole fault objects at a time; {@code flushEach}: flush after
     * every fault (for {@code --follow}), else only when the buffer fills and at the summary.
     */
    JsonReport(OutputStream out, boolean flushEach) {
        this.out = out;
        this.flushEach = flushEach;
    }

    void fault(LogRecord r) {
        Fault f = r.fault();
        JsonBytes b = buf;
        b.raw(FAMILY).raw(FAMILY_IDS[f.family().ordinal()]);
        b.raw(DEVICE).string(r.device());
        b.raw(PASID);
        if (f.hasPasid()) {
            b.number(f.pasid());
        } else {
            b.nul();
        }
        b.raw(ADDRESS);
        if (f.hasAddress()) {
            b.hex(f.address());
        } else {
            b.nul();
        }
        b.raw(ACCESS).raw(accessText(f.access().summary()));
        b.raw(REASON_CODE);
        if (r.reasonCode() != null) {
            b.number(r.reasonCode());
        } else {
            b.nul();
        }
        b.raw(REASON_TEXT).string(r.reasonText());
        b.raw(STAGE).raw(STAGE_NAMES[f.stage().ordinal()]);
        b.raw(TYPE).raw(TYPE_NAMES[f.type().ordinal()]);
        b.raw(LINE).number(r.line());
        b.raw(FILE).raw(file);
        b.raw(REQUESTER_ID);
        if (f.hasRequesterId()) {
            b.hex(f.requesterId() & 0xffffffffL);
        } else {
            b.nul();
        }
        b.raw(REASON);
        if (f.reason().name() == null) {
            b.nul();
        } else {
            b.raw(reasonText(f.reason()));
        }
        b.raw(SOURCE).string(r.source());
        b.raw(TIME).string(r.stamp());
        b.raw(CULPRIT);
        if (f.stage() == Stage.NONE) {
            b.nul();
        } else {
            b.raw(CULPRIT_NAMES[f.culprit().ordinal()]);
        }
        b.raw(TRUNCATED).bool(r.truncated()).raw('}').raw('\n');
        if (flushEach || b.size() >= FLUSH_AT) {
            try {
                b.writeTo(out);
                if (flushEach) {
                    out.flush();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The input the next faults come from (null: standard input); their line numbers count within it. */
    void file(String name) {
        file = JsonBytes.quotedOrNull(name);
    }

    /** {@link Reason#toString()} as a JSON string, remembered per instance (reasons are immutable and mostly shared constants). */
    private byte[] reasonText(Reason r) {
        int slot = System.identityHashCode(r) & (REASON_SLOTS - 1);
        if (reasonKeys[slot] != r) {
            reasonKeys[slot] = r;
            reasonTexts[slot] = JsonBytes.quoted(r.toString());
        }
        return reasonTexts[slot];
    }

    /** {@link io.faultline.api.Access#summary()} (one of four constants) as a JSON string. */
    private byte[] accessText(String summary) {
        int slot = System.identityHashCode(summary) & (REASON_SLOTS - 1);
        if (accessKeys[slot] != summary) {
            accessKeys[slot] = summary;
            accessTexts[slot] = JsonBytes.quoted(summary);
        }
        return accessTexts[slot];
    }

    private static <E> byte[][] quoted(E[] values, java.util.function.Function<E, String> text) {
        byte[][] r = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            r[i] = JsonBytes.quoted(text.apply(values[i]));
        }
        return r;
    }

    void summary(Triage t, long lines) {
        try {
            buf.writeTo(out);
            // writer-based, as before: characters outside the BMP stay characters (the UTF-8 generator escapes them)
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            JsonGenerator g = new JsonFactory().createGenerator(w);
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
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
                map(g, "stages", d.stages);
                map(g, "types", d.types);
                map(g, "access", d.access);
                map(g, "reasons", d.reasons);
                g.writeStringField("first", d.firstTime());
                g.writeStringField("last", d.lastTime());
                g.writeStringField("firstFile", d.firstFile);
                g.writeNumberField("firstLine", d.first.line());
                g.writeStringField("lastFile", d.lastFile);
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
            map(g, "suppressed", t.suppressed);
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
            for (UnparsedEntry e : t.unparsed) {
                UnparsedLine u = e.line();
                g.writeStartObject();
                g.writeStringField("file", e.file());
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
            w.write('\n');
            w.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void map(JsonGenerator g, String name, Map<?, Long> m) throws IOException {
        g.writeObjectFieldStart(name);
        for (var e : m.entrySet()) {
            g.writeNumberField(String.valueOf(e.getKey()), e.getValue());
        }
        g.writeEndObject();
    }
}
