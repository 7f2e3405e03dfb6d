package com.wfp.platform.deployment;

import com.wfp.platform.release.InputRules;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.wfp.workflow.error.DomainException;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** The unique, URL-safe id of one publish attempt, such as {@code dep-9a1c0e5b7f2d4c3a8e6b1d0f}. */
public record DeploymentId(@JsonValue String value) {

    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,79}");
    private static final SecureRandom RANDOM = new SecureRandom();

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public DeploymentId {
        InputRules.required("deployment id", value);
        if (!FORMAT.matcher(value).matches()) {
            throw DomainException.badRequest("input.invalid-deployment-id",
                    "'" + value.substring(0, Math.min(80, value.length())) + "' is not a deployment id",
                    "Use the id returned by publish, such as 'dep-9a1c0e5b7f2d4c3a8e6b1d0f'.");
        }
    }

    /** A fresh random id. */
    public static DeploymentId newId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return new DeploymentId("dep-" + HexFormat.of().formatHex(bytes));
    }

    @Override
    public String toString() {
        return value;
    }
}
