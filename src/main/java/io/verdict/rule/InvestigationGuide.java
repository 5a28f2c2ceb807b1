package io.verdict.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The investigation guide ({@code note}) with its {@code $osquery_N} / {@code $investigate_N} placeholders rendered
 * as readable one-line text. Kibana renders them as buttons through a Markdown plugin; an API client has no such
 * plugin, so each becomes the query the button would have run, kept on one line so that bullet lists stay intact.
 */
public final class InvestigationGuide {

    private static final Pattern TEMPLATE = Pattern.compile("\\{\\{([^{}]+)}}");

    private InvestigationGuide() {}

    /** The note with placeholders rendered; {@code {{field}}} templates are left as written. */
    public static String render(Rule rule) {
        return render(rule, field -> Optional.empty());
    }

    /** The note with placeholders rendered, filling {@code {{field}}} templates from {@code values} where it can. */
    public static String render(Rule rule, Function<String, Optional<String>> values) {
        return template(rule).render(values);
    }

    /**
     * The note split once at its placeholders, to be rendered per alert without searching the note again (notes
     * run to kilobytes; a rule alerting often would scan its note each time).
     */
    public static Template template(Rule rule) {
        String note = rule.note();
        if (note == null || rule.transform().isEmpty() && note.indexOf('$') < 0) {
            return new Template(rule, note, List.of(), List.of());
        }
        List<String> texts = new ArrayList<>();
        List<Placeholder> placeholders = placeholders(note);
        int at = 0;
        for (Placeholder p : placeholders) {
            texts.add(note.substring(at, p.start()));
            at = p.end();
        }
        texts.add(note.substring(at));
        return new Template(rule, note, texts, placeholders);
    }

    /**
     * One {@code $osquery_N} or {@code $investigate_N} in a note, at {@code start} to {@code end}; {@code index} is
     * N, or {@link Integer#MAX_VALUE} (no such entry) when N does not fit an int.
     */
    record Placeholder(int start, int end, boolean osquery, int index) {}

    /**
     * Every placeholder of the note, left to right, as the regex {@code \$(osquery|investigate)_(\d+)} finds them.
     * A scan instead of that regex: it runs for every note of the corpus while the rules are compiled at start-up,
     * when regex matching still runs in the interpreter.
     */
    static List<Placeholder> placeholders(String note) {
        List<Placeholder> found = new ArrayList<>();
        for (int at = note.indexOf('$'); at >= 0; ) {
            boolean osquery = note.startsWith("osquery_", at + 1);
            int digits = osquery ? at + 9 : note.startsWith("investigate_", at + 1) ? at + 13 : -1;
            int end = digits;
            while (end > 0 && end < note.length() && note.charAt(end) >= '0' && note.charAt(end) <= '9') {
                end++;
            }
            if (end > digits && digits > 0) {
                found.add(new Placeholder(at, end, osquery, index(note, digits, end)));
                at = note.indexOf('$', end);
            } else {
                at = note.indexOf('$', at + 1);
            }
        }
        return found;
    }

    private static int index(String note, int from, int to) {
        long value = 0;
        for (int i = from; i < to; i++) {
            value = Math.min(Integer.MAX_VALUE, value * 10 + note.charAt(i) - '0');
        }
        return (int) value;
    }

    /**
     * A note ready to render: its pieces in order, each a text or a placeholder whose rendering depends on the event
     * (its query has {@code {{field}}} templates). A placeholder that does not is rendered once, here, and joined
     * with the texts around it, so a note whose placeholders are all fixed is one constant text, the same for
     * every alert (and escaped for JSON once, see {@link #constant}).
     */
    public static final class Template {

        private final Rule rule;
        /** Strings and {@link Placeholder}s, no two strings adjacent; null when the note is constant. */
        private final Object[] pieces;

        private final String constant;

        private Template(Rule rule, String note, List<String> texts, List<Placeholder> placeholders) {
            this.rule = rule;
            List<Object> joined = new ArrayList<>();
            StringBuilder text = new StringBuilder(texts.isEmpty() ? note == null ? "" : note : texts.get(0));
            for (int i = 0; i < placeholders.size(); i++) {
                Placeholder p = placeholders.get(i);
                boolean[] consulted = {false};
                String fixed = render(note, p, field -> {
                    consulted[0] = true;
                    return Optional.empty();
                });
                if (consulted[0]) {
                    joined.add(text.toString());
                    joined.add(p);
                    text.setLength(0);
                } else {
                    text.append(fixed);
                }
                text.append(texts.get(i + 1));
            }
            boolean fixedNote = joined.isEmpty();
            this.constant = note == null ? null : fixedNote ? (placeholders.isEmpty() ? note : text.toString()) : null;
            if (!fixedNote) {
                joined.add(text.toString());
            }
            this.pieces = fixedNote ? null : joined.toArray();
        }

        /**
         * The rendered note when it is the same for every alert (no placeholder, or none that reads the event);
         * null otherwise. {@link #render} returns this very instance then.
         */
        public String constant() {
            return constant;
        }

        /** The note with each placeholder rendered, {@code {{field}}} templates filled from {@code values}. */
        public String render(Function<String, Optional<String>> values) {
            if (pieces == null) {
                return constant;
            }
            String[] rendered = new String[pieces.length];
            int length = 0;
            for (int i = 0; i < pieces.length; i++) {
                rendered[i] = pieces[i] instanceof String text ? text : render(null, (Placeholder) pieces[i], values);
                length += rendered[i].length();
            }
            // sized once: a note runs to kilobytes, and growing the builder copied it per alert
            StringBuilder out = new StringBuilder(length);
            for (String piece : rendered) {
                out.append(piece);
            }
            return out.toString();
        }

        /** One placeholder; as written (from {@code note}, or rebuilt) when it names no entry. */
        private String render(String note, Placeholder p, Function<String, Optional<String>> values) {
            String rendered = p.osquery()
                    ? osquery(rule.transform().osquery(), p.index(), values)
                    : investigate(rule.transform().investigate(), p.index(), values);
            if (rendered != null) {
                return rendered;
            }
            return note != null
                    ? note.substring(p.start(), p.end())
                    : (p.osquery() ? "$osquery_" : "$investigate_") + p.index();
        }
    }

    /** Warns about placeholders that name no transform entry. */
    static void check(String note, Transform transform, TomlFields rule) {
        if (note == null) {
            return;
        }
        for (Placeholder p : placeholders(note)) {
            int size = p.osquery()
                    ? transform.osquery().size()
                    : transform.investigate().size();
            if (p.index() >= size) {
                rule.warning(
                        "note",
                        "the note refers to " + note.substring(p.start(), p.end()) + " but [transform] has "
                                + size + " " + (p.osquery() ? "osquery" : "investigate") + " entr"
                                + (size == 1 ? "y" : "ies")
                                + "; it is left as written");
            }
        }
    }

    private static String osquery(
            List<Transform.Osquery> entries, int index, Function<String, Optional<String>> values) {
        if (index >= entries.size()) {
            return null;
        }
        Transform.Osquery o = entries.get(index);
        return "[Osquery: " + o.label() + "] `"
                + fill(o.query(), values).replace('\n', ' ').strip() + "`";
    }

    private static String investigate(
            List<Transform.Investigate> entries, int index, Function<String, Optional<String>> values) {
        if (index >= entries.size()) {
            return null;
        }
        Transform.Investigate i = entries.get(index);
        String query = i.providers().stream()
                .map(group -> group.stream().map(p -> condition(p, values)).collect(Collectors.joining(" and ")))
                .map(group -> i.providers().size() > 1 ? "(" + group + ")" : group)
                .collect(Collectors.joining(" or "));
        StringBuilder out = new StringBuilder("[Investigate: ")
                .append(i.label())
                .append("] `")
                .append(query)
                .append('`');
        if (i.relativeFrom() != null) {
            out.append(" from ")
                    .append(i.relativeFrom())
                    .append(" to ")
                    .append(i.relativeTo() == null ? "now" : i.relativeTo());
        }
        return out.toString();
    }

    private static String condition(Transform.Provider p, Function<String, Optional<String>> values) {
        String value = fill(p.value() == null ? "" : p.value(), values);
        String quoted = "boolean".equals(p.valueType())
                ? value
                : "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        return (p.excluded() ? "not " : "") + p.field() + ": " + quoted;
    }

    private static String fill(String text, Function<String, Optional<String>> values) {
        Matcher m = TEMPLATE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String field = m.group(1).strip();
            m.appendReplacement(
                    out, Matcher.quoteReplacement(values.apply(field).orElse(m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }
}
