package com.wfp.workflow.expression;

/**
 * What {@code $secret('name')} calls during an evaluation. Implementations record the values they
 * hand out so that the caller can redact them from errors and traces.
 */
@FunctionalInterface
public interface SecretFunction {

    /**
     * The secret's value.
     *
     * @throws com.wfp.workflow.error.DomainException when the secret is not available
     */
    String secret(String name);
}
