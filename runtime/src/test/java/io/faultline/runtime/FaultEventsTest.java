package io.faultline.runtime;

import static io.faultline.runtime.TestFaults.fault;
import static io.faultline.runtime.TestFaults.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.api.PageResponse;
import io.faultline.api.Stage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaultEventsTest {

    @Test
    void faultsAndResponsesAreRecordedWhileARecordingEnablesThem(@TempDir Path dir) throws Exception {
        FaultRouter router = FaultRouter.builder().responseSink((r, x) -> { }).build();
        router.bind(1, new TestFaults.AnsweringDispatcher(PageResponse.SUCCESS));
        router.route(fault(1, Stage.PTE)); // before the recording: not recorded
        Path file = dir.resolve("faults.jfr");
        try (Recording rec = new Recording()) {
            rec.enable("io.faultline.Fault");
            rec.enable("io.faultline.PageResponse");
            rec.start();
            router.route(fault(1, Stage.CONTEXT));
            router.route(request(1, 3, 4, true));
            rec.stop();
            rec.dump(file);
        }
        router.route(fault(1, Stage.PGD)); // after: not recorded
        assertTrue(Files.size(file) > 0);
        List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().startsWith("io.faultline"))
                .collect(Collectors.toList());
        List<String> faults = events.stream().filter(e -> e.getEventType().getName().equals("io.faultline.Fault"))
                .map(e -> e.getString("stage") + " " + e.getString("outcome")).collect(Collectors.toList());
        assertEquals(List.of("CONTEXT HANDLED", "PTE HANDLED"), faults);
        List<String> responses = events.stream()
                .filter(e -> e.getEventType().getName().equals("io.faultline.PageResponse"))
                .map(e -> e.getInt("groupIndex") + " " + e.getString("response")).collect(Collectors.toList());
        assertEquals(List.of("4 SUCCESS"), responses);
    }
}
