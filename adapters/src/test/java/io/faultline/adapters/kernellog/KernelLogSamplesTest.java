package io.faultline.adapters.kernellog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.api.Fault;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every record of the real samples (samples/kernel-logs.jsonl, copied unchanged) parses to its expected fields. */
class KernelLogSamplesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<JsonNode> samples() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (InputStream in = KernelLogSamplesTest.class.getResourceAsStream("/samples/kernel-logs.jsonl");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    out.add(JSON.readTree(line));
                }
            }
        }
        return out;
    }

    static Stream<Arguments> cases() throws IOException {
        return samples().stream().map(s -> Arguments.of(s.get("id").asText(), s));
    }

    @Test
    void theSampleFileIsThere() throws IOException {
        assertTrue(samples().size() >= 13);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sampleParsesToItsExpectedFields(String id, JsonNode sample) {
        Collector c = Collector.parse(sample.get("text").asText());
        JsonNode exp = sample.get("expected");
        assertTrue(c.unparsed.isEmpty(), () -> id + ": unparsed " + c.unparsed);
        if (!exp.get("fault").asBoolean()) {
            assertEquals(List.of(), c.faults, id + " is a look-alike");
            return;
        }
        assertEquals(1, c.faults.size(), id + ": " + c.faults);
        LogRecord r = c.faults.get(0);
        Fault f = r.fault();
        assertEquals(1, r.line(), id + " line");
        assertEquals(text(exp, "device"), r.device(), id + " device");
        assertEquals(pasid(exp), f.hasPasid() ? (Integer) f.pasid() : null, id + " pasid");
        assertEquals(text(exp, "address"), f.hasAddress() ? "0x" + Long.toHexString(f.address()) : null, id + " address");
        assertEquals(text(exp, "access"), f.access().summary(), id + " access");
        assertEquals(exp.get("reasonCode").isNull() ? null : (Integer) exp.get("reasonCode").asInt(), r.reasonCode(),
                id + " reasonCode");
        assertEquals(text(exp, "reasonText"), r.reasonText(), id + " reasonText");
        String stage = text(exp, "stage");
        assertEquals(stage == null || stage.equals("UNKNOWN") ? "NONE" : stage, f.stage().name(), id + " stage");
        assertEquals(text(exp, "type"), f.type().name(), id + " type");
        assertEquals(sample.get("text").asText(), r.text(), id + " raw text");
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Integer pasid(JsonNode exp) {
        JsonNode v = exp.get("pasid");
        if (v == null || v.isNull()) {
            return null;
        }
        return v.isNumber() ? v.asInt() : Integer.decode(v.asText());
    }
}
