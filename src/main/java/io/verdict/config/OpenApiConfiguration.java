package io.verdict.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import io.verdict.config.openapi.AlertSchemas;
import io.verdict.config.openapi.AnswerTypes;
import io.verdict.config.openapi.BatchLineSchema;
import io.verdict.config.openapi.OperationIds;
import io.verdict.config.openapi.OperationOrder;
import io.verdict.config.openapi.OperationSecurity;
import io.verdict.config.openapi.ProblemAnswers;
import io.verdict.config.openapi.RequestExamples;
import io.verdict.security.ScopeRules;
import java.util.Comparator;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/** The title, description and security schemes shown in Swagger UI and {@code /v3/api-docs}. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    /**
     * Schemas named as the wire names them: the API writes snake_case (spring.jackson's naming strategy, Jackson 3),
     * while swagger-core reads models with its own Jackson 2 mapper, which must be told the same strategy.
     */
    @Bean
    ModelResolver snakeCaseModels() {
        return new ModelResolver(Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
    }

    static {
        // a JSON body or answer of any shape (an exception item, a Kibana document) is "any JSON", not Jackson's
        // node class with its getters
        SpringDocUtils.getConfig()
                .replaceWithSchema(tools.jackson.databind.JsonNode.class, new Schema<>().description("any JSON value"));
    }

    /** Alerts typed as the wire sends them: the Verdict alert or the Kibana alert document, and a batch's lines. */
    @Bean
    OpenApiCustomizer typedAlerts() {
        return api -> {
            new AlertSchemas(ModelConverters.getInstance(true)).addTo(api);
            BatchLineSchema.addTo(api);
        };
    }

    /** A working example of every request body, and the path variables that go with it. */
    @Bean
    OpenApiCustomizer requestExamples() {
        return api -> new RequestExamples().addTo(api);
    }

    /**
     * Tag groups in the order a client meets them: evaluating first, then the rules, changing them, their state;
     * the operations of each in the order of use.
     */
    private static final List<String> TAG_ORDER =
            List.of("Evaluate", "Rules", "Rule lifecycle", "Rule exceptions", "State");

    @Bean
    OpenApiCustomizer tagsInOrderOfUse() {
        return api -> {
            OperationOrder.apply(api);
            OperationIds.apply(api);
            AnswerTypes.apply(api);
            if (api.getTags() != null) {
                api.getTags().sort(Comparator.comparingInt((Tag tag) -> {
                    int at = TAG_ORDER.indexOf(tag.getName());
                    return at < 0 ? TAG_ORDER.size() : at;
                }));
            }
        };
    }

    /**
     * Every problem an operation answers, with an example, and the key requirement on each operation that needs one
     * (with its 401 and 403), as the security rules decide: what a client must handle, in the document it is
     * generated from.
     */
    @Bean
    OpenApiCustomizer problemsAndSecurity(ObjectProvider<ScopeRules> rules, ObjectProvider<JwtDecoder> jwt) {
        // looked up when the document is made: a context without the web layer has no security rules (nor document)
        return api -> {
            ProblemAnswers problems = new ProblemAnswers();
            problems.addTo(api);
            new OperationSecurity(rules.getObject(), jwt.getIfAvailable() != null, problems).addTo(api);
        };
    }

    @Bean
    OpenAPI verdictOpenApi(ObjectProvider<BuildProperties> build, ObjectProvider<JwtDecoder> jwt) {
        BuildProperties properties = build.getIfAvailable();
        Components components = new Components()
                .addSecuritySchemes(
                        "apiKey",
                        new SecurityScheme()
                                .type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER)
                                .name("X-API-Key")
                                .description(
                                        "A key with the write scope for every change; with read for reads and evaluations"
                                                + " (unless verdict.security.protect-reads=false)"));
        // which operation needs which: OperationSecurity, from the rules that guard the requests
        OpenAPI api = new OpenAPI().components(components);
        if (jwt.getIfAvailable() != null) {
            components.addSecuritySchemes(
                    "bearer",
                    new SecurityScheme()
                            .type(SecurityScheme.Type.HTTP)
                            .scheme("bearer")
                            .bearerFormat("JWT")
                            .description("An OAuth2 access token (JWT) with the read or write scope"));
        }
        return api.info(new Info()
                .title("Verdict detection API")
                .version(properties == null ? "dev" : properties.getVersion())
                .description("""
                        Loads Elastic detection rules (the TOML format of elastic/detection-rules), compiles their \
                        EQL and KQL queries once, and evaluates ECS events against them. Errors are RFC 9457 \
                        problem details; problems in rule files carry file, line and column.""")
                .license(new License().name("Apache-2.0").identifier("Apache-2.0")));
    }
}
