package com.wfp.platform.audit;

import com.wfp.platform.testing.SettableClock;
import com.wfp.platform.port.AuditLog;
import com.wfp.platform.port.InMemoryInvocationCounts;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class InvocationCounterTest {

    private static final Instant M0 = Instant.parse("2026-12-05T10:00:00Z");

    private final SettableClock clock = new SettableClock(M0.plusSeconds(5));
    private final ListLog log = new ListLog();
    private final AuditTrail trail = new AuditTrail(log, clock);
    private final InMemoryInvocationCounts shared = new InMemoryInvocationCounts();

    /** principal@minute -> calls, over every per-minute record in the trail. */
    private Map<String, List<String>> minuteRecords() {
        Map<String, List<String>> found = new TreeMap<>();
        for (AuditRecord record : log.all()) {
            if (record.entry().action().equals(InvocationCounter.ACTION)) {
                String params = record.entry().params();
                String minute = params.replaceAll(".*\"minute\":\"([^\"]+)\".*", "$1");
                String calls = params.replaceAll(".*\"calls\":\"([^\"]+)\".*", "$1");
                found.computeIfAbsent(record.entry().principal() + "@" + minute, k -> new ArrayList<>()).add(calls);
            }
        }
        return found;
    }

    @Test
    void count_inSeveralContainers_writesOneRecordPerKeyPerMinuteWithEveryContainersCalls() {
        InvocationCounter a = new InvocationCounter(trail, shared, clock);
        InvocationCounter b = new InvocationCounter(trail, shared, clock);
        for (int i = 0; i < 3; i++) {
            a.count("key_1");
        }
        a.count("key_2");
        b.count("key_1");
        b.count("key_1");

        clock.set(M0.plusSeconds(65));
        a.count("key_1");
        b.count("key_1");
        assertThat(minuteRecords()).as("a minute is left to settle before it is written").isEmpty();

        clock.set(M0.plus(Duration.ofMinutes(4)));
        a.count("key_1");
        b.count("key_1");
        assertThat(minuteRecords()).containsExactly(
                Map.entry("key_1@2026-12-05T10:00:00Z", List.of("5")),
                Map.entry("key_2@2026-12-05T10:00:00Z", List.of("1")));

        clock.set(M0.plus(Duration.ofMinutes(6)));
        a.count("key_1");

        assertThat(minuteRecords()).containsExactly(
                Map.entry("key_1@2026-12-05T10:00:00Z", List.of("5")),
                Map.entry("key_1@2026-12-05T10:01:00Z", List.of("2")),
                Map.entry("key_2@2026-12-05T10:00:00Z", List.of("1")));
        assertThat(AuditChain.verify(log.all())).isEmpty();
    }

    @Test
    void count_whenAContainerHandsItsMinuteOnAfterTheSweep_writesItsCallsInASecondRecordOfThatMinute() {
        InvocationCounter busy = new InvocationCounter(trail, shared, clock);
        InvocationCounter late = new InvocationCounter(trail, shared, clock);
        busy.count("key_1");
        late.count("key_1");
        late.count("key_1");

        clock.set(M0.plus(Duration.ofMinutes(5)));
        busy.count("key_1");
        assertThat(minuteRecords()).containsExactly(Map.entry("key_1@2026-12-05T10:00:00Z", List.of("1")));

        clock.set(M0.plus(Duration.ofMinutes(9)));
        late.count("key_1");

        // No call is lost or counted twice: 1 + 2, in two records of the same minute.
        assertThat(minuteRecords().get("key_1@2026-12-05T10:00:00Z")).containsExactly("1", "2");
    }

    @Test
    void sweep_bySeveralSweepersAtOnce_writesEachCountOnce() {
        shared.add("key_1", M0, 7);
        clock.set(M0.plus(Duration.ofMinutes(10)));
        InvocationCounter tick = new InvocationCounter(trail, shared, clock);
        InvocationCounter authorizer = new InvocationCounter(trail, shared, clock);

        assertThat(tick.sweep() + authorizer.sweep()).isEqualTo(1);
        assertThat(minuteRecords()).containsExactly(Map.entry("key_1@2026-12-05T10:00:00Z", List.of("7")));
    }

    @Test
    void count_inOneProcess_writesTheMinuteAtTheNextMinutesFirstCall() {
        InvocationCounter local = new InvocationCounter(trail, clock);
        local.count("key_1");
        local.count("key_1");

        clock.set(M0.plusSeconds(61));
        local.count("key_1");

        assertThat(minuteRecords()).containsExactly(Map.entry("key_1@2026-12-05T10:00:00Z", List.of("2")));
        assertThat(local.sweep()).isZero();
    }

    /** An append-only list chained as the real logs chain it. */
    private static final class ListLog implements AuditLog {
        private final List<AuditRecord> records = new ArrayList<>();

        @Override
        public synchronized AuditRecord append(AuditEntry entry) {
            AuditRecord next = AuditChain.next(records.isEmpty() ? null : records.getLast(), entry);
            records.add(next);
            return next;
        }

        @Override
        public synchronized List<AuditRecord> search(AuditQuery query) {
            return records.reversed().stream().filter(r -> query.matches(r.entry())).toList();
        }

        @Override
        public synchronized List<AuditRecord> all() {
            return List.copyOf(records);
        }
    }
}
