package io.faultline.adapters.kernellog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Random;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/** The hand finder of rate-limit notices finds exactly what {@code find()} of the regex finds, with the same groups. */
class SuppressedNoticeTest {
    private static final String[] PIECES = {"dmar_fault", ": ", "893", " callbacks suppressed", " output lines suppressed due to ratelimiting",
        ".", "_", " ", ":", "0", "x", "-", "\u00e9", "kauditd_printk_skb", " suppressed", "callbacks", "12 "};
    private static final String[] BASE = {
        "dmar_fault: 893 callbacks suppressed",
        "arm_smmu_context_fault: 12 callbacks suppressed",
        "12 output lines suppressed due to ratelimiting",
        "x: a.b: 3 callbacks suppressed",
        "ab12 output lines suppressed due to ratelimiting",
        "a.b:c: 3 callbacks suppressed 4 output lines suppressed due to ratelimiting",
    };

    @Test
    void findsTheRegexsFirstMatch() {
        for (String b : BASE) {
            assertNotNull(SuppressedNotice.find(b), b);
            check(b);
        }
        assertArrayEquals(new String[] {null, null, null, "12"}, SuppressedNotice.find("ab12 output lines suppressed due to ratelimiting"));
        assertEquals("c", SuppressedNotice.find("a.b:c: 3 callbacks suppressed")[1], "the run that ends at ': '");
        RandomLines lines = new RandomLines(11, BASE, PIECES, " 0a._:-", 8);
        for (int t = 0; t < 300_000; t++) {
            check(lines.next());
        }
    }

    /** The words rule as it was written with a regex split, against the split-free one. */
    @Test
    void rateLimiterWordsAsWithARegexSplit() {
        String[] names = {"dmar_fault", "tegra30_mc_handle_irq", "mc_irq", "x_mc", "tegra_x.mc", "_mc", "mc", "dart.irq",
            "ipmmu_irq", "kauditd_printk_skb", "net_ratelimit", "dmar", "adma_r", "", "_", "._", "Tegra_MC", "x__dmar__",
            "arm_smmu_cmdq_issue_cmdlist", "mc_handle_irq", "cmdq"};
        for (String n : names) {
            assertEquals(bySplit(n), KernelLogParser.iommuRateLimiter(n), n);
        }
        Random rnd = new Random(5);
        String[] parts = {"dmar", "dart", "ipmmu", "mc", "tegra", "tegra30", "_", ".", "x", "irq", "MC", "Dmar", "cmdq", "smmu", "iommu"};
        for (int t = 0; t < 100_000; t++) {
            StringBuilder b = new StringBuilder();
            for (int i = rnd.nextInt(6); i > 0; i--) {
                b.append(parts[rnd.nextInt(parts.length)]);
            }
            assertEquals(bySplit(b.toString()), KernelLogParser.iommuRateLimiter(b.toString()), b.toString());
        }
    }

    private static boolean bySplit(String function) {
        String f = function.toLowerCase(java.util.Locale.ROOT);
        String[] words = f.split("[_.]");
        boolean named = f.contains("iommu") || f.contains("smmu");
        for (String w : words) {
            if (w.equals("cmdq")) {
                return false;
            }
            named |= w.equals("dmar") || w.equals("dart") || w.equals("ipmmu") || (w.equals("mc") && words[0].startsWith("tegra"));
        }
        return named;
    }

    private static void check(String s) {
        Matcher m = KernelLogParser.SUPPRESSED.matcher(s);
        String[] expected = m.find() ? new String[] {null, m.group(1), m.group(2), m.group(3)} : null;
        assertArrayEquals(expected, SuppressedNotice.find(s), s);
    }
}
