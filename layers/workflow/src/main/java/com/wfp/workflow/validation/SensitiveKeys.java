package com.wfp.workflow.validation;

/**
 * Which JSON keys name secret values ({@code password}, {@code apiKey}, {@code client_secret},
 * {@code ...Token}): the rule the validator's literal-secret check uses, shared with whoever masks
 * values before they are stored.
 */
public final class SensitiveKeys {

    private SensitiveKeys() {
    }

    /** Whether values under this key are secret by their name alone. */
    public static boolean isSensitive(String key) {
        return key != null && LiteralSecretScanner.isSensitiveKey(key);
    }
}
