package io.verdict.engine;

import io.verdict.event.Event;
import io.verdict.event.FieldPath;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Kibana's alert reason: {@code process event with process rclone.exe, parent process cmd.exe, by bob on host1
 * created medium alert Rclone Exfiltration.} Each part appears only when its field has a value; the word "with"
 * only when a process, parent, file, source or destination part does; a port follows its address after a colon,
 * and each of these parts ends with a comma ({@code source 10.0.1.20:46004, destination 213.211.198.62:80, by bob}).
 * Kibana reads these fields as its search returns them (every value in an array), so a number such as a port shows
 * as its text; an empty string and a lone {@code "-"} count as no value.
 */
final class ReasonSentence {

    private static final FieldPath CATEGORY = FieldPath.of("event.category");
    private static final FieldPath PROCESS = FieldPath.of("process.name");
    private static final FieldPath PARENT = FieldPath.of("process.parent.name");
    private static final FieldPath FILE = FieldPath.of("file.name");
    private static final FieldPath SOURCE_IP = FieldPath.of("source.ip");
    private static final FieldPath SOURCE_PORT = FieldPath.of("source.port");
    private static final FieldPath DESTINATION_IP = FieldPath.of("destination.ip");
    private static final FieldPath DESTINATION_PORT = FieldPath.of("destination.port");
    private static final FieldPath USER = FieldPath.of("user.name");
    private static final FieldPath HOST = FieldPath.of("host.name");

    private ReasonSentence() {}

    static String of(Event event, String severity, String ruleName) {
        String category = text(event, CATEGORY);
        String process = text(event, PROCESS);
        String parent = text(event, PARENT);
        String file = text(event, FILE);
        String sourceIp = text(event, SOURCE_IP);
        String sourcePort = text(event, SOURCE_PORT);
        String destinationIp = text(event, DESTINATION_IP);
        String destinationPort = text(event, DESTINATION_PORT);
        String user = text(event, USER);
        String host = text(event, HOST);
        boolean ofInterest = process != null
                || parent != null
                || file != null
                || sourceIp != null
                || sourcePort != null
                || destinationIp != null
                || destinationPort != null;

        StringBuilder out = new StringBuilder(160);
        if (category != null) {
            out.append(category).append(' ');
        }
        out.append("event");
        if (ofInterest) {
            out.append(" with");
        }
        part(out, " process ", process, ",");
        part(out, " parent process ", parent, ",");
        part(out, " file ", file, ",");
        part(out, " source ", sourceIp, "");
        part(out, ":", sourcePort, ",");
        part(out, " destination ", destinationIp, "");
        part(out, ":", destinationPort, ",");
        part(out, " by ", user, "");
        part(out, " on ", host, "");
        return out.append(" created ")
                .append(severity)
                .append(" alert ")
                .append(ruleName)
                .append('.')
                .toString();
    }

    private static void part(StringBuilder out, String before, String value, String after) {
        if (value != null) {
            out.append(before).append(value).append(after);
        }
    }

    /** The field as Kibana's template shows it: array values joined with ", ", a number as its text. */
    private static String text(Event event, FieldPath path) {
        List<JsonNode> found = event.values(path);
        if (found.isEmpty()) {
            return null;
        }
        if (found.size() == 1 && !event.writtenAsArray(path)) {
            JsonNode only = found.get(0);
            if (only.isNumber()) {
                return only.asString();
            }
            boolean shown = only.isString()
                    && !only.stringValue().isEmpty()
                    && !only.stringValue().equals("-");
            return shown ? only.stringValue() : null;
        }
        if (found.size() == 1 && found.get(0).asString().equals("-")) {
            return null;
        }
        List<String> parts = new ArrayList<>(found.size());
        found.forEach(v -> parts.add(v.asString()));
        return String.join(", ", parts);
    }
}
