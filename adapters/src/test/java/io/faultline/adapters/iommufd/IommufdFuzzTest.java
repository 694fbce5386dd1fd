package io.faultline.adapters.iommufd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.faultline.adapters.MalformedRecordException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;

/**
 * Jazzer targets for the iommufd decoders. {@code mvn verify} runs them in regression mode over the
 * seeds in {@code src/test/resources/.../IommufdFuzzTestInputs/<method>} (the reference vectors);
 * fuzz one target for real (10 s) with {@code JAZZER_FUZZ=1 ./mvnw -B -ntp -pl adapters -am verify
 * -Dtest='IommufdFuzzTest#reader' -Dsurefire.failIfNoSpecifiedTests=false} (or {@code #pageFault},
 * {@code #response}; Jazzer fuzzes one method per run); raise {@code maxDuration} locally for longer.
 * Only {@link MalformedRecordException} may leave a decoder.
 */
class IommufdFuzzTest {

    /** One read() result: length check, then every record, from a little- and a big-endian buffer. */
    @FuzzTest(maxDuration = "10s")
    void pageFault(byte[] data) {
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            ByteBuffer buf = ByteBuffer.wrap(data).order(order);
            try {
                IommufdPageFaultDecoder.checkReadLength(data.length, 0);
                for (int i = 0; i < data.length; i += IommufdPageFaultDecoder.RECORD_SIZE) {
                    IommufdPageFaultDecoder.decode(buf, i);
                    IommufdPageFaultDecoder.cookie(buf, i);
                }
            } catch (MalformedRecordException expected) {
                // the one allowed outcome besides success
            }
        }
    }

    /** The stream reader: every record is delivered or reported, never thrown, and nothing twice. */
    @FuzzTest(maxDuration = "10s")
    void reader(byte[] data) throws IOException {
        ByteArrayOutputStream responses = new ByteArrayOutputStream();
        IommufdResponseSink sink = new IommufdResponseSink(Channels.newChannel(responses));
        RecordingListener listener = new RecordingListener();
        long[] delivered = {0};
        IommufdFaultReader reader = new IommufdFaultReader(Channels.newChannel(new ByteArrayInputStream(data)),
                f -> delivered[0]++, sink, listener, 2);
        reader.readAll();
        int records = data.length / 40 + (data.length % 40 == 0 ? 0 : 1);
        assertEquals(records, delivered[0] + listener.malformed.size());
        assertEquals(delivered[0], reader.delivered());
    }

    /** A response as the kernel would read it. */
    @FuzzTest(maxDuration = "10s")
    void response(byte[] data) {
        try {
            IommufdPageResponseEncoder.decode(ByteBuffer.wrap(data), 0, data.length);
        } catch (MalformedRecordException expected) {
            // allowed
        }
    }
}
