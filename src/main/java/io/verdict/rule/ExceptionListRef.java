package io.verdict.rule;

/** A reference to a Kibana exception list ({@code exceptions_list}); resolved by whoever holds the list. */
public record ExceptionListRef(String id, String listId, String namespaceType, String type) {}
