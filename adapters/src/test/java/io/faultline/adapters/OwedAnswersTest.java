package io.faultline.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.api.Family;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OwedAnswersTest {
    private static final PageRequest LAST = PageRequest.builder(Family.SYNTHETIC).requesterId(3).groupIndex(5)
            .lastInGroup(true).build();

    @Test
    void sendsInvalidOnceAndCountsIt() {
        List<PageResponse> sent = new ArrayList<>();
        OwedAnswers owed = new OwedAnswers((last, response) -> sent.add(response));
        assertTrue(owed.answerInvalid(LAST));
        assertEquals(List.of(PageResponse.INVALID), sent);
        assertEquals(1, owed.answered());
        assertEquals(0, owed.unanswered());
    }

    @Test
    void anyRuntimeFailureOfTheResponsePathIsCountedNotThrown() {
        OwedAnswers owed = new OwedAnswers((last, response) -> {
            throw new UncheckedIOException(new IOException("device file closed"));
        });
        assertFalse(owed.answerInvalid(LAST));
        assertEquals(0, owed.answered());
        assertEquals(1, owed.unanswered());
    }
}
