package io.faultline.adapters.amdvi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.api.Access;
import io.faultline.api.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The public event-code table and flag rules, as the kernel-log parser uses them. */
class AmdViEventTest {

    @ParameterizedTest
    @CsvSource({
        "1, ILLEGAL_DEV_TABLE_ENTRY, CONTEXT, true",
        "2, IO_PAGE_FAULT, PTE, true",
        "3, DEV_TAB_HARDWARE_ERROR, CONTEXT, true",
        "4, PAGE_TAB_HARDWARE_ERROR, PGD, true",
        "5, ILLEGAL_COMMAND_ERROR, NONE, false",
        "6, COMMAND_HARDWARE_ERROR, NONE, false",
        "7, IOTLB_INV_TIMEOUT, NONE, true",
        "8, INVALID_DEVICE_REQUEST, NONE, true",
        "9, INVALID_PPR_REQUEST, NONE, true",
        "10, EVENT_COUNTER_ZERO, NONE, false",
        "13, RMP_PAGE_FAULT, NONE, true",
        "14, RMP_HW_ERROR, NONE, true"})
    void theTableMatchesTheReference(int code, String name, Stage stage, boolean deviceId) {
        AmdViEvent e = AmdViEvent.ofCode(code);
        assertSame(e, AmdViEvent.ofName(name));
        assertEquals(code, e.code());
        assertEquals(code, e.reason().code());
        assertEquals(name, e.reason().name());
        assertEquals(stage, e.stage());
        assertEquals(deviceId, e.hasDeviceId());
    }

    @Test
    void undefinedCodesAndNamesHaveNoEvent() {
        for (int code : new int[] {0x0, 0xb, 0xc, 0xf, -1, 16}) {
            assertNull(AmdViEvent.ofCode(code), "code " + code);
        }
        assertNull(AmdViEvent.ofName("UNKNOWN"));
        assertNull(AmdViEvent.ofName("DEV_TABLE_HW_ERROR"), "Xen's spelling is not the table's");
        assertEquals(12, AmdViEvent.values().length);
    }

    @ParameterizedTest
    @EnumSource(AmdViEvent.class)
    void oneReasonInstancePerCode(AmdViEvent e) {
        assertSame(e.reason(), AmdViEvent.ofCode(e.code()).reason());
    }

    @ParameterizedTest(name = "flags=0x{0} -> {1}")
    @CsvSource({
        "0070, write",      // PE|RW|PR: published write fault
        "0050, read",       // PE|PR
        "0010, read",       // PR
        "0000, unknown",    // not present: Linux says read
        "0020, unknown",    // RW without PR: Linux says write
        "0018, unknown",    // I|PR: an interrupt request
        "0130, unknown",    // TR|RW|PR: an ATS translation request
        "0035, write",      // GN|US|RW|PR: user, so not privileged
        "0053, read|exec|priv", // GN|NX|PR|PE, US clear: supervisor fetch
        "0052, read"})      // NX without GN: no PASID prefix, so no exec or priv
    void ioPageFaultFlagsFromAKernelLogLine(String hex, String access) {
        int flags = Integer.parseInt(hex, 16);
        assertEquals(access, AmdViEvent.IO_PAGE_FAULT.access(flags).toString());
        assertSame(AmdViFlags.access(flags), AmdViEvent.IO_PAGE_FAULT.access(flags));
    }

    @Test
    void rwMeansSomethingOnlyWithPrAndWithoutTrAndI() {
        for (int flags = 0; flags <= AmdViFlags.MASK; flags++) {
            Access a = AmdViFlags.access(flags);
            boolean valid = (flags & AmdViFlags.PR) != 0 && (flags & (AmdViFlags.TR | AmdViFlags.I)) == 0;
            boolean gn = (flags & AmdViFlags.GN) != 0;
            assertEquals(!valid, a.isUnknown(), "0x" + Integer.toHexString(flags));
            if (valid) {
                assertEquals((flags & AmdViFlags.RW) != 0, a.write());
                assertEquals((flags & AmdViFlags.RW) == 0, a.read());
                assertEquals(gn && (flags & AmdViFlags.NX) != 0, a.exec());
                assertEquals(gn && (flags & AmdViFlags.US) == 0, a.privileged());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = AmdViEvent.class, names = {"ILLEGAL_DEV_TABLE_ENTRY", "IO_PAGE_FAULT", "PAGE_TAB_HARDWARE_ERROR"},
            mode = EnumSource.Mode.EXCLUDE)
    void otherEventsNeverDeriveAccessFromFlags(AmdViEvent e) {
        for (int flags = 0; flags <= AmdViFlags.MASK; flags++) {
            assertSame(Access.UNKNOWN, e.access(flags));
        }
    }

    @Test
    void pasidValidityFollowsGnAndInvalidPprRequestUsesThePprGnBit_unverifiedFlagMeanings() {
        for (AmdViEvent e : new AmdViEvent[] {AmdViEvent.ILLEGAL_DEV_TABLE_ENTRY, AmdViEvent.IO_PAGE_FAULT,
                AmdViEvent.PAGE_TAB_HARDWARE_ERROR, AmdViEvent.INVALID_DEVICE_REQUEST}) {
            assertTrue(e.hasPasid(AmdViFlags.GN), e.name());
            assertFalse(e.hasPasid(AmdViFlags.TR), e.name());
        }
        assertTrue(AmdViEvent.INVALID_PPR_REQUEST.hasPasid(0x100));
        assertFalse(AmdViEvent.INVALID_PPR_REQUEST.hasPasid(0x001));
        for (AmdViEvent e : new AmdViEvent[] {AmdViEvent.DEV_TAB_HARDWARE_ERROR, AmdViEvent.ILLEGAL_COMMAND_ERROR,
                AmdViEvent.COMMAND_HARDWARE_ERROR, AmdViEvent.IOTLB_INV_TIMEOUT, AmdViEvent.EVENT_COUNTER_ZERO,
                AmdViEvent.RMP_PAGE_FAULT, AmdViEvent.RMP_HW_ERROR}) {
            assertFalse(e.hasPasid(AmdViFlags.MASK), e.name());
        }
    }

    @Test
    void flagsPrintWithXenNamesAndTheTypeField() {
        assertEquals("PE|RW|PR", AmdViFlags.toString(0x070));
        assertEquals("TR|RZ|PE|RW|PR|I|US|NX|GN", AmdViFlags.toString(0x1ff));
        assertEquals("Type=5", AmdViFlags.toString(0xa00));
        assertEquals("GN|Type=1", AmdViFlags.toString(0x201));
        assertEquals("-", AmdViFlags.toString(0));
        assertEquals(5, AmdViFlags.type(0xa00));
        assertTrue(AmdViFlags.gn(0x201));
    }

    @Test
    void valuesWiderThanTheTwelveBitFieldAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> AmdViFlags.access(0x1000));
        assertThrows(IllegalArgumentException.class, () -> AmdViEvent.IO_PAGE_FAULT.access(-1));
        assertThrows(IllegalArgumentException.class, () -> AmdViEvent.IO_PAGE_FAULT.hasPasid(0x2000));
        assertThrows(IllegalArgumentException.class, () -> AmdViFlags.toString(0x1000));
    }
}
