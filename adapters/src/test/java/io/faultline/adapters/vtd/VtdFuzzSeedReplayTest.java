package io.faultline.adapters.vtd;

import io.faultline.adapters.VectorFile;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Jazzer targets of {@link VtdFuzzTest} fed, in every build, with each vector, each of its
 * single-bit flips, each truncation, and seeded random inputs: the corpus a regression run would
 * replay, kept in code because this package has no resource directory of its own.
 */
class VtdFuzzSeedReplayTest {
    private static final VtdFuzzTest TARGETS = new VtdFuzzTest();

    static Stream<VectorFile.Vector> vectors() {
        return VectorFile.load("intel-vtd.json").stream();
    }

    static Consumer<byte[]> target(Layout layout) {
        return switch (layout) {
            case FRCD -> TARGETS::frcd;
            case PRD256 -> TARGETS::prd256;
            case PRD128 -> TARGETS::prd128;
            case FSTS -> TARGETS::fsts;
            case PGRP256, PGRP128 -> TARGETS::pageGroupResponse;
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void everyVectorItsBitFlipsAndTruncations(VectorFile.Vector v) {
        Consumer<byte[]> t = target(Layout.ofVector(v.name()));
        byte[] bytes = v.bytes();
        t.accept(bytes);
        for (int bit = 0; bit < bytes.length * 8; bit++) {
            byte[] m = bytes.clone();
            m[bit / 8] ^= (byte) (1 << (bit % 8));
            t.accept(m);
        }
        for (int len = 0; len < bytes.length; len++) {
            t.accept(Arrays.copyOf(bytes, len));
        }
        byte[] ones = new byte[bytes.length];
        Arrays.fill(ones, (byte) -1);
        t.accept(ones);
    }

    @Test
    void seededRandomRecordsAndRegisterPages() {
        Random rnd = new Random(0x5EED_7D);
        for (int i = 0; i < 3000; i++) {
            byte[] b = new byte[rnd.nextInt(40)];
            rnd.nextBytes(b);
            if (b.length > 15 && rnd.nextBoolean()) {
                b[15] |= (byte) 0x80; // F set: get past the first check more often
            }
            if (b.length > 0 && rnd.nextBoolean()) {
                b[0] = 1; // page request type
            }
            TARGETS.frcd(b);
            TARGETS.prd256(b);
            TARGETS.prd128(b);
            TARGETS.fsts(b);
            TARGETS.pageGroupResponse(b);
        }
        for (int i = 0; i < 300; i++) {
            byte[] page = new byte[rnd.nextInt(0x20 + 4096)];
            rnd.nextBytes(page);
            if (page.length >= 0x10 && rnd.nextBoolean()) {
                page[0] &= 0x1F; // small PQH ...
                page[1] &= 0x0F;
                Arrays.fill(page, 2, 8, (byte) 0);
                page[8] &= 0x1F; // ... and PQT, so the ring is walked
                page[9] &= 0x0F;
                Arrays.fill(page, 10, 16, (byte) 0);
            }
            TARGETS.pageRequestReader(page);
            TARGETS.faultRecordReader(page);
        }
    }
}
