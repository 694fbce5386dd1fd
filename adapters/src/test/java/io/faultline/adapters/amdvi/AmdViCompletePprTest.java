package io.faultline.adapters.amdvi;

import io.faultline.adapters.LittleEndian;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.api.Family;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class AmdViCompletePprTest {

    @Test
    void responsesMapToPcieCodesNotToLinuxNumbers() {
        assertEquals(0x0, AmdViCompletePpr.status(PageResponse.SUCCESS));
        assertEquals(0x1, AmdViCompletePpr.status(PageResponse.INVALID));
        assertEquals(0xf, AmdViCompletePpr.status(PageResponse.FAILURE));
    }

    @Test
    void gnIsSetExactlyWhenAPasidIsReturned() throws Exception {
        ByteBuffer out = ByteBuffer.allocate(16);
        AmdViCompletePpr.encode(out, 0, request(0x4100, 0, 7), PageResponse.INVALID);
        assertEquals(new AmdViCompletePpr.Command(0x4100, 0, 7, 1), AmdViCompletePpr.decode(out, 0));
        assertEquals(4, LittleEndian.getInt(out, 8), "PASID 0 is a PASID: GN set");
        AmdViCompletePpr.encode(out, 0, PageRequest.builder(Family.AMD_VI).requesterId(0x4100).groupIndex(7).build(),
                PageResponse.FAILURE);
        assertEquals(new AmdViCompletePpr.Command(0x4100, -1, 7, 0xf), AmdViCompletePpr.decode(out, 0));
        assertEquals(0, LittleEndian.getInt(out, 8));
    }

    @Test
    void theEncoderRefusesWhatTheCommandCannotCarry() {
        ByteBuffer out = ByteBuffer.allocate(16);
        assertThrows(IllegalArgumentException.class,
                () -> AmdViCompletePpr.encode(out, 0, request(0x10000, 1, 1), PageResponse.SUCCESS));
        assertThrows(IllegalArgumentException.class,
                () -> AmdViCompletePpr.encode(out, 0, request(1, 1, 0x200), PageResponse.SUCCESS));
        assertThrows(IllegalArgumentException.class, () -> AmdViCompletePpr.encode(out, 0,
                PageRequest.builder(Family.AMD_VI).groupIndex(1).build(), PageResponse.SUCCESS));
        assertThrows(IllegalArgumentException.class, () -> AmdViCompletePpr.encode(out, 0, 1, -1, 1, 0x2));
        assertThrows(IndexOutOfBoundsException.class,
                () -> AmdViCompletePpr.encode(out, 1, request(1, 1, 1), PageResponse.SUCCESS));
    }

    @Test
    void theDecoderRejectsOtherOpcodesReservedBitsAndAPasidWithoutGn() {
        assertEquals("Opcode", reject(0x4100, 0x1000_0000, 0, 0x3).field());
        assertEquals("reserved", reject(0x1_4100, 0x7000_0000, 0, 0x3).field());
        assertEquals("reserved", reject(0x4100, 0x7010_0000, 0, 0x3).field());
        assertEquals("reserved", reject(0x4100, 0x7000_0000, 0x1, 0x3).field());
        assertEquals("reserved", reject(0x4100, 0x7000_0000, 0, 0x203).field());
        assertEquals("reserved", reject(0x4100, 0x7000_0000, 0, 0x1_0003).field());
        assertEquals("PASID", reject(0x4100, 0x7000_0005, 0, 0x3).field());
        for (int status = 2; status < 15; status++) {
            assertEquals("Status", reject(0x4100, 0x7000_0000, 0, status << 12 | 3).field());
        }
    }

    private static MalformedRecordException reject(int dw0, int dw1, int dw2, int dw3) {
        ByteBuffer b = Entries.entry(dw0, dw1, (long) dw3 << 32 | (dw2 & 0xffffffffL));
        return assertThrows(MalformedRecordException.class, () -> AmdViCompletePpr.decode(b, 0));
    }

    static PageRequest request(int deviceId, int pasid, int group) {
        return PageRequest.builder(Family.AMD_VI).requesterId(deviceId).pasid(pasid).groupIndex(group).lastInGroup(true)
                .build();
    }
}
