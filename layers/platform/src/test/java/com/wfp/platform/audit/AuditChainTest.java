package com.wfp.platform.audit;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AuditChainTest {

    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    private static List<AuditRecord> chain(int n) {
        List<AuditRecord> records = new ArrayList<>();
        AuditRecord previous = null;
        for (int i = 0; i < n; i++) {
            previous = AuditChain.next(previous, new AuditEntry(T0.plusSeconds(i), "admin", "POST /api/v1/x",
                    "/api/v1/x/" + i, "{}", "127.0.0.1", AuditOutcome.ALLOWED, "200"));
            records.add(previous);
        }
        return records;
    }

    @Test
    void verify_whenIntact_findsNothing() {
        assertThat(AuditChain.verify(chain(5))).isEmpty();
        assertThat(AuditChain.verify(List.of())).isEmpty();
    }

    @Test
    void verify_whenARecordIsEdited_namesIt() {
        List<AuditRecord> records = chain(5);
        AuditRecord third = records.get(2);
        AuditEntry e = third.entry();
        records.set(2, new AuditRecord(third.seq(), third.id(), new AuditEntry(e.at(), "someone-else", e.action(),
                e.resource(), e.params(), e.source(), e.outcome(), e.code()), third.previousHash(), third.hash()));

        assertThat(AuditChain.verify(records)).get().satisfies(b -> {
            assertThat(b.id()).isEqualTo("aud_000000000003");
            assertThat(b.reason()).contains("edited");
        });
    }

    @Test
    void verify_whenARecordIsDeleted_namesTheOneAfterTheGap() {
        List<AuditRecord> records = chain(5);
        records.remove(1);

        assertThat(AuditChain.verify(records)).get().satisfies(b -> {
            assertThat(b.id()).isEqualTo("aud_000000000003");
            assertThat(b.reason()).contains("aud_000000000002").contains("deleted");
        });
    }

    @Test
    void verify_whenTwoRecordsSwapPlaces_namesTheFirstMoved() {
        List<AuditRecord> records = chain(5);
        AuditRecord second = records.get(1);
        records.set(1, records.get(3));
        records.set(3, second);

        assertThat(AuditChain.verify(records)).get().satisfies(b -> {
            assertThat(b.id()).isEqualTo("aud_000000000004");
            assertThat(b.reason()).contains("reordered");
        });
    }

    @Test
    void verify_whenRenumberedToHideADeletion_catchesTheBrokenLink() {
        List<AuditRecord> records = chain(4);
        records.remove(1);
        AuditRecord moved = records.get(1);
        records.set(1, new AuditRecord(2, AuditRecord.idOf(2), moved.entry(), moved.previousHash(), moved.hash()));

        assertThat(AuditChain.verify(records)).get().extracting(AuditChain.AuditBreak::seq).isEqualTo(2L);
    }

    @Test
    void redact_hidesSecretNamedParametersAndKeysAnywhere() {
        Map<String, String> safe = AuditTrail.redact(Map.of("name", "ci", "token", "abc",
                "why", "leaked wfp_live_ABCDEF123 here", "value", "s3cr3t"));

        assertThat(safe).containsEntry("name", "ci").containsEntry("token", AuditTrail.REDACTED)
                .containsEntry("value", AuditTrail.REDACTED);
        assertThat(safe.get("why")).doesNotContain("wfp_live_ABCDEF123").contains(AuditTrail.REDACTED);
    }
}
