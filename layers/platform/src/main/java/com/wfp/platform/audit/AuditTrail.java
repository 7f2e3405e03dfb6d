package com.wfp.platform.audit;

import com.wfp.platform.port.AuditLog;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Records what happens on the platform and answers searches and verifications of the record.
 * Parameters are redacted here, before anything reaches the log: a parameter whose name speaks
 * of a secret keeps only {@value #REDACTED}, and values that look like a wfp key are masked
 * wherever they appear.
 */
public final class AuditTrail {

    /** What a redacted value reads as. */
    public static final String REDACTED = "[redacted]";

    private static final Pattern SENSITIVE_NAME = Pattern.compile(
            "(?i).*(secret|token|password|passwd|apikey|api-key|api_key|authorization|credential|cookie|^key$|value).*");
    private static final Pattern WFP_KEY = Pattern.compile("wfp_(live|test|pat)_[0-9A-Za-z]+");
    private static final int MAX_PARAM = 200;

    private final AuditLog log;
    private final Clock clock;

    public AuditTrail(AuditLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    /** Appends one record stamped now. */
    public AuditRecord record(String principal, String action, String resource, Map<String, String> params,
                              String source, AuditOutcome outcome, String code) {
        return log.append(new AuditEntry(clock.instant(), principal, action, resource, json(redact(params)), source,
                outcome, code));
    }

    /** The records matching the query, newest first. */
    public List<AuditRecord> search(AuditQuery query) {
        return log.search(query);
    }

    /** How many records the trail holds, and where its chain first breaks, if it does. */
    public Verification verify() {
        List<AuditRecord> all = log.all();
        return new Verification(all.size(), AuditChain.verify(all));
    }

    /**
     * The result of a verification.
     *
     * @param records how many records were read
     * @param broken  the first record that was edited, deleted or moved; empty when intact
     */
    public record Verification(int records, Optional<AuditChain.AuditBreak> broken) {
    }

    /** The parameters with secret-named ones replaced and long values cut. */
    public static Map<String, String> redact(Map<String, String> params) {
        Map<String, String> safe = new LinkedHashMap<>();
        if (params == null) {
            return safe;
        }
        params.forEach((name, value) -> {
            if (name == null || value == null) {
                return;
            }
            String kept = SENSITIVE_NAME.matcher(name).matches() ? REDACTED
                    : WFP_KEY.matcher(value).replaceAll(REDACTED);
            safe.put(name, kept.length() > MAX_PARAM ? kept.substring(0, MAX_PARAM) + "...(cut)" : kept);
        });
        return safe;
    }

    private static String json(Map<String, String> params) {
        StringBuilder json = new StringBuilder("{");
        params.forEach((name, value) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append(quote(name)).append(':').append(quote(value));
        });
        return json.append('}').toString();
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
