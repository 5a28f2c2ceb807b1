package io.verdict.config.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.BinarySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;

/**
 * The media type of each success answer as the wire sends it. A handler that declares no {@code produces} is
 * listed by springdoc as {@code *}{@code /*}, which tells a generated client nothing: the API writes JSON, and
 * the export NDJSON or a zip.
 */
public final class AnswerTypes {

    static final String EXPORT = "/api/v1/rules/_export";

    private AnswerTypes() {}

    public static void apply(OpenAPI api) {
        if (api.getPaths() == null) {
            return;
        }
        api.getPaths()
                .forEach((path, item) -> item.readOperations().forEach(operation -> {
                    if (operation.getResponses() == null) {
                        return;
                    }
                    operation.getResponses().forEach((status, response) -> {
                        if (status.startsWith("2")
                                && response.getContent() != null
                                && response.getContent().containsKey("*/*")) {
                            response.setContent(path.equals(EXPORT) ? export() : json(response));
                        }
                    });
                }));
    }

    private static Content json(ApiResponse response) {
        MediaType any = response.getContent().get("*/*");
        Content content = new Content();
        response.getContent().forEach((type, media) -> {
            if (!type.equals("*/*")) {
                content.addMediaType(type, media);
            }
        });
        content.putIfAbsent(org.springframework.http.MediaType.APPLICATION_JSON_VALUE, any);
        return content;
    }

    private static Content export() {
        return new Content()
                .addMediaType(
                        "application/x-ndjson",
                        new MediaType()
                                .schema(
                                        new StringSchema()
                                                .description(
                                                        "a Kibana export: one rule a line, then exception lists and items, then the summary")))
                .addMediaType(
                        "application/zip",
                        new MediaType()
                                .schema(new BinarySchema().description("with format=zip: the rules' TOML files")));
    }
}
