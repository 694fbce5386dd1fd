package io.faultline.adapters.armsmmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.api.Access;
import io.faultline.api.Fault;
import io.faultline.api.Family;
import io.faultline.api.PageRequest;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.StringJoiner;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Register values written as a capture ({@link ArmSmmuCapture}) and decoded back through the model
 * rules of reference §6.4, which this class states again bit by bit rather than through the tables.
 */
class ArmSmmuProperties {
    private static final String[] FSR_NAMES = {"TF", "AFF", "PF", "EF", "TLBMCF", "TLBLKF", "ASF", "UUT"};
    private static final String[] GFSR_NAMES = {"ICF", "USF", "SMCF", "UCBF", "UCIF", "CAF", "EF", "PF", "UUT"};

    @Property
    void contextCapturesRoundTripThroughTheModel(@ForAll @IntRange(min = 1, max = 0xff) int causes,
            @ForAll @IntRange(max = 2) int format, @ForAll boolean stalled, @ForAll boolean multi, @ForAll int fsynr0,
            @ForAll long far, @ForAll int cbfrsynra, @ForAll @IntRange(max = 0xff) int cb, @ForAll boolean bigEndian,
            @ForAll @IntRange(max = 9) int offset) throws MalformedRecordException {
        int fsr = causes << 1 | format << 9 | (stalled ? 1 << 30 : 0) | (multi ? 1 << 31 : 0);
        ByteBuffer buf = ByteBuffer.allocate(offset + 28).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        ArmSmmuCapture.writeContext(buf, offset, fsr, fsynr0, far, cbfrsynra, cb);

        Fault f = ArmSmmuFaultDecoder.decode(buf, offset);
        assertEquals(Family.ARM_SMMU, f.family());
        assertEquals(cbfrsynra & 0xffff, f.requesterId());
        assertEquals(far, f.address());
        assertEquals(false, f.hasPasid());
        boolean wnr = (fsynr0 >> 4 & 1) == 1;
        assertEquals(Access.of(!wnr, wnr, (fsynr0 >> 6 & 1) == 1, (fsynr0 >> 5 & 1) == 1), f.access());
        assertEquals(causes << 1, f.reason().code());
        assertEquals(names(causes, FSR_NAMES), f.reason().name());
        boolean tf = (causes & 1) != 0;
        boolean aff = (causes & 2) != 0;
        boolean pf = (causes & 4) != 0;
        boolean ef = (causes & 8) != 0;
        boolean asf = (causes & 0x40) != 0;
        boolean ptwf = (fsynr0 >> 10 & 1) == 1;
        assertEquals(tf || aff || pf || asf || ef && ptwf ? Stage.PTE : Stage.NONE, f.stage());
        if (stalled) {
            PageRequest p = assertInstanceOf(PageRequest.class, f);
            assertEquals(cb, p.groupIndex());
            assertEquals(true, p.lastInGroup());
        } else {
            assertInstanceOf(UnrecoverableFault.class, f);
        }
    }

    @Property
    void globalCapturesRoundTripThroughTheModel(@ForAll @IntRange(min = 1, max = 0x1ff) int causes,
            @ForAll boolean multi, @ForAll int gfsynr0, @ForAll int gfsynr1, @ForAll int gfsynr2, @ForAll long gfar,
            @ForAll boolean bigEndian) throws MalformedRecordException {
        int gfsr = causes | (multi ? 1 << 31 : 0);
        ByteBuffer buf = ByteBuffer.allocate(28).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        ArmSmmuCapture.writeGlobal(buf, 0, gfsr, gfsynr0, gfsynr1, gfsynr2, gfar);

        Fault f = ArmSmmuFaultDecoder.decode(buf, 0);
        assertInstanceOf(UnrecoverableFault.class, f);
        assertEquals(gfsynr1 & 0xffff, f.requesterId());
        assertEquals(gfar, f.address());
        boolean wnr = (gfsynr0 >> 1 & 1) == 1;
        assertEquals(Access.of(!wnr, wnr, (gfsynr0 >> 3 & 1) == 1, (gfsynr0 >> 2 & 1) == 1), f.access());
        assertEquals(causes, f.reason().code());
        assertEquals(names(causes, GFSR_NAMES), f.reason().name());
        assertEquals((causes & 0xf) != 0 ? Stage.CONTEXT : Stage.NONE, f.stage());
    }

    /** Any FSR with a reserved bit (0 or [29:11]) is rejected naming FSR at its own byte, whatever else is set. */
    @Property
    void reservedFsrBitsAreAlwaysRejected(@ForAll int fsr, @ForAll @IntRange(max = 19) int bit,
            @ForAll int fsynr0, @ForAll @IntRange(max = 0xff) int cb) {
        int reserved = bit == 0 ? 1 : 1 << (bit + 10); // bit 0, or one of 11..29
        ByteBuffer buf = ByteBuffer.allocate(40);
        ArmSmmuCapture.writeContext(buf, 12, fsr | reserved, fsynr0, 0, 0, cb);
        MalformedRecordException e = assertThrows(MalformedRecordException.class, () -> ArmSmmuFaultDecoder.decode(buf, 12));
        assertEquals("FSR", e.field());
        assertEquals(16, e.offset());
    }

    /** Word 0 alone decides the layout: anything but 0 and 1 is rejected before a register is read. */
    @Property
    void unknownKindsAreRejected(@ForAll int kind, @ForAll long rest1, @ForAll long rest2) {
        Assume.that(kind != 0 && kind != 1);
        ByteBuffer buf = ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(0, kind).putLong(4, rest1).putLong(12, rest2);
        MalformedRecordException e = assertThrows(MalformedRecordException.class, () -> ArmSmmuFaultDecoder.decode(buf, 0));
        assertEquals("kind", e.field());
        assertEquals(0, e.offset());
    }

    private static String names(int causes, String[] names) {
        StringJoiner j = new StringJoiner("|");
        for (int i = 0; i < names.length; i++) {
            if ((causes >> i & 1) == 1) {
                j.add(names[i]);
            }
        }
        return j.toString();
    }
}
