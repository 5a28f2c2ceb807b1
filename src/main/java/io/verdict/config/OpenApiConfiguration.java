package io.verdict.config;

import org.springframework.boot.info.BuildProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;

/** The title and description shown in Swagger UI and {@code /v3/api-docs}. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI verdictOpenApi(ObjectProvider<BuildProperties> build) {
        BuildProperties properties = build.getIfAvailable();
        return new OpenAPI()
                .components(new Components().addSecuritySchemes("apiKey", new SecurityScheme()
                        .type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER).name("X-API-Key")
                        .description("Needed for every change to the rules; for reads and evaluations only when"
                                + " verdict.security.protect-reads=true")))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"))
                .info(new Info()
                .title("Verdict detection API")
                .version(properties == null ? "dev" : properties.getVersion())
                .description("""
                        Loads Elastic detection rules (the TOML format of elastic/detection-rules), compiles their \
                        EQL and KQL queries once, and evaluates ECS events against them. Errors are RFC 9457 \
                        problem details; problems in rule files carry file, line and column.""")
                .license(new License().name("Apache-2.0")));
    }
}
