package io.verdict.config.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.verdict.security.ScopeRules;
import java.util.List;
import java.util.Locale;

/**
 * The key (or token) requirement on each operation that needs one, decided by the same {@link ScopeRules} that
 * guards the requests: writes always; reads, evaluations and dry runs when reads are protected. Such an operation
 * lists its 401 and 403 answers and names the scope it needs ({@code x-verdict-scope}, and in its description); an
 * open one lists neither.
 */
public final class OperationSecurity {

    public static final String SCOPE_EXTENSION = "x-verdict-scope";

    private final ScopeRules rules;
    private final boolean bearer;
    private final ProblemAnswers problems;

    /** {@code bearer}: whether OAuth2 bearer tokens are accepted beside keys. */
    public OperationSecurity(ScopeRules rules, boolean bearer, ProblemAnswers problems) {
        this.rules = rules;
        this.bearer = bearer;
        this.problems = problems;
    }

    public void addTo(OpenAPI api) {
        api.setSecurity(null);
        if (api.getPaths() == null) {
            return;
        }
        api.getPaths()
                .forEach((path, item) -> item.readOperationsMap()
                        .forEach((method, operation) ->
                                secure(path, operation, rules.required(method.name(), sample(path)))));
    }

    private void secure(String path, Operation operation, ScopeRules.Access access) {
        if (access != ScopeRules.Access.READ && access != ScopeRules.Access.WRITE) {
            operation.setSecurity(null);
            return;
        }
        String scope = access.name().toLowerCase(Locale.ROOT);
        // two requirements are alternatives: a key, or a token
        operation.setSecurity(
                bearer
                        ? List.of(
                                new SecurityRequirement().addList("apiKey"),
                                new SecurityRequirement().addList("bearer"))
                        : List.of(new SecurityRequirement().addList("apiKey")));
        operation.addExtension(SCOPE_EXTENSION, scope);
        String needs = "Needs a key" + (bearer ? " or token" : "") + " with the " + scope + " scope.";
        operation.setDescription(
                operation.getDescription() == null ? needs : operation.getDescription() + "\n\n" + needs);
        if (operation.getResponses() != null) {
            operation
                    .getResponses()
                    .addApiResponse(
                            "401",
                            problems.problem(
                                    "no API key or token, or an unknown one",
                                    List.of("unauthorized"),
                                    path,
                                    operation));
            operation
                    .getResponses()
                    .addApiResponse(
                            "403",
                            problems.problem(
                                    "the key or token lacks the " + scope + " scope",
                                    List.of("forbidden"),
                                    path,
                                    operation));
            ProblemAnswers.sort(operation);
        }
    }

    /** A path as called: each {variable} of the template filled with a value. */
    static String sample(String template) {
        return template.replaceAll("\\{[^/}]+}", "x");
    }
}
