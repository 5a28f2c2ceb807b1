package io.verdict.rule;

import java.util.List;

/**
 * A Kibana exception item attached to a rule: the alert is suppressed when every entry holds (and, with
 * {@code osTypes}, the event's {@code host.os.type} or {@code host.os.name.caseless} is one of them).
 * Any one item of a rule suppresses.
 */
public record ExceptionItem(String itemId, String name, String description, List<String> osTypes,
                            List<String> tags, List<ExceptionEntry> entries) {

    public ExceptionItem {
        osTypes = List.copyOf(osTypes);
        tags = List.copyOf(tags);
        entries = List.copyOf(entries);
    }
}
