package dev.sightline.gateway.auth;

import dev.sightline.gateway.Problems;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;

/** The tenant {@link ApiKeyFilter} resolved for the current request. */
public final class Tenant {
    private Tenant() {}

    public static String of(HttpServletRequest request) {
        Object t = request.getAttribute(ApiKeyFilter.TENANT);
        if (t == null) {
            // a path the API key filter did not take for the API's: refused as it would have refused it
            var problem = Problems.of(
                    HttpStatus.UNAUTHORIZED, "unauthorized", "missing API key (Authorization: Bearer <key>)");
            problem.getHeaders().set("WWW-Authenticate", "Bearer");
            throw problem;
        }
        return (String) t;
    }
}
