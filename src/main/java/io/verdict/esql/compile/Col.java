package io.verdict.esql.compile;

import io.verdict.esql.value.DataType;

/**
 * A column of the table between two commands: its name, type and where its value sits in the row array.
 * {@code slot} is -1 for a source field no command has read yet (it is read from the document only once one
 * does); {@code source} names the field or {@code METADATA} column a source column reads, null for computed ones.
 */
record Col(String name, DataType type, int slot, String source) {

    boolean materialised() {
        return slot >= 0;
    }

    Col named(String newName) {
        return new Col(newName, type, slot, source);
    }
}
