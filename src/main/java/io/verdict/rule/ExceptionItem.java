package io.verdict.rule;

import java.time.Instant;
import java.util.List;

/**
 * A Kibana exception item attached to a rule: the alert is suppressed when every entry holds (and, with
 * {@code osTypes}, the event's {@code host.os.type} or {@code host.os.name.caseless} is one of them).
 * Any one item of a rule suppresses, until its {@code expireTime} (Kibana's {@code expire_time}), if it has one.
 */
public record ExceptionItem(
        String itemId,
        String name,
        String description,
        List<String> osTypes,
        List<String> tags,
        List<ExceptionEntry> entries,
        Instant expireTime) {

    public ExceptionItem {
        osTypes = List.copyOf(osTypes);
        tags = List.copyOf(tags);
        entries = List.copyOf(entries);
    }

    /** The same item with another expiry (null: none). */
    public ExceptionItem withExpiry(Instant expiry) {
        return new ExceptionItem(itemId, name, description, osTypes, tags, entries, expiry);
    }

    /** The same item under another id. */
    public ExceptionItem withId(String id) {
        return new ExceptionItem(id, name, description, osTypes, tags, entries, expireTime);
    }
}
