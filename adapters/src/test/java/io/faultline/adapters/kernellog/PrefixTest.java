package io.faultline.adapters.kernellog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every common log prefix, in front of every line of every real sample, gives the same records as no
 * prefix: the families that read the text after the {@code <driver> <device>: } prefix must find it.
 */
class PrefixTest {
    private static final String[] LEVELS = {"emerg", "alert", "crit", "err", "warn", "notice", "info", "debug"};
    private static final String[] FACILITIES = {"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news"};

    /** Extra records beside the samples: a device-prefixed AMD-Vi line and the raw SMMUv3 dump without stamps. */
    private static final String[][] EXTRA = {
        {"nvme 0000:01:00.0: AMD-Vi: Event logged [IO_PAGE_FAULT domain=0x0000 address=0xfc189000 flags=0x0070]"},
        {"arm-smmu-v3 arm-smmu-v3.0.auto: event 0x10 received:", "arm-smmu-v3 arm-smmu-v3.0.auto: 0x00000180 00000010",
            "arm-smmu-v3 arm-smmu-v3.0.auto: 0x0000020100000000", "arm-smmu-v3 arm-smmu-v3.0.auto: 0x00000000ffffe040",
            "arm-smmu-v3 arm-smmu-v3.0.auto: 0x00000000ffffe000"},
    };

    static Stream<String> prefixes() {
        List<String> p = new ArrayList<>(List.of("[  196.747107] myhost kernel: ", "[  196.747107] my-host.lan kernel: ",
                "3,1234,1000000,-;", "6,339,5140900,-,caller=T1;", "[pid:134,cpu0,irq/13-foo] ",
                "0x123477BBFA |   1263.468579: ", "[    0.000000][    T1] ", "<3>kern  :err   : ",
                // the ones StreamingTest.everyPrefixIsTolerated reads on a DMAR line only
                "[  144.480641] ", "[  +0.000462] ", "    8.490171] ", "<3>", "<3>[ 1.5] ", "kernel: ",
                "Nov 27 15:59:39 myhost kernel: ", "Nov  7 15:59:39 myhost kernel: [ 12.5] ",
                "2014-04-25T09:37:53.595431+01:00 host kernel: ", "2024-05-01T10:30:00 host kernel: ", "> ", "> > \t",
                "\t", "[Fri Nov 27 15:59:39 2026] ", "kernel: [  221.562629] "));
        for (String f : FACILITIES) {
            for (String l : LEVELS) {
                p.add(String.format("%-6s:%-6s: ", f, l));
            }
        }
        return p.stream();
    }

    private static List<String[]> records() throws IOException {
        List<String[]> out = new ArrayList<>();
        for (JsonNode s : KernelLogSamplesTest.samples()) {
            out.add(s.get("text").asText().split("\n", -1));
        }
        out.addAll(List.of(EXTRA));
        return out;
    }

    /** What must not depend on the prefix: every field of each record, unparsed entries, suppressed counts. */
    private static String fields(Collector c) {
        StringBuilder b = new StringBuilder();
        for (LogRecord r : c.faults) {
            b.append(r.line()).append(' ').append(r.fault()).append(" family=").append(r.fault().family())
                    .append(" device=").append(r.device()).append(" source=").append(r.source())
                    .append(" rid=").append(r.fault().hasRequesterId() ? r.fault().requesterId() : null)
                    .append(" code=").append(r.reasonCode()).append(" reason=").append(r.reasonText())
                    .append(" truncated=").append(r.truncated()).append(" note=").append(r.note()).append('\n');
        }
        for (UnparsedLine u : c.unparsed) {
            b.append("unparsed ").append(u.line()).append(' ').append(u.why()).append('\n');
        }
        return b.append(c.suppressed).append(c.overflows).toString();
    }

    private static String[] prefixed(String prefix, String[] lines) {
        String[] r = new String[lines.length];
        for (int i = 0; i < lines.length; i++) {
            r[i] = prefix + lines[i];
        }
        return r;
    }

    @ParameterizedTest
    @MethodSource("prefixes")
    void everySampleUnderThePrefixGivesWhatItGivesWithout(String prefix) throws IOException {
        for (String[] rec : records()) {
            Collector plain = Collector.lines(rec);
            Collector withPrefix = Collector.lines(prefixed(prefix, rec));
            assertEquals(fields(plain), fields(withPrefix), () -> prefix + String.join("\n" + prefix, rec));
            Collector byAccept = new Collector();
            KernelLogParser p = new KernelLogParser(byAccept);
            for (String l : prefixed(prefix, rec)) {
                p.accept(l);
            }
            p.flush();
            assertEquals(fields(plain), fields(byAccept), () -> "accept(String): " + prefix + rec[0]);
        }
    }

    @Test
    void theRecordsReallyHaveDevicesAndSources() throws IOException { // so that the comparison above compares something
        Collector smmu = Collector.lines(prefixed("kern  :err   : ", EXTRA[1]));
        assertEquals(1, smmu.faults.size());
        assertEquals("arm-smmu-v3 arm-smmu-v3.0.auto", smmu.faults.get(0).source());
        assertEquals(0xffffe040L, smmu.faults.get(0).fault().address());
        LogRecord amd = Collector.lines(prefixed("[  196.747107] myhost kernel: ", EXTRA[0])).only();
        assertEquals("0000:01:00.0", amd.device());
        assertTrue(records().size() >= 15);
    }

    @Test
    void kmsgMicrosecondsAreTheStamp() {
        LogRecord r = Collector.lines(prefixed("3,1234,1000000,-;", EXTRA[0])).only();
        assertEquals("1.000000", r.stamp());
        assertEquals(1.0, r.seconds(), 1e-9);
        LogRecord s = Collector.lines("4,77,5140900123,-,caller=T1;" + EXTRA[0][0]).only();
        assertEquals(5140.900123, s.seconds(), 1e-9);
        LogRecord t = Collector.lines("6,1,17,-;" + EXTRA[0][0]).only();
        assertEquals("0.000017", t.stamp());
    }

    @Test
    void relativeStampsBehindAFacilityPrefixCountFromSkippedLines() { // dmesg -x -d: the noise line is skipped as bytes
        String amd = EXTRA[0][0];
        String log = "kern  :info  : [  100.000000] usb 1-1: new device\nkern  :err   : [  +0.500000] " + amd + "\n";
        Collector fed = Collector.parse(log);
        assertEquals(100.5, fed.faults.get(0).seconds(), 1e-9);
        Collector kmsg = Collector.parse("6,1,100000000,-;usb 1-1: new device\n3,2,100500000,-;" + amd + "\n");
        assertEquals(100.5, kmsg.faults.get(0).seconds(), 1e-9);
    }
}
