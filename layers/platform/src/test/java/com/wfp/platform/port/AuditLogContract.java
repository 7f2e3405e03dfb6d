package com.wfp.platform.port;

import com.wfp.platform.audit.AuditChain;
import com.wfp.platform.audit.AuditOutcome;
import com.wfp.platform.audit.AuditQuery;
import com.wfp.platform.audit.AuditRecord;
import com.wfp.platform.audit.AuditTrail;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The behaviour every {@link AuditLog} must have: records chained in append order, searches
 * newest first, concurrent appends that never fork the chain, and tampering with the storage
 * behind the log's back (an edit, a deletion, a reordering) named by the verification. An
 * adapter's test extends this class, returns a fresh, empty log from {@link #newLog()} and
 * tampers with its storage the way someone with access to it would.
 */
public abstract class AuditLogContract {

    protected AuditLog log;
    protected AuditTrail trail;

    /** A fresh, empty log. */
    protected abstract AuditLog newLog();

    /** Changes the stored outcome and code of the record at {@code seq}, bypassing the log. */
    protected abstract void editStoredRecord(long seq) throws Exception;

    /** Removes the record at {@code seq} from the storage, bypassing the log. */
    protected abstract void deleteStoredRecord(long seq) throws Exception;

    /** Swaps the records at {@code first} and {@code second} in the storage, bypassing the log. */
    protected abstract void swapStoredRecords(long first, long second) throws Exception;

    @BeforeEach
    void fillFive() {
        log = newLog();
        trail = new AuditTrail(log, Clock.systemUTC());
        for (int i = 1; i <= 5; i++) {
            trail.record(i % 2 == 0 ? "key_AAAAAAAAAAAAAAA" + i : "admin", "POST /api/v1/thing", "/api/v1/thing/" + i,
                    Map.of("n", Integer.toString(i)), "127.0.0.1", i == 4 ? AuditOutcome.DENIED : AuditOutcome.ALLOWED,
                    i == 4 ? "403 auth.key-scope" : "200");
        }
    }

    @Test
    void append_numbersAndChainsRecordsInOrder() {
        List<AuditRecord> all = log.all();

        assertThat(all).extracting(AuditRecord::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(all).extracting(AuditRecord::id).startsWith("aud_000000000001");
        assertThat(all.getFirst().previousHash()).isEqualTo(AuditChain.GENESIS);
        assertThat(all.get(1).previousHash()).isEqualTo(all.getFirst().hash());
        assertThat(all.get(3).entry().code()).isEqualTo("403 auth.key-scope");
        assertThat(all.get(3).entry().params()).isEqualTo("{\"n\":\"4\"}");
    }

    @Test
    void verify_whenUntouched_readsEveryRecordIntact() {
        AuditTrail.Verification verification = trail.verify();

        assertThat(verification.records()).isEqualTo(5);
        assertThat(verification.broken()).isEmpty();
    }

    @Test
    void verify_whenAStoredRecordIsEdited_namesIt() throws Exception {
        editStoredRecord(4);

        assertThat(trail.verify().broken()).get().satisfies(b -> {
            assertThat(b.id()).isEqualTo("aud_000000000004");
            assertThat(b.reason()).contains("edited");
        });
    }

    @Test
    void verify_whenAStoredRecordIsDeleted_namesTheGap() throws Exception {
        deleteStoredRecord(2);

        assertThat(trail.verify().broken()).get().satisfies(b -> {
            assertThat(b.id()).isEqualTo("aud_000000000003");
            assertThat(b.reason()).contains("aud_000000000002").contains("deleted");
        });
    }

    @Test
    void verify_whenStoredRecordsAreSwapped_namesOneOfThem() throws Exception {
        swapStoredRecords(2, 3);

        assertThat(trail.verify().broken()).get().satisfies(b -> {
            assertThat(b.seq()).isBetween(2L, 3L);
            assertThat(b.id()).isIn("aud_000000000002", "aud_000000000003");
        });
    }

    @Test
    void search_filtersAndAnswersNewestFirst() {
        List<AuditRecord> denied = trail.search(new AuditQuery(null, null, null, null, AuditOutcome.DENIED, 0));
        List<AuditRecord> byAdmin = trail.search(new AuditQuery(null, "admin", "POST", "/api/v1/thing", null, 0));
        List<AuditRecord> future = trail.search(new AuditQuery(Instant.now().plusSeconds(60), null, null, null, null, 0));
        List<AuditRecord> newestTwo = trail.search(new AuditQuery(null, null, null, null, null, 2));

        assertThat(denied).extracting(r -> r.entry().code()).containsExactly("403 auth.key-scope");
        assertThat(byAdmin).extracting(AuditRecord::seq).containsExactly(5L, 3L, 1L);
        assertThat(future).isEmpty();
        assertThat(newestTwo).extracting(AuditRecord::seq).containsExactly(5L, 4L);
    }

    @Test
    void append_fromManyThreads_neverForksTheChain() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<AuditRecord>> appends = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                appends.add(pool.submit(() -> trail.record("admin", "GET /x", "/x", Map.of(), "", AuditOutcome.ALLOWED,
                        "200")));
            }
            for (Future<AuditRecord> append : appends) {
                append.get();
            }
        } finally {
            pool.shutdownNow();
        }

        AuditTrail.Verification verification = trail.verify();
        assertThat(verification.records()).isEqualTo(25);
        assertThat(verification.broken()).isEmpty();
    }
}
