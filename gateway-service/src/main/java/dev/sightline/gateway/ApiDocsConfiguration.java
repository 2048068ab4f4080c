package dev.sightline.gateway;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at {@code /v3/api-docs}: title, the API key every {@code /v1} call needs (bearer or
 * {@code X-API-Key}), and what springdoc cannot see in the handlers — the statuses each operation answers with
 * their {@code application/problem+json} bodies, and the headers of the protocol ({@code Idempotency-Key},
 * {@code Prefer: wait}, {@code Retry-After}, {@code Last-Event-ID}). docs/platform.md is the prose version.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocsConfiguration {
    private static final String PROBLEM = "Problem";

    @Bean
    OpenAPI sightlineOpenApi() {
        Schema<?> problem = new ObjectSchema()
                .description("RFC 9457 problem details")
                .addProperty("type", new StringSchema().description("https://sightline.dev/problems/<kind>"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema().description("what was wrong, for a person"))
                .addProperty("instance", new StringSchema());
        return new OpenAPI()
                .info(new Info()
                        .title("Sightline gateway")
                        .version("v1")
                        .description("Submit multimodal reasoning tasks, stream their latent and text steps, read "
                                + "their traces. Errors are application/problem+json (RFC 9457)."))
                .components(new Components()
                        .addSchemas(PROBLEM, problem)
                        .addSecuritySchemes(
                                "apiKey",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer"))
                        .addSecuritySchemes(
                                "apiKeyHeader",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.APIKEY)
                                        .in(SecurityScheme.In.HEADER)
                                        .name("X-API-Key")))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"))
                .addSecurityItem(new SecurityRequirement().addList("apiKeyHeader"));
    }

    @Bean
    OpenApiCustomizer sightlineResponses() {
        return api -> api.getPaths().forEach((path, item) -> {
            if (!path.startsWith("/v1/")) {
                return;
            }
            item.readOperationsMap().forEach((method, op) -> {
                problem(op, "401", "missing or unknown API key");
                describe(path, method, op);
            });
        });
    }

    private static void describe(String path, PathItem.HttpMethod method, Operation op) {
        switch (path + " " + method) {
            case "/v1/tasks POST" -> {
                formFields(op);
                header(op, "Idempotency-Key", "the same key and request again answers the first task (200)");
                header(op, "Prefer", "wait=N (seconds, at most 60): hold the answer until the task ends");
                op.getResponses()
                        .addApiResponse(
                                "202",
                                new ApiResponse()
                                        .description("accepted; Location names the task")
                                        .addHeaderObject("Location", new Header().schema(new StringSchema())));
                op.getResponses()
                        .addApiResponse(
                                "200",
                                new ApiResponse()
                                        .description(
                                                "an idempotent replay, or (Prefer: wait) the task as it ended; Preference-Applied: wait=N"));
                problem(op, "400", "malformed JSON, bad base64");
                problem(
                        op,
                        "409",
                        "the Idempotency-Key names another request (idempotency-key-reused), or the same "
                                + "request is still being accepted (idempotency-key-in-progress, with Retry-After: 1)");
                op.getResponses().get("409").addHeaderObject("Retry-After", new Header().schema(new IntegerSchema()));
                problem(
                        op,
                        "413",
                        "a frame over 10 MB or 4096 px a side, a decompression bomb, over 16 frames, "
                                + "a body over the largest valid request");
                problem(op, "415", "a frame that is not a PNG or JPEG");
                problem(
                        op,
                        "422",
                        "a truncated or corrupt frame; an empty or over-long question; unknown mode; "
                                + "latent_steps outside 0-64; other option out of range");
                problem(
                        op,
                        "503",
                        "the task could not be enqueued (Kafka unavailable); it is FAILED, its id in task_id");
            }
            case "/v1/tasks/{id} GET" -> {
                header(op, "Prefer", "wait=N (seconds, at most 60): hold the answer until the task ends");
                problem(op, "404", "no such task for this API key");
            }
            case "/v1/tasks/{id} DELETE" -> {
                // the handler's ResponseEntity hides that it only ever answers 202
                ApiResponse accepted = op.getResponses().remove("200");
                op.getResponses()
                        .addApiResponse(
                                "202",
                                (accepted == null ? new ApiResponse() : accepted)
                                        .description("cancel requested; the task as it was"));
                problem(op, "404", "no such task for this API key");
                problem(op, "409", "the task has ended");
            }
            case "/v1/tasks/{id}/events GET" -> {
                header(op, "Last-Event-ID", "resume after this step number (or 'result')");
                problem(op, "400", "a Last-Event-ID that is not a step number (-1 or more) or 'result'");
                problem(op, "404", "no such task for this API key");
            }
            case "/v1/tasks/{id}/trace GET" -> {
                problem(op, "404", "no such task for this API key");
                problem(op, "502", "the trace store could not be read");
            }
            default -> {}
        }
    }

    /**
     * The multipart variant's options are form fields next to its {@code image} parts, but springdoc lists the
     * {@code @RequestParam}s of a handler that also takes files as query parameters: move them into the form.
     */
    private static void formFields(Operation op) {
        if (op.getRequestBody() == null || op.getParameters() == null) {
            return;
        }
        MediaType form = op.getRequestBody().getContent().get("multipart/form-data");
        if (form == null || form.getSchema() == null) {
            return;
        }
        op.getParameters().removeIf(p -> {
            if (!"query".equals(p.getIn())) {
                return false;
            }
            Schema<?> field = p.getSchema() == null ? new StringSchema() : p.getSchema();
            if (p.getDescription() != null) {
                field.description(p.getDescription());
            }
            form.getSchema().addProperty(p.getName(), field);
            return true;
        });
    }

    private static void header(Operation op, String name, String description) {
        boolean present = op.getParameters() != null
                && op.getParameters().stream().anyMatch(p -> name.equalsIgnoreCase(p.getName()));
        if (!present) {
            op.addParametersItem(
                    new HeaderParameter().name(name).description(description).schema(new StringSchema()));
        }
    }

    private static void problem(Operation op, String status, String description) {
        var body = new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM));
        op.getResponses()
                .addApiResponse(
                        status,
                        new ApiResponse()
                                .description(description)
                                .content(new Content().addMediaType("application/problem+json", body)));
    }
}
