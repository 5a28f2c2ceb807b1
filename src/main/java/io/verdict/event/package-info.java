/**
 * The ECS event view shared by the query engines.
 *
 * <pre>{@code
 * Event event = Event.parse(json);                      // or Event.of(jsonNode)
 * FieldPath args = FieldPath.of("process.args");        // once per field name
 * boolean any = event.anyValue(args, v -> "copy".equals(v.stringValue()));  // any-value, no allocation
 * List<JsonNode> values = event.values(args);           // nested, dotted and mixed keys; arrays flattened
 * FieldType type = Schema.catalog().typeOf("process.pid");  // LONG
 * Object typed = FieldValues.typed(values.get(0), type); // "443" in a long field -> 443L
 *
 * FieldSet fields = detector.fields();                  // what the loaded rules read, once per rule set
 * Event flat = Event.parse(bytes, fields);              // one streaming pass, only those fields kept
 * flat.firstValue(FieldPath.of("process.name"));        // a slot lookup; other fields read the lazy tree
 * }</pre>
 */
package io.verdict.event;
