package com.wfp.platform.routing;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.wfp.workflow.error.DomainException;
import com.wfp.workflow.net.http.HttpToken;

import java.util.Locale;

/**
 * How a caller keeps reaching the same release across calls: not at all ({@code off}), by the
 * caller's API key ({@code callerKey}), or by the value of a request header ({@code header:NAME}).
 *
 * @param kind       which rule
 * @param headerName lower-case header name for {@link Kind#HEADER}, otherwise null
 */
public record Stickiness(Kind kind, String headerName) {

    /** The stickiness rules. */
    public enum Kind { OFF, CALLER_KEY, HEADER }

    public static final Stickiness OFF = new Stickiness(Kind.OFF, null);
    public static final Stickiness CALLER_KEY = new Stickiness(Kind.CALLER_KEY, null);

    private static final int MAX_HEADER_NAME_LENGTH = 100;

    public Stickiness {
        if (kind == null) {
            throw invalid(String.valueOf(headerName));
        }
        if (kind == Kind.HEADER) {
            if (headerName == null || headerName.length() > MAX_HEADER_NAME_LENGTH || !HttpToken.matches(headerName)) {
                throw invalid("header:" + headerName);
            }
            headerName = headerName.toLowerCase(Locale.ROOT);
        } else if (headerName != null) {
            throw invalid(kind + " with header " + headerName);
        }
    }

    /** Sticky by the value of this request header. */
    public static Stickiness header(String name) {
        return new Stickiness(Kind.HEADER, name);
    }

    /** Reads {@code off}, {@code callerKey} or {@code header:NAME}. */
    @JsonCreator
    public static Stickiness parse(String text) {
        if (text == null || text.equals("off")) {
            return OFF;
        }
        if (text.equals("callerKey")) {
            return CALLER_KEY;
        }
        if (text.startsWith("header:")) {
            return header(text.substring("header:".length()));
        }
        throw invalid(text);
    }

    /** The text form {@link #parse} reads; also its JSON form. */
    @JsonValue
    public String text() {
        return switch (kind) {
            case OFF -> "off";
            case CALLER_KEY -> "callerKey";
            case HEADER -> "header:" + headerName;
        };
    }

    @Override
    public String toString() {
        return text();
    }

    private static DomainException invalid(String text) {
        return DomainException.badRequest("routing.invalid-stickiness", "'" + text + "' is not a stickiness rule",
                "Use 'off', 'callerKey' or 'header:NAME' with a valid header name, such as 'header:x-customer-id'.");
    }
}
