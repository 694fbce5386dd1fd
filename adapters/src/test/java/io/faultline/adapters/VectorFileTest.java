package io.faultline.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.api.Access;
import io.faultline.api.Family;
import io.faultline.api.PageRequest;
import io.faultline.api.Reason;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VectorFileTest {

    @ParameterizedTest
    @ValueSource(strings = {"amd-vi.json", "arm-smmu-v3.json", "arm-smmu.json", "intel-vtd.json", "iommufd.json",
            "virtio-iommu.json"})
    void everyCopiedFileLoadsWithUniqueNamesKnownKindsAndWholeBytes(String file) {
        VectorFile f = VectorFile.load(file);
        Family.ofId(f.family());
        Set<String> names = new HashSet<>();
        Set<String> kinds = Set.of("fault", "page-request", "response", "command", "register", "other");
        for (VectorFile.Vector v : f.vectors()) {
            assertTrue(names.add(v.name()), "duplicate vector name " + v.name());
            assertTrue(kinds.contains(v.kind()), v.name() + ": kind " + v.kind());
            assertEquals(v.hex().length() / 2, v.bytes().length, v.name());
        }
    }

    @Test
    void rawLongKeepsTheBitPatternOfUnsigned64BitValues() {
        VectorFile.Vector ones = VectorFile.load("arm-smmu-v3.json").get("evt-bad-all-ones");
        assertEquals(-1L, ones.rawLong("otherBits1"));
        assertEquals(0xffffffffL, ones.rawLong("streamId"));
        assertEquals(7L, ones.rawLong("missing", 7L));
        assertThrows(IllegalArgumentException.class, () -> ones.rawLong("missing"));
    }

    @Test
    void assertFaultAcceptsTheMatchingFaultAndRejectsEachWrongField() throws Exception {
        JsonNode expected = new ObjectMapper().readTree("""
                {"requesterId": 4294967295, "pasid": 7, "address": "0xffff000000000000",
                 "access": {"read": true, "write": false, "exec": true, "privileged": false},
                 "reasonCode": 16, "reasonName": "F_TRANSLATION", "stage": "PTE", "type": "PAGE_REQUEST",
                 "pageRequest": {"groupIndex": 3, "lastInGroup": true, "privateData": null}}
                """);
        Reason reason = Reason.of(16, "F_TRANSLATION");
        PageRequest good = PageRequest.builder(Family.SYNTHETIC).requesterId(-1).pasid(7).address(0xffff000000000000L)
                .access(Access.of(true, false, true, false)).reason(reason).stage(Stage.PTE)
                .groupIndex(3).lastInGroup(true).build();
        VectorFile.assertFault("good", expected, good);

        List<io.faultline.api.Fault> wrong = List.of(
                PageRequest.builder(Family.SYNTHETIC).requesterId(1).pasid(7).address(0xffff000000000000L)
                        .access(Access.of(true, false, true, false)).reason(reason).groupIndex(3).lastInGroup(true).build(),
                PageRequest.builder(Family.SYNTHETIC).requesterId(-1).address(0xffff000000000000L)
                        .access(Access.of(true, false, true, false)).reason(reason).groupIndex(3).lastInGroup(true).build(),
                PageRequest.builder(Family.SYNTHETIC).requesterId(-1).pasid(7).address(0xffff000000000000L)
                        .access(Access.READ).reason(reason).groupIndex(3).lastInGroup(true).build(),
                PageRequest.builder(Family.SYNTHETIC).requesterId(-1).pasid(7).address(0xffff000000000000L)
                        .access(Access.of(true, false, true, false)).reason(reason).stage(Stage.PASID)
                        .groupIndex(3).lastInGroup(true).build(),
                PageRequest.builder(Family.SYNTHETIC).requesterId(-1).pasid(7).address(0xffff000000000000L)
                        .access(Access.of(true, false, true, false)).reason(reason).groupIndex(3).build(),
                PageRequest.builder(Family.SYNTHETIC).requesterId(-1).pasid(7).address(0xffff000000000000L)
                        .access(Access.of(true, false, true, false)).reason(Reason.of(17, "F_TRANSLATION"))
                        .groupIndex(3).lastInGroup(true).build(),
                UnrecoverableFault.builder(Family.SYNTHETIC).requesterId(-1).pasid(7).address(0xffff000000000000L)
                        .access(Access.of(true, false, true, false)).reason(reason).stage(Stage.PTE).build());
        for (io.faultline.api.Fault f : wrong) {
            assertThrows(AssertionError.class, () -> VectorFile.assertFault("wrong", expected, f), f.toString());
        }
    }

    @Test
    void anExpectedFieldItDoesNotKnowFailsInsteadOfPassingUnchecked() throws Exception {
        JsonNode expected = new ObjectMapper().readTree("""
                {"requesterId": null, "pasid": null, "address": null,
                 "access": {"read": false, "write": false, "exec": false, "privileged": false},
                 "reasonCode": null, "reasonName": null, "stage": null, "type": "UNRECOVERABLE",
                 "pageRequest": null, "severity": "high"}
                """);
        UnrecoverableFault f = UnrecoverableFault.builder(Family.SYNTHETIC).build();
        AssertionError e = assertThrows(AssertionError.class, () -> VectorFile.assertFault("x", expected, f));
        assertTrue(e.getMessage().contains("severity"), e.getMessage());
        assertFalse(f.hasRequesterId());
    }
}
