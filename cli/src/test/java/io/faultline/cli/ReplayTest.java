package io.faultline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.api.Disposition;
import io.faultline.api.PageResponse;
import io.faultline.cli.testdriver.TestDriver;
import io.faultline.cli.testdriver.TestDriver_FaultDispatcher;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logged faults through a driver's dispatcher: library API and {@code faultline replay}. */
class ReplayTest {
    private static final String P = "arm-smmu-v3 arm-smmu-v3.0.auto: ";
    private static final String LOG = String.join("\n",
            "[ 1.0] DMAR: [DMA Write NO_PASID] Request device [00:02.0] fault addr 0x1000 [fault reason 0x05] PTE Write access is not set",
            "[ 1.1] DMAR: [DMA Read NO_PASID] Request device [00:02.0] fault addr 0x2000 [fault reason 0x06] PTE Read access is not set",
            "[ 1.2] DMAR: [DMA Read NO_PASID] Request device [00:02.0] fault addr 0x3000 [fault reason 0x07] Next page table ptr is invalid",
            "[ 1.3] DMAR: [DMA Read NO_PASID] Request device [00:02.0] fault addr 0x4000 [fault reason 0x02] Present bit in context entry is clear",
            "[ 1.4] " + P + "event 0x10 received:", "[ 1.4] " + P + "\t0x0000010000000010", "[ 1.4] " + P + "\t0x0000020880000007",
            "[ 1.4] " + P + "\t0x0000000000005000", "[ 1.4] " + P + "\t0x0000000000000000",
            "[ 1.5] " + P + "unexpected PRI request received:",
            "[ 1.5] " + P + "\tsid 0x00000100.0x00001: [3] unprivileged R access at iova 0x0000000000006000", "");

    @TempDir
    Path tmp;

    @Test
    void libraryApiReportsWhatEachHandlerReturnedAndAnswersEachGroupOnce() throws IOException {
        TestDriver d = new TestDriver();
        Replay.Result r = Replay.run(new TestDriver_FaultDispatcher(d),
                new ByteArrayInputStream(LOG.getBytes(StandardCharsets.UTF_8)));
        List<ReplayStep> s = r.steps();
        assertEquals(6, s.size());
        assertEquals(ReplayStep.Outcome.HANDLED, s.get(0).outcome());
        assertEquals(Disposition.HANDLED, s.get(0).disposition());
        assertEquals(Disposition.DEFAULT_ACTION, s.get(1).disposition());
        assertEquals(ReplayStep.Outcome.THREW, s.get(2).outcome());
        assertTrue(s.get(2).error().contains("page table of 0x3000 is gone"));
        assertEquals(ReplayStep.Outcome.NO_HANDLER, s.get(3).outcome(), "no CONTEXT handler");
        assertNull(s.get(3).response());
        ReplayStep stall = s.stream().filter(x -> x.record().line() == 5).findFirst().orElseThrow();
        assertEquals(PageResponse.SUCCESS, stall.response());
        ReplayStep pri = s.stream().filter(x -> x.record().line() == 10).findFirst().orElseThrow();
        assertEquals(ReplayStep.Outcome.COLLECTED, pri.outcome(), "not last in its group");
        assertEquals(1, r.responses().size(), "exactly one response, for the stall");
        assertEquals(7, r.responses().get(0).request().groupIndex());
        assertEquals(1, r.unanswered().size());
        assertEquals(1, r.failures());
        assertEquals(List.of("pte@1000", "pte@2000", "pr@5000"), d.calls);
    }

    @Test
    void pageRequestWithoutHandlerIsAnsweredInvalidOnce() {
        String log = P + "event 0x10 received:\n" + P + "\t0x0000010000000010\n" + P + "\t0x0000008080000002\n"
                + P + "\t0x0000000000005000\n" + P + "\t0x0000000000000000\n";
        Replay.Result r = Replay.run(new TestDriver_FaultDispatcher(new TestDriver()), parse(log));
        assertEquals(ReplayStep.Outcome.NO_HANDLER, r.steps().get(0).outcome(), "PASID-stage stall: no handler");
        assertEquals(PageResponse.INVALID, r.responses().get(0).response());
        assertEquals(1, r.responses().size());
    }

    private static List<io.faultline.adapters.kernellog.LogRecord> parse(String log) {
        List<io.faultline.adapters.kernellog.LogRecord> out = new java.util.ArrayList<>();
        io.faultline.adapters.kernellog.KernelLogParser p = new io.faultline.adapters.kernellog.KernelLogParser(
                new io.faultline.adapters.kernellog.KernelLogListener() {
                    @Override
                    public void fault(io.faultline.adapters.kernellog.LogRecord record) {
                        out.add(record);
                    }

                    @Override
                    public void unparsed(io.faultline.adapters.kernellog.UnparsedLine line) {
                        throw new AssertionError(line.toString());
                    }

                    @Override
                    public void suppressed(String source, long count, long line) {
                    }

                    @Override
                    public void overflow(String source, String text, long line) {
                    }
                });
        for (String l : log.split("\n")) {
            p.accept(l);
        }
        p.flush();
        return out;
    }

    @Test
    void replayCommandLoadsTheDriverAndItsDispatcherByName() throws IOException {
        Path log = tmp.resolve("replay.log");
        Files.writeString(log, LOG);
        Run r = Run.args("replay", "--driver", TestDriver.class.getName(), log.toString());
        assertEquals(FaultlineCli.FOUND, r.exit, r::toString);
        assertTrue(r.out.contains("line 1  0000:00:02.0  UNRECOVERABLE PTE  -> handler returned HANDLED"), r::toString);
        assertTrue(r.out.contains("-> handler returned DEFAULT_ACTION (REPORT_TO_DEVICE_DRIVER)"), r::toString);
        assertTrue(r.out.contains("-> handler threw java.lang.IllegalStateException"), r::toString);
        assertTrue(r.out.contains("UNRECOVERABLE CONTEXT  -> no handler: default action SHUT_DOWN_DEVICE"), r::toString);
        assertTrue(r.out.contains("PAGE_REQUEST PTE  -> handler returned SUCCESS"), r::toString);
        assertTrue(r.out.contains("1 page response(s) sent, 1 request(s) left unanswered"), r::toString);
    }

    @Test
    void replayWithoutHandlerErrorsIsExitZero() {
        Run r = Run.stdin("[ 1.0] DMAR: [DMA Write NO_PASID] Request device [00:02.0] fault addr 0x1000 [fault reason 0x05] x\n",
                "replay", "--driver", TestDriver.class.getName());
        assertEquals(FaultlineCli.OK, r.exit, r::toString);
    }

    @Test
    void unknownDriverIsExitTwo() {
        Run r = Run.args("replay", "--driver", "no.such.Driver");
        assertEquals(FaultlineCli.ERROR, r.exit);
        assertTrue(r.err.contains("cannot load driver no.such.Driver"), r::toString);
        Run noDispatcher = Run.args("replay", "--driver", String.class.getName());
        assertEquals(FaultlineCli.ERROR, noDispatcher.exit);
    }
}
