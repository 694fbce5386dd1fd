package io.faultline.adapters.vtd;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The VT-d record layouts as bit-field tables copied from the reference (section 9 names), written
 * independently of the decoders: packs named raw fields into little-endian bytes and back, so that
 * vectors and generated records can be built without using the code under test.
 */
enum Layout {
    FRCD(16, "FI:12:52", "rsvd_11_0:0:12", "SID:64:16", "rsvd_91_80:80:12", "T2:92:1", "PRIV:93:1", "EXE:94:1",
            "PP:95:1", "FR:96:8", "PV:104:20", "AT:124:2", "T1:126:1", "F:127:1"),
    PRD256(32, "Type:0:8", "PP:8:1", "PDP:9:1", "rsvd_15_10:10:6", "RID:16:16", "PASID:32:20", "ERR:52:1",
            "PMR:53:1", "rsvd_63_54:54:10", "RDR:64:1", "WRR:65:1", "LPIG:66:1", "PRGI:67:9", "ADDR:76:52",
            "QW2:128:64", "QW3:192:64"),
    PRD128(16, "SRR:0:1", "BOF:1:1", "PP:2:1", "LPIG:3:1", "PASID:4:20", "BUS:24:8", "PRIV_DATA:32:23",
            "PRGI:55:9", "RD:64:1", "WR:65:1", "EXE:66:1", "PRIV:67:1", "DEVFN:68:8", "ADDR:76:52"),
    // Type is 7 bits split in two: 3:0 and 11:9 (handled in pack/unpack).
    PGRP256(32, "PP:4:1", "PDP:5:1", "RC:12:4", "RID:16:16", "PASID:32:20", "LPIG:66:1", "PRGI:67:9",
            "QW2:128:64", "QW3:192:64"),
    PGRP128(16, "Type:0:4", "PP:4:1", "RID:16:16", "PASID:32:20", "RC:64:4", "PRIV_DATA:96:23", "PRGI:119:9"),
    FSTS(4, "PFO:0:1", "PPF:1:1", "AFO:2:1", "APF:3:1", "IQE:4:1", "ICE:5:1", "ITE:6:1", "PRO:7:1", "FRI:8:8",
            "rsvd_31_16:16:16");

    record Field(String name, int lo, int width) {
    }

    final int bytes;
    final List<Field> fields;

    Layout(int bytes, String... specs) {
        this.bytes = bytes;
        List<Field> list = new ArrayList<>();
        for (String s : specs) {
            String[] p = s.split(":");
            list.add(new Field(p[0], Integer.parseInt(p[1]), Integer.parseInt(p[2])));
        }
        this.fields = Collections.unmodifiableList(list);
    }

    /** The layout a vector name starts with. */
    static Layout ofVector(String name) {
        if (name.startsWith("frcd-") || name.startsWith("log-")) {
            return FRCD;
        }
        for (Layout l : values()) {
            if (name.startsWith(l.name().toLowerCase() + "-")) {
                return l;
            }
        }
        throw new IllegalArgumentException("no layout for vector " + name);
    }

    /** Packs {@code raw} (missing fields are 0) into little-endian bytes; a value too wide fails. */
    byte[] pack(Map<String, Long> raw) {
        long[] words = new long[(bytes + 7) / 8];
        for (Map.Entry<String, Long> e : raw.entrySet()) {
            if (this == PGRP256 && e.getKey().equals("Type")) {
                long t = e.getValue();
                set(words, new Field("Type", 0, 4), t & 0xF);
                set(words, new Field("Type", 9, 3), t >>> 4);
                continue;
            }
            set(words, field(e.getKey()), e.getValue());
        }
        byte[] out = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            out[i] = (byte) (words[i / 8] >>> (8 * (i % 8)));
        }
        return out;
    }

    /** Every field's value in {@code bytes} (little-endian). */
    Map<String, Long> unpack(byte[] data) {
        long[] words = new long[(bytes + 7) / 8];
        for (int i = 0; i < bytes; i++) {
            words[i / 8] |= (data[i] & 0xFFL) << (8 * (i % 8));
        }
        Map<String, Long> out = new LinkedHashMap<>();
        if (this == PGRP256) {
            out.put("Type", get(words, new Field("Type", 0, 4)) | get(words, new Field("Type", 9, 3)) << 4);
        }
        for (Field f : fields) {
            out.put(f.name(), get(words, f));
        }
        return out;
    }

    String hex(Map<String, Long> raw) {
        return HexFormat.of().formatHex(pack(raw));
    }

    Field field(String name) {
        for (Field f : fields) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException(this + " has no field " + name);
    }

    private static void set(long[] words, Field f, long value) {
        if (f.width() < 64 && (value >>> f.width()) != 0) {
            throw new IllegalArgumentException(f + " cannot hold 0x" + Long.toHexString(value));
        }
        // Fields here never straddle a 64-bit word boundary.
        words[f.lo() / 64] |= value << (f.lo() % 64);
    }

    private static long get(long[] words, Field f) {
        long mask = f.width() == 64 ? -1L : (1L << f.width()) - 1;
        return words[f.lo() / 64] >>> (f.lo() % 64) & mask;
    }
}
