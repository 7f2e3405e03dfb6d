package com.wfp.platform.port;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The {@link InvocationCounts} fake: one map, as one shared table would hold them. */
public final class InMemoryInvocationCounts implements InvocationCounts {

    private record Key(String principal, Instant minute) {
    }

    private final Map<Key, Long> counts = new ConcurrentHashMap<>();

    @Override
    public void add(String principal, Instant minute, long calls) {
        counts.merge(new Key(principal, minute), calls, Long::sum);
    }

    @Override
    public List<MinuteCount> before(Instant minute, int limit) {
        List<MinuteCount> found = new ArrayList<>();
        counts.forEach((key, calls) -> {
            if (key.minute().isBefore(minute)) {
                found.add(new MinuteCount(key.principal(), key.minute(), calls));
            }
        });
        found.sort(Comparator.comparing(MinuteCount::minute).thenComparing(MinuteCount::principal));
        return found.subList(0, Math.min(limit, found.size()));
    }

    @Override
    public Optional<MinuteCount> take(String principal, Instant minute) {
        Long calls = counts.remove(new Key(principal, minute));
        return calls == null ? Optional.empty() : Optional.of(new MinuteCount(principal, minute, calls));
    }
}
