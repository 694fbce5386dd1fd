package io.faultline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonBytesTest {
    private static String jackson(String s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.writeString(s);
        }
        return out.toString(StandardCharsets.UTF_8);
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
        for (char c = 0; c < 0x3000; c++) {
            String s = "a" + c + "b";
            assertEquals(jackson(s), ours(s), () -> "char " + (int) c);
        }
        for (String s : new String[] {"\uD83D\uDE00 emoji", "\u2028 separator", "\uFFFD", "x\\y\"z\u007f"}) {
            assertEquals(jackson(s), ours(s), () -> "text " + s.codePointAt(0));
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
        long[] values = {0, 1, 9, 10, 99, 100, 12345, Integer.MAX_VALUE, Long.MAX_VALUE, -1, -42, Long.MIN_VALUE};
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
