package dev.sightline.gateway.auth;

import dev.sightline.gateway.ApiPath;
import dev.sightline.gateway.GatewayProperties;
import dev.sightline.gateway.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Maps the API key ({@code Authorization: Bearer K} or {@code X-API-Key: K}) of every {@code /v1} request to
 * its tenant (request attribute {@link #TENANT}); anything else is a 401 problem before any controller runs.
 */
@Component
class ApiKeyFilter extends OncePerRequestFilter {
    static final String TENANT = "sightline.tenant";

    private final GatewayProperties properties;

    ApiKeyFilter(GatewayProperties properties) {
        this.properties = properties;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !ApiPath.isApi(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader("X-API-Key");
        String auth = request.getHeader("Authorization");
        if (key == null && auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            key = auth.substring(7).trim();
        }
        String tenant = key == null ? null : properties.apiKeys().get(key);
        if (tenant == null) {
            response.setHeader("WWW-Authenticate", "Bearer");
            String detail = key == null ? "missing API key (Authorization: Bearer <key>)" : "unknown API key";
            Problems.write(response, HttpStatus.UNAUTHORIZED, "unauthorized", detail, request.getRequestURI());
            return;
        }
        request.setAttribute(TENANT, tenant);
        chain.doFilter(request, response);
    }
}
