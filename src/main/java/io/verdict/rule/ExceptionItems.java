package io.verdict.rule;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads exception items from plain data (a Kibana exception-item JSON object, or the {@code [[verdict.exceptions]]}
 * tables of a stored rule) and writes them back in Kibana's field names. Collects every problem of an item, named
 * by where it is ({@code exceptions[0].entries[1].value}). Stateless.
 */
public final class ExceptionItems {

    /** Item ids end up in stored files and URLs: the same safe alphabet as rule ids. */
    public static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private static final Set<String> OS_TYPES = Set.of("windows", "linux", "macos");

    private ExceptionItems() {}

    /** The item at {@code where}, or empty with {@code problems} filled. A missing item_id is left null. */
    public static Optional<ExceptionItem> read(Object plain, String where, List<String> problems) {
        if (!(plain instanceof Map<?, ?> map)) {
            problems.add(where + " must be an object");
            return Optional.empty();
        }
        int before = problems.size();
        String itemId = string(map.get("item_id"));
        if (itemId != null && !SAFE_ID.matcher(itemId).matches()) {
            problems.add(
                    where + ".item_id must be 1 to 128 letters, digits, '.', '_' or '-', found \"" + itemId + "\"");
        }
        String name = string(map.get("name"));
        List<String> osTypes = strings(map.get("os_types"), where + ".os_types", problems);
        for (String os : osTypes) {
            if (!OS_TYPES.contains(os)) {
                problems.add(where + ".os_types must hold windows, linux or macos, found \"" + os + "\"");
            }
        }
        List<ExceptionEntry> entries = entries(map.get("entries"), where + ".entries", false, problems);
        Instant expires = null;
        if (map.get("expire_time") != null) {
            try {
                expires = OffsetDateTime.parse(String.valueOf(map.get("expire_time")))
                        .toInstant();
            } catch (DateTimeParseException e) {
                problems.add(where + ".expire_time must be a date and time such as 2026-12-31T00:00:00Z, found "
                        + describe(map.get("expire_time")));
            }
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new ExceptionItem(
                itemId,
                name == null ? "exception" : name,
                string(map.get("description")),
                osTypes,
                strings(map.get("tags"), where + ".tags", problems),
                entries,
                expires));
    }

    private static List<ExceptionEntry> entries(Object plain, String where, boolean nested, List<String> problems) {
        if (!(plain instanceof List<?> list) || list.isEmpty()) {
            problems.add(where + " must be a non-empty list of entries");
            return List.of();
        }
        List<ExceptionEntry> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            entry(list.get(i), where + "[" + i + "]", nested, problems).ifPresent(out::add);
        }
        return out;
    }

    private static Optional<ExceptionEntry> entry(Object plain, String where, boolean nested, List<String> problems) {
        if (!(plain instanceof Map<?, ?> map)) {
            problems.add(where + " must be an object");
            return Optional.empty();
        }
        String field = string(map.get("field"));
        if (field == null || field.isBlank()) {
            problems.add(where + ".field is required");
        }
        ExceptionEntry.Type type = enumOf(
                        ExceptionEntry.Type.values(), string(map.get("type")), ExceptionEntry.Type::id)
                .orElse(null);
        if (type == null) {
            problems.add(where + ".type must be one of match, match_any, wildcard, exists, nested, found "
                    + describe(map.get("type")));
            return Optional.empty();
        }
        if (type == ExceptionEntry.Type.LIST) {
            problems.add(
                    where + ": value-list entries (type list) need Kibana's value lists, which Verdict does not hold");
            return Optional.empty();
        }
        if (type == ExceptionEntry.Type.NESTED) {
            if (nested) {
                problems.add(where + ": a nested entry cannot hold another nested entry");
                return Optional.empty();
            }
            List<ExceptionEntry> inner = entries(map.get("entries"), where + ".entries", true, problems);
            return Optional.of(new ExceptionEntry(field, ExceptionEntry.Operator.INCLUDED, type, List.of(), inner));
        }
        ExceptionEntry.Operator operator = enumOf(
                        ExceptionEntry.Operator.values(), string(map.get("operator")), ExceptionEntry.Operator::id)
                .orElse(null);
        if (operator == null) {
            problems.add(where + ".operator must be included or excluded, found " + describe(map.get("operator")));
        }
        List<String> values = switch (type) {
            case EXISTS -> List.of();
            case MATCH_ANY -> strings(map.get("value"), where + ".value", problems);
            default -> {
                Object value = map.get("value");
                if (!(value instanceof String) && !(value instanceof Number) && !(value instanceof Boolean)) {
                    problems.add(
                            where + ".value must be a string for a " + type.id() + " entry, found " + describe(value));
                    yield List.of();
                }
                yield List.of(String.valueOf(value));
            }
        };
        if (type != ExceptionEntry.Type.EXISTS
                && (values.isEmpty() || values.stream().anyMatch(String::isEmpty))) {
            problems.add(where + ".value must not be empty");
        }
        if (field == null || operator == null) {
            return Optional.empty();
        }
        return Optional.of(new ExceptionEntry(field, operator, type, values, List.of()));
    }

    /** The item in Kibana's exception-item fields (without list bookkeeping). */
    public static Map<String, Object> toPlain(ExceptionItem item) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("item_id", item.itemId());
        out.put("name", item.name());
        if (item.description() != null) {
            out.put("description", item.description());
        }
        out.put("os_types", item.osTypes());
        out.put("tags", item.tags());
        out.put("entries", item.entries().stream().map(ExceptionItems::toPlain).toList());
        if (item.expireTime() != null) {
            out.put("expire_time", item.expireTime().toString());
        }
        return out;
    }

    private static Map<String, Object> toPlain(ExceptionEntry entry) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("field", entry.field());
        out.put("type", entry.type().id());
        if (entry.type() == ExceptionEntry.Type.NESTED) {
            out.put(
                    "entries",
                    entry.entries().stream().map(ExceptionItems::toPlain).toList());
            return out;
        }
        out.put("operator", entry.operator().id());
        if (entry.type() == ExceptionEntry.Type.MATCH_ANY) {
            out.put("value", entry.values());
        } else if (entry.type() != ExceptionEntry.Type.EXISTS) {
            out.put("value", entry.values().get(0));
        }
        return out;
    }

    private static <E> Optional<E> enumOf(E[] values, String id, java.util.function.Function<E, String> idOf) {
        if (id == null) {
            return Optional.empty();
        }
        String wanted = id.toLowerCase(Locale.ROOT);
        for (E value : values) {
            if (idOf.apply(value).equals(wanted)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    private static String string(Object value) {
        return value instanceof String s ? s : null;
    }

    private static List<String> strings(Object value, String where, List<String> problems) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            problems.add(where + " must be a list of strings, found " + describe(value));
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Object element : list) {
            if (element instanceof String || element instanceof Number || element instanceof Boolean) {
                out.add(String.valueOf(element));
            } else {
                problems.add(where + " must be a list of strings, found " + describe(element) + " in it");
            }
        }
        return out;
    }

    private static String describe(Object value) {
        return value == null ? "nothing" : value instanceof String s ? "\"" + s + "\"" : value.toString();
    }
}
