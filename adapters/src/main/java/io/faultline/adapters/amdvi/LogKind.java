package io.faultline.adapters.amdvi;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.api.Fault;
import java.nio.ByteBuffer;

/** The two logs the IOMMU writes and software drains: same ring mechanics, different registers and decoders. */
enum LogKind {
    EVENT("EventLog", "EventLogHead", "EventLogTail", AmdViRegisters.EVENT_LOG_HEAD, AmdViRegisters.EVENT_LOG_TAIL,
            AmdViRegisters.STATUS_EVENT_OVERFLOW, "Status.EventOverflow (bit 0)") {
        @Override
        Fault decode(ByteBuffer log, int offset) throws MalformedRecordException {
            return AmdViEventDecoder.decode(log, offset);
        }
    },
    PPR("PPRLog", "PPRLogHead", "PPRLogTail", AmdViRegisters.PPR_LOG_HEAD, AmdViRegisters.PPR_LOG_TAIL,
            AmdViRegisters.STATUS_PPR_OVERFLOW, "Status.PPROverflow (bit 5)") {
        @Override
        Fault decode(ByteBuffer log, int offset) throws MalformedRecordException {
            return AmdViPprDecoder.decode(log, offset);
        }
    };

    final String queue;
    final String headName;
    final String tailName;
    final int headRegister;
    final int tailRegister;
    final int overflowBit;
    final String overflowName;

    LogKind(String queue, String headName, String tailName, int headRegister, int tailRegister, int overflowBit,
            String overflowName) {
        this.queue = queue;
        this.headName = headName;
        this.tailName = tailName;
        this.headRegister = headRegister;
        this.tailRegister = tailRegister;
        this.overflowBit = overflowBit;
        this.overflowName = overflowName;
    }

    abstract Fault decode(ByteBuffer log, int offset) throws MalformedRecordException;
}
