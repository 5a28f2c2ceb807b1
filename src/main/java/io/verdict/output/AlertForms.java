package io.verdict.output;

import io.verdict.engine.KibanaAlerts;

/**
 * A released alert as it goes out: the Verdict alert (with its event only when the request that released it asked
 * for it), or the Kibana alert document built from the event it came from and the rule kept with it, stamped with
 * the time of release so that every reading of it is the same document.
 */
public final class AlertForms {

    /** The two forms an alert goes out in. */
    public enum Form {
        VERDICT,
        KIBANA;

        /** The form a parameter or property value names ({@code verdict}, {@code kibana}); null for anything else. */
        public static Form named(String name) {
            return switch (name) {
                case "verdict" -> VERDICT;
                case "kibana" -> KIBANA;
                default -> null;
            };
        }
    }

    private final KibanaAlerts.Settings kibana;

    public AlertForms(KibanaAlerts.Settings kibana) {
        this.kibana = kibana;
    }

    /** The alert in {@code form}, as an object the service's JSON mapper writes. */
    public Object render(ReleasedAlert released, Form form) {
        if (form == Form.VERDICT || released.rule() == null) {
            return released.alert();
        }
        return KibanaAlerts.document(released.alert(), released.rule(), released.releasedAt(), kibana);
    }
}
