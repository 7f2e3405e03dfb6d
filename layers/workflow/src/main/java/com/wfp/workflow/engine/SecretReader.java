package com.wfp.workflow.engine;

import com.wfp.workflow.error.DomainException;
import com.wfp.workflow.expression.SecretFunction;

import java.util.Optional;
import java.util.Set;

/** {@code $secret('name')} for one execution: reads declared credentials only, and registers each value for redaction. */
final class SecretReader implements SecretFunction {

    private final SecretProvider provider;
    private final Set<String> declared;
    private final Redactor redactor;

    SecretReader(SecretProvider provider, Set<String> declared, Redactor redactor) {
        this.provider = provider;
        this.declared = declared;
        this.redactor = redactor;
    }

    @Override
    public String secret(String name) {
        if (name == null || !declared.contains(name)) {
            throw new DomainException("secret.undeclared", 500,
                    "The workflow reads the secret '" + name + "' but does not declare it in \"credentials\"",
                    "Declare it: \"credentials\": [{\"name\": \"" + name + "\", \"type\": \"bearer\"}], then publish again.");
        }
        Optional<String> value = provider.secret(name);
        if (value.isEmpty()) {
            throw new DomainException("secret.missing", 500,
                    "The secret '" + name + "' has no value for this release",
                    "Set it in the release's project (wfp secrets set " + name + " --project USER/PROJECT), then"
                            + " publish again or restart the pod so the release is loaded with it.");
        }
        redactor.add(value.get());
        return value.get();
    }
}
