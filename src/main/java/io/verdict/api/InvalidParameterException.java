package io.verdict.api;

import java.util.List;

/** A request parameter whose value is not one of those allowed. */
class InvalidParameterException extends RuntimeException {

    private final String parameter;
    private final String value;
    private final List<String> allowed;

    InvalidParameterException(String parameter, String value, List<String> allowed) {
        super("Parameter '" + parameter + "' must be one of " + String.join(", ", allowed) + ", not '" + value + "'.");
        this.parameter = parameter;
        this.value = value;
        this.allowed = List.copyOf(allowed);
    }

    String parameter() {
        return parameter;
    }

    String value() {
        return value;
    }

    List<String> allowed() {
        return allowed;
    }
}
