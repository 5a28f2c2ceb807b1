package io.verdict.engine.threat;

import io.verdict.event.Event;

/** Whether an event and an indicator match through one mapping group, entry by entry. */
final class Groups {

    private Groups() {}

    /**
     * Per entry of the group, the value the event and the indicator share (null for a negated entry), when every
     * entry holds: each positive entry has a value in common (arrays: any element), each negated one none. The
     * group's key is known to share {@code keyValue}. Null when the group does not match.
     */
    static String[] atomics(MappingGroup group, Event event, Indicator indicator, String keyValue) {
        var entries = group.entries();
        String[] atomics = new String[entries.size()];
        for (int e = 0; e < entries.size(); e++) {
            MappingEntry entry = entries.get(e);
            if (entry == group.key()) {
                atomics[e] = keyValue;
                continue;
            }
            String[] wanted = indicator.values(entry.indicator().name());
            String shared = wanted == null ? null : common(event, entry, wanted);
            if (entry.negate() ? shared != null : shared == null) {
                return null;
            }
            atomics[e] = entry.negate() ? null : shared;
        }
        return atomics;
    }

    private static String common(Event event, MappingEntry entry, String[] wanted) {
        String[] found = new String[1];
        event.anyValue(entry.event(), value -> {
            String text = IndicatorValues.text(value);
            for (String w : wanted) {
                if (w.equals(text)) {
                    found[0] = text;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }
}
