package com.wfp.workflow.validation;

import java.util.List;

/**
 * What the designer needs to enable or disable its Publish button: {@code enabled} is false when
 * any error exists, and {@code reasons} says why in plain words, one line per error.
 */
public record Publishability(boolean enabled, List<String> reasons) {

    public Publishability {
        reasons = List.copyOf(reasons);
    }
}
