package dev.sightline.gateway;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.util.UrlPathHelper;

/**
 * Whether a request is for the {@code /v1} API, judged on the path MVC maps, not the raw URI: MVC decodes the path
 * and drops {@code ;params} from its segments, so {@code /v1;x/tasks} and {@code /%76%31/tasks} reach the task
 * controller too, and a filter that read {@link HttpServletRequest#getRequestURI()} would let them past.
 */
public final class ApiPath {
    private ApiPath() {}

    public static boolean isApi(HttpServletRequest request) {
        String path = UrlPathHelper.defaultInstance.getPathWithinApplication(request);
        return path.equals("/v1") || path.startsWith("/v1/");
    }
}
