package dev.sightline.gateway;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import tools.jackson.databind.json.JsonMapper;

/** RFC 9457 problems: thrown anywhere in a request, rendered as {@code application/problem+json}. */
public final class Problems {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Problems() {}

    public static ErrorResponseException of(HttpStatus status, String type, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create("https://sightline.dev/problems/" + type));
        p.setTitle(status.getReasonPhrase());
        return new ErrorResponseException(status, p, null);
    }

    /**
     * Writes a problem straight to the response, for filters, which answer before any handler (and so before
     * Spring's own problem rendering) runs.
     */
    public static void write(
            HttpServletResponse response, HttpStatus status, String type, String detail, String instance)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://sightline.dev/problems/" + type);
        body.put("title", status.getReasonPhrase());
        body.put("status", status.value());
        body.put("detail", detail);
        body.put("instance", instance);
        response.setStatus(status.value());
        response.setContentType("application/problem+json");
        response.getWriter().write(JSON.writeValueAsString(body));
    }

    public static ErrorResponseException notFound(String taskId) {
        return of(HttpStatus.NOT_FOUND, "task-not-found", "no task " + taskId + " for this API key");
    }
}
