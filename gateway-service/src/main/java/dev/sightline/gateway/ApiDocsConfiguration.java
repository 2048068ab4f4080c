package dev.sightline.gateway;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document at {@code /v3/api-docs}: title, and the bearer API key every {@code /v1} call needs. */
@Configuration(proxyBeanMethods = false)
class ApiDocsConfiguration {
    @Bean
    OpenAPI sightlineOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Sightline gateway")
                        .version("v1")
                        .description("Submit multimodal reasoning tasks, stream their latent and text steps, read "
                                + "their traces. Errors are application/problem+json (RFC 9457)."))
                .components(new Components()
                        .addSecuritySchemes(
                                "apiKey",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"));
    }
}
