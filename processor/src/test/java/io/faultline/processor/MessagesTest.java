package io.faultline.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The diagnostic catalogue: searchable ids, one text per id, and every text says how to fix it. */
class MessagesTest {
    @Test
    void idsAreBracketedUniqueAndEachTextSaysWhatToDo() {
        Map<String, String> textById = new HashMap<>();
        for (Messages m : Messages.values()) {
            String text = m.format(new Object[20]);
            assertTrue(m.id().matches("FL1\\d\\d"), m + ": " + m.id());
            assertTrue(text.startsWith("[" + m.id() + "] "), m + ": " + text);
            String previous = textById.putIfAbsent(m.id(), text);
            assertTrue(previous == null || previous.equals(text), m + " reuses " + m.id() + " for another text");
            // At least two sentences: what is wrong, then how to fix it (or where to report it).
            assertTrue(text.indexOf(". ", text.indexOf("] ")) > 0, m + " gives no fix: " + text);
        }
        assertEquals(Messages.UNCOVERED.id(), Messages.UNCOVERED_STRICT.id(), "strict is the same finding");
    }
}
