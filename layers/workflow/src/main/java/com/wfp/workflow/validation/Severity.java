package com.wfp.workflow.validation;

import com.fasterxml.jackson.annotation.JsonValue;

/** How serious a finding is: errors block publishing, warnings are shown but do not. */
public enum Severity {
    ERROR, WARNING;

    @JsonValue
    public String json() {
        return name().toLowerCase();
    }
}
