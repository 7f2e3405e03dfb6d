package com.wfp.platform.telemetry;

/**
 * What went wrong in a failed execution, as stored for error tracking. Everything here was masked
 * before it left the pod: secret values and the input fields the workflow marks sensitive read
 * {@code ***}.
 *
 * @param nodeId     the node that failed, or null when the execution failed outside any node
 *                   (a timeout, no respond node reached)
 * @param code       the stable error code, such as {@code http.timeout} or {@code workflow.failed}
 * @param type       the exception class that carried the error, when the engine threw one; else empty
 * @param message    what happened
 * @param stackTrace where the engine threw, when it did; else empty
 * @param input      the execution's input as masked JSON text (cut at {@value #MAX_INPUT_CHARS}
 *                   characters), or empty
 */
public record ExecutionFailure(String nodeId, String code, String type, String message, String stackTrace,
                               String input) {

    /** Longest input text kept with a failure. */
    public static final int MAX_INPUT_CHARS = 8192;
    /** Longest message kept. */
    public static final int MAX_MESSAGE_CHARS = 4096;
    /** Longest stack trace kept. */
    public static final int MAX_STACK_TRACE_CHARS = 16384;

    public ExecutionFailure {
        code = code == null || code.isBlank() ? "unknown" : code;
        type = type == null ? "" : type;
        message = cut(message, MAX_MESSAGE_CHARS);
        stackTrace = cut(stackTrace, MAX_STACK_TRACE_CHARS);
        input = cut(input, MAX_INPUT_CHARS);
    }

    private static String cut(String text, int max) {
        if (text == null) {
            return "";
        }
        return text.length() <= max ? text : text.substring(0, max) + "...";
    }
}
