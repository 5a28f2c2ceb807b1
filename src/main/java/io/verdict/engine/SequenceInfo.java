package io.verdict.engine;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.verdict.event.Event;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * Where an alert stands in an EQL sequence or sample, as Kibana groups them: every matched event gets a
 * building-block alert at its {@code index}, and one sequence alert (index null) holds the ordered events; all
 * share {@code groupId}.
 *
 * @param joinKeys the values of the {@code by} keys, in key order
 * @param events   the sequence alert only: the matched events in order
 * @param matched  every alert of the group: the matched events in order, not written; a Kibana building block's
 *                 id depends on all of them, and the sequence alert's document is made of what they share
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SequenceInfo(
        String groupId,
        Integer index,
        List<Object> joinKeys,
        List<JsonNode> events,
        @JsonIgnore List<Event> matched) {

    /** Equal when they say the same: the events behind them are not compared (an event is equal only to itself). */
    @Override
    public boolean equals(Object other) {
        return other instanceof SequenceInfo that
                && Objects.equals(groupId, that.groupId)
                && Objects.equals(index, that.index)
                && Objects.equals(joinKeys, that.joinKeys)
                && Objects.equals(events, that.events);
    }

    @Override
    public int hashCode() {
        return Objects.hash(groupId, index, joinKeys, events);
    }
}
