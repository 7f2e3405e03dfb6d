package com.wfp.platform.telemetry;

import com.wfp.platform.release.WorkflowRef;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * What makes two failures the same error: the workflow, the node, the error code and the message
 * with its variable parts taken out (quoted values, UUIDs, hex ids, numbers), so that
 * "order 17 not found" and "order 42 not found" fall into one group while another node or another
 * code makes another group.
 *
 * @param value   20 hex characters of the SHA-256 of the parts: the group's id
 * @param pattern the normalised message, such as {@code order <n> not found}
 */
public record ErrorFingerprint(String value, String pattern) {

    private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"|`[^`]*`");
    private static final Pattern UUID = Pattern.compile(
            "\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");
    private static final Pattern HEX_ID = Pattern.compile("\\b(?=[0-9a-fA-F]*[0-9])[0-9a-fA-F]{12,}\\b");
    private static final Pattern NUMBER = Pattern.compile("[-+]?\\d+(?:[.,]\\d+)*");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final int MAX_PATTERN = 300;

    /** The fingerprint of a failure of {@code ref} at {@code nodeId} (null outside any node). */
    public static ErrorFingerprint of(WorkflowRef ref, String nodeId, String code, String message) {
        String pattern = normalise(message);
        String parts = ref.path() + "\n" + (nodeId == null ? "" : nodeId) + "\n" + code + "\n" + pattern;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(parts.getBytes(StandardCharsets.UTF_8));
            return new ErrorFingerprint(HexFormat.of().formatHex(digest, 0, 10), pattern);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }

    /** The message without what varies from one occurrence to the next. */
    public static String normalise(String message) {
        if (message == null) {
            return "";
        }
        String text = message.length() > 2000 ? message.substring(0, 2000) : message;
        // The first line only: later lines are detail (a body, a stack) that varies.
        int newline = text.indexOf('\n');
        if (newline >= 0) {
            text = text.substring(0, newline);
        }
        text = QUOTED.matcher(text).replaceAll("<v>");
        text = UUID.matcher(text).replaceAll("<id>");
        text = HEX_ID.matcher(text).replaceAll("<id>");
        text = NUMBER.matcher(text).replaceAll("<n>");
        text = SPACES.matcher(text).replaceAll(" ").strip();
        return text.length() > MAX_PATTERN ? text.substring(0, MAX_PATTERN) : text;
    }
}
