package io.verdict.rule;

/**
 * When Kibana runs the rule and how far back it looks. Null fields take Kibana's defaults
 * ({@code from = now-6m}, {@code interval = 5m}, {@code to = now}).
 */
public record Schedule(String from, String interval, String to, Boolean enabled) {

    public String fromOrDefault() {
        return from == null ? "now-6m" : from;
    }

    public String intervalOrDefault() {
        return interval == null ? "5m" : interval;
    }

    public String toOrDefault() {
        return to == null ? "now" : to;
    }
}
