package io.faultline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonBytesTest {
    /** What triage printed before: Jackson's writer-based generator, then UTF-8 (lone surrogates become '?'). */
    private static String jackson(String s) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.writeString(s);
        }
        return new String(out.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    private static String ours(String s) throws IOException {
        JsonBytes b = new JsonBytes();
        b.string(s);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        b.writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void escapesEveryBmpCharacterAsJacksonDoes() throws IOException {
        for (int c = 0; c < 0x3000; c++) {
            String s = "a" + (char) c + "b";
            assertEquals(jackson(s), ours(s), "char " + c);
        }
        for (String s : new String[] {"\uD83D\uDE00 emoji", "\u2028 separator", "\uFFFD", "lone \uD83D surrogate", "x\\y\"z\u007f"}) {
            assertEquals(jackson(s), ours(s), "text " + s.codePointAt(0));
        }
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x3000; c++) {
            all.append(c);
        }
        String j = jackson(all.toString());
        String o = ours(all.toString());
        int d = 0;
        while (d < Math.min(j.length(), o.length()) && j.charAt(d) == o.charAt(d)) {
            d++;
        }
        assertEquals(j.length(), d, "first difference at " + d + " of " + j.length() + "/" + o.length());
    }

    @Test
    void numbersAndHexMatchJavaFormatting() throws IOException {
        long[] values = {0, 1, 9, 10, 99, 100, 12345, Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, Long.MAX_VALUE, -1, -42,
            Long.MIN_VALUE};
        for (long v : values) {
            JsonBytes b = new JsonBytes();
            b.number(v).raw(' ').hex(v);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            b.writeTo(out);
            assertEquals(v + " \"0x" + Long.toHexString(v) + "\"", out.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void nullStringIsJsonNull() throws IOException {
        assertEquals("null", ours(null));
    }
}
