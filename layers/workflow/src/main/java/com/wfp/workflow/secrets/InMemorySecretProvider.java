package com.wfp.workflow.secrets;

import com.wfp.workflow.engine.SecretProvider;

import java.util.Map;
import java.util.Optional;

/** A {@link SecretProvider} over a fixed map, for dry runs and tests; values never appear in {@link #toString()}. */
public final class InMemorySecretProvider implements SecretProvider {

    private final Map<String, String> values;

    public InMemorySecretProvider(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** A provider with no secrets. */
    public static InMemorySecretProvider empty() {
        return new InMemorySecretProvider(Map.of());
    }

    @Override
    public Optional<String> secret(String name) {
        return Optional.ofNullable(values.get(name));
    }

    @Override
    public String toString() {
        return "InMemorySecretProvider[" + values.size() + " secrets]";
    }
}
