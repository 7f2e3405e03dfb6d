package com.wfp.platform.release;

import com.wfp.workflow.error.DomainException;

/**
 * The input rules every publishing value obeys, checked in the values' constructors so that no
 * invalid slug, version name or note can enter the domain. Each rule throws a 400
 * {@link DomainException} whose hint says what a valid value looks like.
 */
public final class InputRules {

    /** Longest release note accepted. */
    public static final int MAX_NOTES_LENGTH = 10_000;
    /** Longest user id (the {@code by} of every record). */
    public static final int MAX_USER_ID_LENGTH = 128;

    private static final int MAX_SLUG_LENGTH = 64;
    private static final int MAX_VERSION_NAME_LENGTH = 64;

    private InputRules() {
    }

    /** A user, project, workflow or node id: {@code [a-z0-9][a-z0-9-]{0,63}}. */
    public static String slug(String field, String value) {
        required(field, value);
        if (!isSlug(value)) {
            throw DomainException.badRequest("input.invalid-slug",
                    "The " + field + " '" + abbreviate(value) + "' is not a valid slug",
                    "Use 1 to 64 lower-case letters, digits and dashes, starting with a letter or digit, such as 'order-intake'.");
        }
        return value;
    }

    /** A release's version name: 1 to 64 characters of {@code [A-Za-z0-9._-]}, not only dots. */
    public static String versionName(String value) {
        required("version name", value);
        if (!value.isEmpty() && value.chars().allMatch(c -> c == '.')) {
            // A pinned URL ends in /v/{version}; '.' and '..' there are removed or climb a segment.
            throw DomainException.badRequest("input.invalid-version-name",
                    "The version name '" + abbreviate(value) + "' is only dots, which a pinned URL cannot carry",
                    "Use a name with a letter or digit, such as 'v1.0.0'.");
        }
        if (!isVersionName(value)) {
            throw DomainException.badRequest("input.invalid-version-name",
                    "The version name '" + abbreviate(value) + "' is not valid",
                    "Use 1 to 64 letters, digits, dots, dashes or underscores, such as 'v1.0.0' or 'Production-Release-Jan2024'.");
        }
        return value;
    }

    /** Release notes: optional (null becomes empty), at most {@value #MAX_NOTES_LENGTH} characters. */
    public static String notes(String value) {
        if (value == null) {
            return "";
        }
        if (value.length() > MAX_NOTES_LENGTH) {
            throw DomainException.badRequest("input.notes-too-long",
                    "The release notes are " + value.length() + " characters long; the limit is " + MAX_NOTES_LENGTH,
                    "Shorten the notes to at most " + MAX_NOTES_LENGTH + " characters or link to a longer changelog.");
        }
        return value;
    }

    /** The id of the user who did something: non-blank, at most {@value #MAX_USER_ID_LENGTH} characters. */
    public static String userId(String field, String value) {
        required(field, value);
        if (value.isBlank() || value.length() > MAX_USER_ID_LENGTH) {
            throw DomainException.badRequest("input.invalid-user",
                    "The " + field + " must be a non-blank user id of at most " + MAX_USER_ID_LENGTH + " characters",
                    "Send the id of the signed-in user.");
        }
        return value;
    }

    // Scans rather than regular expressions: every production call builds its workflow's reference and release
    // id, and matching the patterns was a measurable share of the gateway's time per call.

    /** {@code [a-z0-9][a-z0-9-]{0,63}}. */
    static boolean isSlug(String value) {
        int length = value.length();
        if (length == 0 || length > MAX_SLUG_LENGTH || value.charAt(0) == '-') {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** {@code [A-Za-z0-9._-]{1,64}}. */
    static boolean isVersionName(String value) {
        int length = value.length();
        if (length == 0 || length > MAX_VERSION_NAME_LENGTH) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (!(isAsciiLetterOrDigit(c) || c == '.' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** {@code [A-Za-z0-9]}: ASCII only, unlike {@link Character#isLetterOrDigit}. */
    public static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** A value that must be present. */
    public static <T> T required(String field, T value) {
        if (value == null) {
            throw DomainException.badRequest("input.missing", "The " + field + " is missing",
                    "Provide the " + field + ".");
        }
        return value;
    }

    /** The value as an error message may quote it: at most 80 characters. */
    public static String abbreviate(String value) {
        return value.length() <= 80 ? value : value.substring(0, 77) + "...";
    }
}
