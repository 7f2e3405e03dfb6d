package com.wfp.platform.release;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.wfp.workflow.error.DomainException;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The globally unique, URL-safe id of one immutable release, such as {@code rel-5f0c2a9e81b34d7a6c1e0f92}.
 * Pods serve a release under {@code /run/{releaseId}}.
 */
public record ReleaseId(@JsonValue String value) {

    private static final int MAX_LENGTH = 80;
    private static final SecureRandom RANDOM = new SecureRandom();

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public ReleaseId {
        InputRules.required("release id", value);
        if (!wellFormed(value)) {
            throw DomainException.badRequest("input.invalid-release-id",
                    "'" + InputRules.abbreviate(value) + "' is not a release id",
                    "Use the id returned by publish or listed by the releases call, such as 'rel-5f0c2a9e81b34d7a6c1e0f92'.");
        }
    }

    /** {@code [A-Za-z0-9][A-Za-z0-9_-]{0,79}}, scanned rather than matched: every production call builds one. */
    private static boolean wellFormed(String value) {
        int length = value.length();
        if (length == 0 || length > MAX_LENGTH || !InputRules.isAsciiLetterOrDigit(value.charAt(0))) {
            return false;
        }
        for (int i = 1; i < length; i++) {
            char c = value.charAt(i);
            if (!(InputRules.isAsciiLetterOrDigit(c) || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** A fresh random id. */
    public static ReleaseId newId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return new ReleaseId("rel-" + HexFormat.of().formatHex(bytes));
    }

    @Override
    public String toString() {
        return value;
    }
}
