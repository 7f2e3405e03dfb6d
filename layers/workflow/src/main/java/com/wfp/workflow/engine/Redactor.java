package com.wfp.workflow.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Replaces every secret value an execution has read with {@code ***} in text bound for traces, logs and errors. */
final class Redactor {

    static final String MASK = "***";

    private final List<String> values = new CopyOnWriteArrayList<>();

    void add(String secret) {
        if (secret != null && !secret.isEmpty() && !values.contains(secret)) {
            values.add(secret);
        }
    }

    boolean isEmpty() {
        return values.isEmpty();
    }

    String redact(String text) {
        if (text == null || values.isEmpty()) {
            return text;
        }
        String result = text;
        // Longest first, so that a secret containing another is masked whole.
        List<String> ordered = values.stream().sorted((a, b) -> b.length() - a.length()).toList();
        for (String secret : ordered) {
            result = result.replace(secret, MASK);
        }
        return result;
    }
}
