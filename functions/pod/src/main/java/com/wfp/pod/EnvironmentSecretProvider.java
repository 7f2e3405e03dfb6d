package com.wfp.pod;

import com.wfp.workflow.engine.SecretProvider;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code $secret('name')} from the environment variable {@code WFP_SECRET_<NAME>} (upper case,
 * anything but letters and digits as underscores). On Fargate the task definition injects these from
 * Secrets Manager; locally the platform sets them on the child process. Values are never logged.
 */
public final class EnvironmentSecretProvider implements SecretProvider {

    private final Map<String, String> environment;

    public EnvironmentSecretProvider(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** The environment variable that holds the named secret. */
    public static String variableFor(String name) {
        return "WFP_SECRET_" + name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    @Override
    public Optional<String> secret(String name) {
        return Optional.ofNullable(environment.get(variableFor(name)));
    }
}
