package com.wfp.handlers.telemetry;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.platform.telemetry.ErrorGroup;
import com.wfp.platform.telemetry.ExecutionFailure;
import com.wfp.platform.telemetry.ExecutionRecord;
import com.wfp.platform.telemetry.MetricPoint;
import com.wfp.platform.telemetry.NodeTiming;
import com.wfp.platform.telemetry.TelemetryStats;
import com.wfp.workflow.error.DomainException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The telemetry routes' JSON, written once for all of them, and their shared parameters: times
 * given as a UTC instant or as a duration back from now ({@code 30m}, {@code 1h}, {@code 7d}).
 */
final class TelemetryJson {

    private static final Pattern RELATIVE = Pattern.compile("(\\d{1,6})([smhd])");

    private TelemetryJson() {
    }

    /** A {@code since} parameter: an ISO instant or a duration back from now; null when absent. */
    static Instant since(String text, Clock clock) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String value = text.strip().toLowerCase(Locale.ROOT);
        Duration back = duration(value);
        if (back != null) {
            return clock.instant().minus(back);
        }
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw DomainException.badRequest("request.invalid-since", "'" + abbreviate(text) + "' is not a time",
                    "Give since as a duration back from now such as 30m, 1h or 7d, or a UTC time such as 2026-12-05T10:00:00Z.");
        }
    }

    /** A {@code step} parameter such as {@code 1m}, {@code 5m} or {@code 1h}; the default when absent. */
    static Duration step(String text, Duration defaultStep) {
        if (text == null || text.isBlank()) {
            return defaultStep;
        }
        Duration step = duration(text.strip().toLowerCase(Locale.ROOT));
        if (step == null) {
            throw DomainException.badRequest("telemetry.invalid-step", "'" + abbreviate(text) + "' is not a step",
                    "Give the step in minutes or hours, such as 1m, 5m or 1h.");
        }
        return step;
    }

    private static Duration duration(String value) {
        Matcher m = RELATIVE.matcher(value);
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    static int limit(String text, int defaultLimit) {
        if (text == null || text.isBlank()) {
            return defaultLimit;
        }
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw DomainException.badRequest("request.invalid-limit", "'" + abbreviate(text) + "' is not a number",
                    "Give limit as a whole number from 1 to 1000.");
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    static ObjectNode execution(ObjectNode json, ExecutionRecord r, boolean details) {
        json.put("executionId", r.executionId());
        json.put("workflow", r.ref().path());
        json.put("version", r.version());
        json.put("releaseId", r.releaseId().value());
        json.put("startedAt", r.startedAt().toString());
        json.put("status", r.status().name().toLowerCase(Locale.ROOT));
        json.put("httpStatus", r.httpStatus());
        json.put("durationMs", r.durationMicros() / 1000.0);
        if (r.callerKeyId() == null) {
            json.putNull("caller");
        } else {
            json.put("caller", r.callerKeyId());
        }
        json.put("shadow", r.shadow());
        ExecutionFailure f = r.failure();
        if (f != null) {
            ObjectNode error = json.putObject("error");
            error.put("node", f.nodeId());
            error.put("code", f.code());
            error.put("message", f.message());
            error.put("fingerprint", r.fingerprint().value());
            if (details) {
                error.put("type", f.type());
                error.put("stackTrace", f.stackTrace());
                error.put("input", f.input());
            }
        }
        if (details) {
            ArrayNode nodes = json.putArray("nodes");
            for (NodeTiming n : r.nodes()) {
                ObjectNode node = nodes.addObject().put("node", n.nodeId()).put("type", n.type())
                        .put("status", n.status()).put("durationMs", n.durationMicros() / 1000.0);
                if (n.upstreamHost() != null) {
                    node.put("upstreamHost", n.upstreamHost()).put("upstreamStatus", n.upstreamStatus());
                }
            }
        }
        return json;
    }

    static ObjectNode errorGroup(ObjectNode json, ErrorGroup g) {
        json.put("fingerprint", g.fingerprint());
        json.put("node", g.nodeId());
        json.put("code", g.code());
        json.put("pattern", g.pattern());
        json.put("lastMessage", g.lastMessage());
        json.put("count", g.count());
        json.put("firstSeen", g.firstSeen().toString());
        json.put("lastSeen", g.lastSeen().toString());
        json.put("firstSeenIn", g.firstSeenIn());
        ArrayNode releases = json.putArray("releases");
        for (ErrorGroup.ReleaseOccurrences r : g.releases()) {
            releases.addObject().put("version", r.version()).put("releaseId", r.releaseId().value())
                    .put("count", r.count()).put("firstSeen", r.firstSeen().toString())
                    .put("lastSeen", r.lastSeen().toString());
        }
        return json;
    }

    static ObjectNode point(ObjectNode json, MetricPoint p) {
        return json.put("start", p.start().toString()).put("version", p.version())
                .put("releaseId", p.releaseId().value()).put("calls", p.calls()).put("errors", p.errors())
                .put("errorRate", p.errorRate()).put("p50Ms", p.p50Ms()).put("p95Ms", p.p95Ms()).put("p99Ms", p.p99Ms());
    }

    static ObjectNode stats(ObjectNode json, TelemetryStats s) {
        return json.put("accepted", s.accepted()).put("written", s.written()).put("dropped", s.dropped())
                .put("droppedBufferFull", s.droppedFull()).put("droppedStoreFailed", s.droppedFailed())
                .put("queued", s.queued()).put("capacity", s.capacity());
    }
}
