package com.wfp.adapters.aws.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.platform.port.TelemetryStore;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.telemetry.ErrorFingerprint;
import com.wfp.platform.telemetry.ErrorGroup;
import com.wfp.platform.telemetry.ExecutionQuery;
import com.wfp.platform.telemetry.ExecutionRecord;
import com.wfp.platform.telemetry.LatencyHistogram;
import com.wfp.platform.telemetry.MinuteMetrics;
import com.wfp.platform.telemetry.TelemetryBatch;
import com.wfp.workflow.error.DomainException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Production telemetry in CloudWatch Logs: one log group per platform (its retention set where it
 * is created, see {@link #createLogGroup}), one stream per writer (a function container or a
 * pod), one structured JSON line per execution, caller, minute of metrics and purge
 * ({@link TelemetryLines}). Every read is {@code FilterLogEvents} over the group, narrowed by a
 * quoted filter term (the workflow's token, or an execution id) and by the start time when the
 * query has one, then decoded and filtered exactly here; so the store gives the same answers on
 * any server whose filter patterns match at least what AWS's do. Logs Insights is not used: moto
 * does not run its queries, and the contract needs nothing FilterLogEvents cannot give.
 *
 * <p>What is derived at read time: an execution recorded twice is the later line; a caller joins
 * its execution by release and execution id; error groups are counted from the failures the group
 * still holds (so, unlike the local store, they last as long as the group's retention); minutes
 * older than the last purge's bound read as hour aggregates. CloudWatch Logs cannot delete single
 * events, so {@link #purge} writes its bounds as a line that every later read applies, and the log
 * group's retention removes the lines themselves.
 *
 * <p>Each line's event time is when it was written, not when the execution ran: CloudWatch Logs
 * refuses events older than 14 days, and an execution is written seconds after it ran, so a read
 * from {@code since} may start at {@code since} less {@link #CLOCK_SLACK}.
 */
public final class CloudWatchLogsTelemetryStore implements TelemetryStore {

    /** How far clocks of writers and readers may disagree. */
    static final Duration CLOCK_SLACK = Duration.ofMinutes(5);
    /** The most events one read decodes: a bound on memory, not a page size. */
    static final int MAX_EVENTS_READ = 200_000;
    private static final int MAX_EVENTS_PER_PUT = 10_000;
    private static final int MAX_BYTES_PER_PUT = 1_000_000;
    private static final int EVENT_OVERHEAD_BYTES = 26;
    private static final Pattern WORDS = Pattern.compile("[\\p{L}\\p{N}]+");

    private final CloudWatchLogsClient logs;
    private final String logGroup;
    private final String logStream;
    private final Clock clock;
    private final boolean purges;
    private final AtomicLong sequence = new AtomicLong();
    private volatile boolean streamReady;

    /**
     * @param logStream this writer's stream in the group, created at the first write
     */
    public CloudWatchLogsTelemetryStore(CloudWatchLogsClient logs, String logGroup, String logStream, Clock clock) {
        this(logs, logGroup, logStream, clock, true);
    }

    private CloudWatchLogsTelemetryStore(CloudWatchLogsClient logs, String logGroup, String logStream, Clock clock,
                                         boolean purges) {
        this.logs = logs;
        this.logGroup = logGroup;
        this.logStream = streamName(logStream);
        this.clock = clock;
        this.purges = purges;
    }

    /**
     * The same store for a writer that leaves old telemetry to the log group's retention: its
     * {@link #purge} does nothing (a purge reads the whole group, which the route function's
     * containers, each running a telemetry writer, must not do every hour).
     */
    public CloudWatchLogsTelemetryStore retainedByLogGroup() {
        return new CloudWatchLogsTelemetryStore(logs, logGroup, logStream, clock, false);
    }

    /** A stream name CloudWatch Logs accepts (no ':' or '*', at most 512 characters). */
    static String streamName(String name) {
        String cleaned = name == null || name.isBlank() ? "telemetry" : name.replaceAll("[:*]", "_");
        return cleaned.length() > 512 ? cleaned.substring(0, 512) : cleaned;
    }

    /**
     * Creates the platform's telemetry log group when it does not exist, and sets its retention
     * (which is how old telemetry goes away: a CloudWatch Logs retention of {@code retentionDays}).
     */
    public static void createLogGroup(CloudWatchLogsClient logs, String logGroup, int retentionDays) {
        try {
            logs.createLogGroup(b -> b.logGroupName(logGroup));
        } catch (ResourceAlreadyExistsException exists) {
            // Created before (by the stack or an earlier start): the retention is set again below.
        }
        logs.putRetentionPolicy(b -> b.logGroupName(logGroup).retentionInDays(retentionDays));
    }

    @Override
    public void ingest(TelemetryBatch batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<String> lines = new ArrayList<>();
        batch.executions().forEach(record -> lines.add(TelemetryLines.execution(record, nextSequence())));
        batch.callers().forEach(caller -> lines.add(TelemetryLines.caller(caller, nextSequence())));
        batch.minutes().forEach(minute -> lines.add(TelemetryLines.minute(minute, nextSequence())));
        write(lines);
    }

    private long nextSequence() {
        return clock.millis() * 1000 + (sequence.getAndIncrement() % 1000);
    }

    private void write(List<String> lines) {
        long now = clock.millis();
        try {
            ensureStream();
            List<InputLogEvent> chunk = new ArrayList<>();
            int bytes = 0;
            for (String line : lines) {
                int size = line.getBytes(StandardCharsets.UTF_8).length + EVENT_OVERHEAD_BYTES;
                if (!chunk.isEmpty() && (chunk.size() == MAX_EVENTS_PER_PUT || bytes + size > MAX_BYTES_PER_PUT)) {
                    put(chunk);
                    chunk = new ArrayList<>();
                    bytes = 0;
                }
                chunk.add(InputLogEvent.builder().timestamp(now).message(line).build());
                bytes += size;
            }
            put(chunk);
        } catch (SdkException e) {
            throw DomainException.unavailable("store.unavailable",
                    "CloudWatch Logs did not take telemetry into " + logGroup + ": " + e.getMessage(),
                    "Check that the log group exists and that the function may logs:CreateLogStream and"
                            + " logs:PutLogEvents on it; telemetry is dropped and counted meanwhile.", e);
        }
    }

    private void put(List<InputLogEvent> events) {
        PutLogEventsResponse response = logs.putLogEvents(b -> b.logGroupName(logGroup).logStreamName(logStream)
                .logEvents(events));
        if (response.rejectedLogEventsInfo() != null) {
            throw DomainException.unavailable("store.unavailable", "CloudWatch Logs refused telemetry events: "
                    + response.rejectedLogEventsInfo(), "Check the clock of the writer; events are dropped and counted.",
                    null);
        }
    }

    private void ensureStream() {
        if (streamReady) {
            return;
        }
        try {
            logs.createLogStream(b -> b.logGroupName(logGroup).logStreamName(logStream));
        } catch (ResourceAlreadyExistsException exists) {
            // Another container of the same name made it, or this one before a restart.
        }
        streamReady = true;
    }

    // ---- reads ----

    @Override
    public List<ExecutionRecord> executions(ExecutionQuery query) {
        Set<String> words = query.text() == null ? null : words(query.text());
        if (words != null && words.isEmpty()) {
            return List.of();
        }
        Instant from = query.since() == null ? null : query.since().minus(CLOCK_SLACK);
        Bounds bounds = bounds();
        return latestExecutions(read(anyOf(TelemetryLines.workflowToken(query.ref()), TelemetryLines.CALLER_TOKEN), from))
                .stream()
                .filter(r -> r.ref().equals(query.ref()) && bounds.keepsExecution(r))
                .filter(r -> query.status() == null || r.status() == query.status())
                .filter(r -> query.version() == null || query.version().equals(r.version()))
                .filter(r -> query.since() == null || !r.startedAt().isBefore(query.since()))
                .filter(r -> words == null || (r.failure() != null && searchable(r).containsAll(words)))
                .sorted(NEWEST_FIRST)
                .limit(query.limit())
                .toList();
    }

    private static final Comparator<ExecutionRecord> NEWEST_FIRST = Comparator.comparing(ExecutionRecord::startedAt)
            .thenComparing(ExecutionRecord::executionId).reversed();

    @Override
    public Optional<ExecutionRecord> execution(String executionId) {
        Bounds bounds = bounds();
        return latestExecutions(read(quoted(executionId), null)).stream()
                .filter(r -> r.executionId().equals(executionId) && bounds.keepsExecution(r))
                .min(NEWEST_FIRST);
    }

    @Override
    public List<ErrorGroup> errorGroups(WorkflowRef ref, Instant since) {
        Map<String, List<ExecutionRecord>> byFingerprint = new LinkedHashMap<>();
        for (ExecutionRecord record : latestExecutions(read(quoted(TelemetryLines.workflowToken(ref)), null))) {
            if (record.ref().equals(ref) && record.failure() != null) {
                byFingerprint.computeIfAbsent(record.fingerprint().value(), f -> new ArrayList<>()).add(record);
            }
        }
        List<ErrorGroup> groups = new ArrayList<>();
        byFingerprint.forEach((fingerprint, records) -> {
            records.sort(Comparator.comparing(ExecutionRecord::startedAt));
            ExecutionRecord first = records.getFirst();
            ExecutionRecord last = records.getLast();
            if (last.startedAt().isBefore(since)) {
                return;
            }
            Map<ReleaseId, List<ExecutionRecord>> byRelease = records.stream()
                    .collect(Collectors.groupingBy(ExecutionRecord::releaseId, LinkedHashMap::new, Collectors.toList()));
            List<ErrorGroup.ReleaseOccurrences> releases = new ArrayList<>();
            byRelease.forEach((releaseId, occurrences) -> releases.add(new ErrorGroup.ReleaseOccurrences(releaseId,
                    occurrences.getLast().version(), occurrences.size(), occurrences.getFirst().startedAt(),
                    occurrences.getLast().startedAt())));
            ErrorFingerprint print = first.fingerprint();
            groups.add(new ErrorGroup(fingerprint, ref, first.failure().nodeId(), first.failure().code(), print.pattern(),
                    last.failure().message(), records.size(), first.startedAt(), last.startedAt(), releases));
        });
        groups.sort(Comparator.comparing(ErrorGroup::lastSeen).reversed());
        return groups.size() > 500 ? groups.subList(0, 500) : groups;
    }

    @Override
    public List<MinuteMetrics> minutes(WorkflowRef ref, Instant from, Instant to) {
        Bounds bounds = bounds();
        return merged(ref, from.minus(CLOCK_SLACK)).values().stream()
                .filter(m -> !m.minute().isBefore(from) && m.minute().isBefore(to)
                        && !m.minute().isBefore(bounds.minutesBefore()))
                .sorted(Comparator.comparing(MinuteMetrics::minute).thenComparing(m -> m.releaseId().value()))
                .toList();
    }

    @Override
    public List<MinuteMetrics> hours(WorkflowRef ref, Instant from, Instant to) {
        Bounds bounds = bounds();
        return rolledUp(merged(ref, from.minus(CLOCK_SLACK)).values(), bounds).values().stream()
                .filter(h -> !h.minute().isBefore(from) && h.minute().isBefore(to))
                .sorted(Comparator.comparing(MinuteMetrics::minute).thenComparing(m -> m.releaseId().value()))
                .toList();
    }

    /** The minutes older than the purge's bound, added up per release and hour; hours past theirs left out. */
    private static Map<String, MinuteMetrics> rolledUp(Iterable<MinuteMetrics> minutes, Bounds bounds) {
        Map<String, MinuteMetrics> hours = new LinkedHashMap<>();
        for (MinuteMetrics minute : minutes) {
            Instant hour = minute.minute().truncatedTo(ChronoUnit.HOURS);
            if (!minute.minute().isBefore(bounds.minutesBefore()) || hour.isBefore(bounds.hoursBefore())) {
                continue;
            }
            hours.merge(minute.ref().path() + "|" + minute.releaseId().value() + "|" + hour.toEpochMilli(),
                    new MinuteMetrics(minute.ref(), minute.releaseId(), minute.version(), hour, minute.calls(),
                            minute.errors(), minute.latency().copy()), CloudWatchLogsTelemetryStore::add);
        }
        return hours;
    }

    /** The workflow's minute lines (every workflow's when {@code ref} is null), added up per release and minute. */
    private Map<String, MinuteMetrics> merged(WorkflowRef ref, Instant from) {
        Map<String, MinuteMetrics> minutes = new LinkedHashMap<>();
        String pattern = ref == null ? null : quoted(TelemetryLines.workflowToken(ref));
        for (JsonNode line : read(pattern, from)) {
            if (!"minute".equals(line.path("wfp").asText())) {
                continue;
            }
            MinuteMetrics minute = TelemetryLines.toMinute(line);
            if (ref == null || minute.ref().equals(ref)) {
                minutes.merge(minute.ref().path() + "|" + minute.releaseId().value() + "|" + minute.minute().toEpochMilli(),
                        minute, CloudWatchLogsTelemetryStore::add);
            }
        }
        return minutes;
    }

    private static MinuteMetrics add(MinuteMetrics a, MinuteMetrics b) {
        LatencyHistogram latency = a.latency().copy();
        latency.add(b.latency());
        return new MinuteMetrics(a.ref(), a.releaseId(), b.version().isEmpty() ? a.version() : b.version(), a.minute(),
                a.calls() + b.calls(), a.errors() + b.errors(), latency);
    }

    @Override
    public long purge(Instant executionsBefore, Instant minutesBefore, Instant hoursBefore) {
        if (!purges) {
            return 0;
        }
        Bounds before = bounds();
        Bounds after = new Bounds(max(before.executionsBefore(), executionsBefore),
                max(before.minutesBefore(), minutesBefore), max(before.hoursBefore(), hoursBefore));
        long removed = latestExecutions(read(null, null)).stream()
                .filter(r -> before.keepsExecution(r) && !after.keepsExecution(r)).count();
        Map<String, MinuteMetrics> minutes = merged(null, null);
        removed += minutes.values().stream().filter(m -> !m.minute().isBefore(before.minutesBefore())
                && m.minute().isBefore(after.minutesBefore())).count();
        Set<String> hoursAfter = rolledUp(minutes.values(), after).keySet();
        removed += rolledUp(minutes.values(), before).keySet().stream().filter(h -> !hoursAfter.contains(h)).count();
        write(List.of(TelemetryLines.purge(after.executionsBefore(), after.minutesBefore(), after.hoursBefore(),
                nextSequence())));
        return removed;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** What the purges so far removed: everything before these bounds. */
    private record Bounds(Instant executionsBefore, Instant minutesBefore, Instant hoursBefore) {
        boolean keepsExecution(ExecutionRecord record) {
            return !record.startedAt().isBefore(executionsBefore);
        }
    }

    private Bounds bounds() {
        Instant executions = Instant.EPOCH;
        Instant minutes = Instant.EPOCH;
        Instant hours = Instant.EPOCH;
        for (JsonNode line : read(quoted(TelemetryLines.PURGE_TOKEN), null)) {
            if ("purge".equals(line.path("wfp").asText())) {
                executions = max(executions, Instant.ofEpochMilli(line.path("executionsBefore").asLong()));
                minutes = max(minutes, Instant.ofEpochMilli(line.path("minutesBefore").asLong()));
                hours = max(hours, Instant.ofEpochMilli(line.path("hoursBefore").asLong()));
            }
        }
        return new Bounds(executions, minutes, hours);
    }

    /** Each execution's latest line, joined with its latest caller line when the execution names none. */
    private static List<ExecutionRecord> latestExecutions(List<JsonNode> lines) {
        Map<String, JsonNode> executions = new HashMap<>();
        Map<String, JsonNode> callers = new HashMap<>();
        for (JsonNode line : lines) {
            String kind = line.path("wfp").asText();
            if (!"execution".equals(kind) && !"caller".equals(kind)) {
                continue;
            }
            String key = line.path("rel").asText() + "|" + line.path("id").asText();
            (kind.equals("execution") ? executions : callers).merge(key, line,
                    (a, b) -> b.path("seq").asLong() >= a.path("seq").asLong() ? b : a);
        }
        List<ExecutionRecord> records = new ArrayList<>();
        executions.forEach((key, line) -> {
            ExecutionRecord record = TelemetryLines.toExecution(line);
            JsonNode caller = callers.get(key);
            records.add(record.callerKeyId() == null && caller != null ? record.withCaller(caller.path("caller").asText())
                    : record);
        });
        return records;
    }

    /** Every line of the group matching {@code pattern} (all when null) written at or after {@code from}. */
    private List<JsonNode> read(String pattern, Instant from) {
        List<JsonNode> lines = new ArrayList<>();
        String token = null;
        try {
            do {
                FilterLogEventsRequest.Builder request = FilterLogEventsRequest.builder().logGroupName(logGroup);
                if (pattern != null) {
                    request.filterPattern(pattern);
                }
                if (from != null && from.isAfter(Instant.EPOCH)) {
                    request.startTime(from.toEpochMilli());
                }
                if (token != null) {
                    request.nextToken(token);
                }
                FilterLogEventsResponse page = logs.filterLogEvents(request.build());
                for (FilteredLogEvent event : page.events()) {
                    JsonNode line = TelemetryLines.read(event.message());
                    if (line != null) {
                        lines.add(line);
                    }
                    if (lines.size() >= MAX_EVENTS_READ) {
                        return lines;
                    }
                }
                String next = page.nextToken();
                token = next == null || next.equals(token) ? null : next;
            } while (token != null);
        } catch (SdkException e) {
            throw DomainException.unavailable("telemetry.unavailable",
                    "CloudWatch Logs did not answer a telemetry read of " + logGroup + ": " + e.getMessage(),
                    "Try again; check that the function may logs:FilterLogEvents on the telemetry log group.", e);
        }
        return lines;
    }

    /** A filter term matching lines that contain {@code text} exactly (ids and tokens hold no quote). */
    private static String quoted(String text) {
        return "\"" + text.replace("\"", "") + "\"";
    }

    /** A filter pattern matching lines that contain any of the tokens. */
    private static String anyOf(String... tokens) {
        StringBuilder pattern = new StringBuilder();
        for (String token : tokens) {
            pattern.append(pattern.isEmpty() ? "" : " ").append('?').append(quoted(token));
        }
        return pattern.toString();
    }

    /** The words a failure can be found by: its code, node, message, stack trace and masked input. */
    private static Set<String> searchable(ExecutionRecord record) {
        var failure = record.failure();
        return words(String.join(" ", failure.code(), failure.nodeId() == null ? "" : failure.nodeId(),
                failure.message(), failure.stackTrace(), failure.input()));
    }

    private static Set<String> words(String text) {
        return WORDS.matcher(text.toLowerCase(Locale.ROOT)).results().map(m -> m.group())
                .collect(Collectors.toCollection(java.util.HashSet::new));
    }

    @Override
    public void close() {
        // The client belongs to the caller; nothing is buffered here.
    }
}
