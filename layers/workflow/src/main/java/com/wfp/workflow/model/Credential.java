package com.wfp.workflow.model;

/** A credential the workflow reads at run time with {@code $secret('name')}; never its value. */
public record Credential(String name, String type, int index) {

    public String path() {
        return "$.credentials[" + index + "]";
    }
}
