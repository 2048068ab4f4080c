package dev.sightline.gateway;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** RFC 9457 problems: thrown anywhere in a request, rendered as {@code application/problem+json}. */
public final class Problems {
    private Problems() {}

    public static ErrorResponseException of(HttpStatus status, String type, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create("https://sightline.dev/problems/" + type));
        p.setTitle(status.getReasonPhrase());
        return new ErrorResponseException(status, p, null);
    }

    public static ErrorResponseException notFound(String taskId) {
        return of(HttpStatus.NOT_FOUND, "task-not-found", "no task " + taskId + " for this API key");
    }
}
