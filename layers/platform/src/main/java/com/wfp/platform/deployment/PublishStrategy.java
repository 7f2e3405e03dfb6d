package com.wfp.platform.deployment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.wfp.workflow.error.DomainException;

/**
 * How a newly published release receives traffic: all of it, none yet (staged, reachable only by
 * its pinned URL), or a canary percentage with the rest shared by the releases already serving.
 *
 * @param kind          ALL, STAGED or CANARY
 * @param canaryPercent 1 to 99 for CANARY, otherwise 0
 */
public record PublishStrategy(Kind kind, int canaryPercent) {

    /** The strategies. */
    public enum Kind { ALL, STAGED, CANARY }

    public static final PublishStrategy ALL = new PublishStrategy(Kind.ALL, 0);
    public static final PublishStrategy STAGED = new PublishStrategy(Kind.STAGED, 0);

    public PublishStrategy {
        if (kind == null) {
            throw invalid("null");
        }
        if (kind == Kind.CANARY ? canaryPercent < 1 || canaryPercent > 99 : canaryPercent != 0) {
            throw DomainException.badRequest("publish.invalid-strategy",
                    "A canary takes 1 to 99 percent of traffic, got " + canaryPercent,
                    "Choose a canary percentage between 1 and 99, or publish to all traffic or staged.");
        }
    }

    /** A canary that takes {@code percent} of traffic. */
    public static PublishStrategy canary(int percent) {
        return new PublishStrategy(Kind.CANARY, percent);
    }

    /** Reads {@code all}, {@code staged} or {@code canary:N} (case-insensitive). */
    @JsonCreator
    public static PublishStrategy parse(String text) {
        if (text == null) {
            return ALL;
        }
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("all")) {
            return ALL;
        }
        if (t.equals("staged")) {
            return STAGED;
        }
        if (t.startsWith("canary:")) {
            try {
                return canary(Integer.parseInt(t.substring("canary:".length()).trim()));
            } catch (NumberFormatException e) {
                throw invalid(text);
            }
        }
        throw invalid(text);
    }

    /** The text form {@link #parse} reads; also its JSON form. */
    @JsonValue
    public String text() {
        return switch (kind) {
            case ALL -> "all";
            case STAGED -> "staged";
            case CANARY -> "canary:" + canaryPercent;
        };
    }

    @Override
    public String toString() {
        return text();
    }

    private static DomainException invalid(String text) {
        return DomainException.badRequest("publish.invalid-strategy", "'" + text + "' is not a publish strategy",
                "Use 'all', 'staged' or 'canary:N' with N from 1 to 99.");
    }
}
