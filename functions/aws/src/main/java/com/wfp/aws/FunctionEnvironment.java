package com.wfp.aws;

import com.wfp.workflow.error.DomainException;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A Lambda function's configuration, read from its environment once at init. A missing or
 * malformed variable fails the init with a message naming the function and the variable, so a
 * misconfigured function never answers a request.
 */
final class FunctionEnvironment {

    private final String function;
    private final Map<String, String> variables;

    /**
     * @param function how messages name the function, such as "route"
     */
    FunctionEnvironment(String function, Map<String, String> variables) {
        this.function = function;
        this.variables = Map.copyOf(variables);
    }

    /** The same variables, named for another function. */
    FunctionEnvironment named(String otherFunction) {
        return new FunctionEnvironment(otherFunction, variables);
    }

    String function() {
        return function;
    }

    /**
     * @param what what the variable holds, for the message
     * @throws DomainException 500 {@code config.missing} naming the variable
     */
    String required(String name, String what) {
        String value = variables.get(name);
        if (value == null || value.isBlank()) {
            throw new DomainException("config.missing", 500,
                    "The " + function + " function has no " + name + " (" + what + ")",
                    "Deploy it with the CDK stack (infra-cdk), which sets " + name
                            + ", or set it in the function's configuration.");
        }
        return value.strip();
    }

    /** The variable's value, or null when it is not set. */
    String optional(String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** A comma-separated required list. */
    List<String> requiredList(String name, String what) {
        return Arrays.stream(required(name, what).split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * A whole number from {@code min} to {@code max}, {@code defaultValue} when not set.
     *
     * @throws DomainException 500 {@code config.invalid} naming the variable
     */
    long number(String name, long defaultValue, long min, long max) {
        String text = optional(name);
        if (text == null) {
            return defaultValue;
        }
        try {
            long value = Long.parseLong(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // Reported below.
        }
        throw new DomainException("config.invalid", 500,
                "The " + function + " function's " + name + " is '" + text + "', not a number from " + min + " to " + max,
                "Set " + name + " to a number from " + min + " to " + max + ", or remove it for the default "
                        + defaultValue + ".");
    }
}
