package io.verdict.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The investigation guide ({@code note}) with its {@code $osquery_N} / {@code $investigate_N} placeholders rendered
 * as readable one-line text. Kibana renders them as buttons through a Markdown plugin; an API client has no such
 * plugin, so each becomes the query the button would have run, kept on one line so that bullet lists stay intact.
 */
public final class InvestigationGuide {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$(osquery|investigate)_(\\d+)");
    private static final Pattern TEMPLATE = Pattern.compile("\\{\\{([^{}]+)}}");

    private InvestigationGuide() {
    }

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
        List<MatchResult> placeholders = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(note);
        int at = 0;
        while (m.find()) {
            texts.add(note.substring(at, m.start()));
            placeholders.add(m.toMatchResult());
            at = m.end();
        }
        texts.add(note.substring(at));
        return new Template(rule, note, texts, placeholders);
    }

    /** A note ready to render: {@code texts} around {@code placeholders} (one text more than placeholders). */
    public static final class Template {

        private final Rule rule;
        private final String note;
        private final List<String> texts;
        private final List<MatchResult> placeholders;

        private Template(Rule rule, String note, List<String> texts, List<MatchResult> placeholders) {
            this.rule = rule;
            this.note = note;
            this.texts = List.copyOf(texts);
            this.placeholders = List.copyOf(placeholders);
        }

        /** The note with each placeholder rendered, {@code {{field}}} templates filled from {@code values}. */
        public String render(Function<String, Optional<String>> values) {
            if (placeholders.isEmpty()) {
                return note;
            }
            StringBuilder out = new StringBuilder(note.length() + 256).append(texts.get(0));
            for (int i = 0; i < placeholders.size(); i++) {
                MatchResult m = placeholders.get(i);
                int index = Integer.parseInt(m.group(2));
                String rendered = m.group(1).equals("osquery")
                        ? osquery(rule.transform().osquery(), index, values)
                        : investigate(rule.transform().investigate(), index, values);
                out.append(rendered == null ? m.group() : rendered).append(texts.get(i + 1));
            }
            return out.toString();
        }
    }

    /** Warns about placeholders that name no transform entry. */
    static void check(String note, Transform transform, TomlFields rule) {
        if (note == null) {
            return;
        }
        Matcher m = PLACEHOLDER.matcher(note);
        while (m.find()) {
            int index = Integer.parseInt(m.group(2));
            int size = m.group(1).equals("osquery") ? transform.osquery().size() : transform.investigate().size();
            if (index >= size) {
                rule.warning("note", "the note refers to " + m.group() + " but [transform] has " + size + " "
                        + m.group(1) + " entr" + (size == 1 ? "y" : "ies") + "; it is left as written");
            }
        }
    }

    private static String osquery(List<Transform.Osquery> entries, int index, Function<String, Optional<String>> values) {
        if (index >= entries.size()) {
            return null;
        }
        Transform.Osquery o = entries.get(index);
        return "[Osquery: " + o.label() + "] `" + fill(o.query(), values).replace('\n', ' ').strip() + "`";
    }

    private static String investigate(List<Transform.Investigate> entries, int index,
                                      Function<String, Optional<String>> values) {
        if (index >= entries.size()) {
            return null;
        }
        Transform.Investigate i = entries.get(index);
        String query = i.providers().stream()
                .map(group -> group.stream().map(p -> condition(p, values)).collect(Collectors.joining(" and ")))
                .map(group -> i.providers().size() > 1 ? "(" + group + ")" : group)
                .collect(Collectors.joining(" or "));
        StringBuilder out = new StringBuilder("[Investigate: ").append(i.label()).append("] `").append(query).append('`');
        if (i.relativeFrom() != null) {
            out.append(" from ").append(i.relativeFrom()).append(" to ").append(i.relativeTo() == null ? "now" : i.relativeTo());
        }
        return out.toString();
    }

    private static String condition(Transform.Provider p, Function<String, Optional<String>> values) {
        String value = fill(p.value() == null ? "" : p.value(), values);
        String quoted = "boolean".equals(p.valueType()) ? value : "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        return (p.excluded() ? "not " : "") + p.field() + ": " + quoted;
    }

    private static String fill(String text, Function<String, Optional<String>> values) {
        Matcher m = TEMPLATE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String field = m.group(1).strip();
            m.appendReplacement(out, Matcher.quoteReplacement(values.apply(field).orElse(m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }
}
