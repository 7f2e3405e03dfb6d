package com.wfp.workflow.model;

import com.wfp.workflow.error.DomainException;

/**
 * The document could not be read as a format-1 workflow at all: invalid JSON (with line and
 * column), a structural error (with the JSON path of the offending value) or a limit exceeded.
 * Problems that still leave a usable model are validation findings, not this exception.
 */
public final class WorkflowParseException extends DomainException {

    private final String jsonPath;
    private final int line;
    private final int column;

    private WorkflowParseException(String code, int status, String message, String hint,
                                   String jsonPath, int line, int column, Throwable cause) {
        super(code, status, message, hint, cause);
        this.jsonPath = jsonPath;
        this.line = line;
        this.column = column;
    }

    static WorkflowParseException syntax(String message, int line, int column, Throwable cause) {
        return new WorkflowParseException("parse.syntax", 400,
                "Invalid JSON at line " + line + ", column " + column + ": " + message,
                "Fix the JSON syntax at that position (a missing comma, quote or bracket is the usual cause).",
                null, line, column, cause);
    }

    static WorkflowParseException structure(String jsonPath, String message, String hint) {
        return new WorkflowParseException("parse.structure", 400, message + " (at " + jsonPath + ")", hint,
                jsonPath, -1, -1, null);
    }

    static WorkflowParseException limit(String limitName, String message, String hint, String jsonPath) {
        return new WorkflowParseException("parse.limit." + limitName, 413, message, hint, jsonPath, -1, -1, null);
    }

    static WorkflowParseException encoding(String message, Throwable cause) {
        return new WorkflowParseException("parse.encoding", 400, message,
                "Send the workflow as UTF-8 encoded JSON.", null, -1, -1, cause);
    }

    /** JSON path of the offending value ({@code $.nodes[2].id}), or null for syntax errors. */
    public String jsonPath() {
        return jsonPath;
    }

    /** 1-based line of a syntax error, or -1. */
    public int line() {
        return line;
    }

    /** 1-based column of a syntax error, or -1. */
    public int column() {
        return column;
    }
}
