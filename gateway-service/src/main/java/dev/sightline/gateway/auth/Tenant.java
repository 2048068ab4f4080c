package dev.sightline.gateway.auth;

import jakarta.servlet.http.HttpServletRequest;

/** The tenant {@link ApiKeyFilter} resolved for the current request. */
public final class Tenant {
    private Tenant() {}

    public static String of(HttpServletRequest request) {
        Object t = request.getAttribute(ApiKeyFilter.TENANT);
        if (t == null) {
            throw new IllegalStateException("request passed no API key filter");
        }
        return (String) t;
    }
}
