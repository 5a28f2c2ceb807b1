package io.verdict.kql;

/** Every message the KQL stages report, in one place so tests can assert codes and positions, not prose. */
enum KqlMessage {
    UNTERMINATED_STRING("unterminated quoted string"),
    BAD_ESCAPE(
            "invalid escape '\\%s' in an unquoted value (quote the value, or escape only \\\\ ( ) : < > \" * { } or a keyword)"),
    EXPECTED("expected %s but found %s"),
    EMPTY_FIELD("empty field name"),
    NULL_VALUE("null is not a value KQL can search for; use 'not %s:*' for a missing field"),
    NESTED_WILDCARD_PATH("a nested path cannot hold a wildcard: %s"),
    RANGE_WILDCARD("a range bound cannot hold a wildcard: %s"),
    BAD_NUMBER("%s is a %s field and '%s' is not a number"),
    BAD_DATE("%s is a date field and '%s' is not a date or date-math expression"),
    BAD_BOOLEAN("%s is a boolean field and '%s' is neither true nor false"),
    BAD_IP("%s is an ip field and '%s' is neither an IP address nor a CIDR block"),
    WILDCARD_TYPE("%s is a %s field; wildcards apply only to keyword and text fields: %s");

    private final String template;

    KqlMessage(String template) {
        this.template = template;
    }

    String format(Object... args) {
        return args.length == 0 ? template : String.format(template, args);
    }
}
