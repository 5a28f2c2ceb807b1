package io.verdict.output;

import io.verdict.engine.Alert;
import io.verdict.rule.Rule;
import java.time.Instant;

/**
 * An alert as released: its place in the feed, when, and the rule it came from, kept with it so that it still
 * renders as a Kibana document after the rule is changed or removed.
 *
 * @param seq        the feed's sequence number, increasing by one per alert from 1 at start
 * @param releasedAt when it was released
 * @param bytes      the estimated heap it holds (see {@link AlertFootprint})
 */
public record ReleasedAlert(long seq, Instant releasedAt, Alert alert, Rule rule, long bytes) {}
