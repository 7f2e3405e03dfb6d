package com.wfp.workflow.model;

/**
 * A directed edge. {@code branch} is null for the default branch, otherwise a branch name valid
 * for the source node's type ({@code true}/{@code false}, a switch case, {@code default},
 * {@code error}).
 */
public record Edge(String from, String to, String branch, int index) {

    public static final String ERROR_BRANCH = "error";

    public String path() {
        return "$.edges[" + index + "]";
    }

    public boolean isError() {
        return ERROR_BRANCH.equals(branch);
    }
}
