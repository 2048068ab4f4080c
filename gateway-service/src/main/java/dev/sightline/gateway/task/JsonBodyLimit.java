package dev.sightline.gateway.task;

import dev.sightline.gateway.ApiPath;
import dev.sightline.gateway.GatewayProperties;
import dev.sightline.gateway.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps a JSON submission's body before it is parsed, as {@code spring.servlet.multipart} caps a multipart one:
 * the largest valid request (every frame at its size limit, base64-encoded, plus the rest) and no more. A body
 * that declares more is a 413 before a byte is read; one that streams more (chunked) stops being read at the
 * limit and is a 413 too, so no request holds more than that in the gateway's heap.
 */
@Component
class JsonBodyLimit extends OncePerRequestFilter {
    /** Thrown by the capped stream; Spring's JSON reader wraps it in {@link HttpMessageNotReadableException}. */
    static final class BodyTooLargeException extends IOException {
        BodyTooLargeException(long limit) {
            super("the JSON body is over " + limit + " bytes (16 frames of 10 MB, base64, and the rest)");
        }
    }

    private final long limit;

    JsonBodyLimit(GatewayProperties properties) {
        long base64Frame = (properties.maxImageBytes() + 2) / 3 * 4;
        this.limit = properties.maxFrames() * (base64Frame + 16) + 1024 * 1024;
    }

    long limit() {
        return limit;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String type = request.getContentType();
        // every POST under /v1/, not only the exact path: MVC also maps /v1/tasks;x=1 and encoded variants there
        return !"POST".equals(request.getMethod())
                || !ApiPath.isApi(request)
                || (type != null && type.toLowerCase().startsWith("multipart/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > limit) {
            Problems.write(
                    response,
                    HttpStatus.CONTENT_TOO_LARGE,
                    "body-too-large",
                    new BodyTooLargeException(limit).getMessage() + "; this one declares "
                            + request.getContentLengthLong(),
                    request.getRequestURI());
            return;
        }
        chain.doFilter(new Capped(request, limit), response);
    }

    /** The request with its body stream cut off at the limit. */
    private static final class Capped extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream in;

        Capped(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (in == null) {
                ServletInputStream body = super.getInputStream();
                in = new ServletInputStream() {
                    private long read;

                    private void count(long n) throws BodyTooLargeException {
                        read += n;
                        if (read > limit) {
                            throw new BodyTooLargeException(limit);
                        }
                    }

                    @Override
                    public int read() throws IOException {
                        int b = body.read();
                        if (b >= 0) {
                            count(1);
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        int n = body.read(buffer, offset, length);
                        if (n > 0) {
                            count(n);
                        }
                        return n;
                    }

                    @Override
                    public boolean isFinished() {
                        return body.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return body.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        body.setReadListener(listener);
                    }
                };
            }
            return in;
        }
    }

    /** A capped body surfaces as an unreadable message: answered 413, not the 400 of malformed JSON. */
    @RestControllerAdvice
    @Order(Ordered.HIGHEST_PRECEDENCE)
    static class TooLargeAdvice {
        @ExceptionHandler(HttpMessageNotReadableException.class)
        ProblemDetail unreadable(HttpMessageNotReadableException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof BodyTooLargeException tooLarge) {
                    return Problems.of(HttpStatus.CONTENT_TOO_LARGE, "body-too-large", tooLarge.getMessage())
                            .getBody();
                }
            }
            // what Spring answers itself (this advice takes the exception from it), with the parser's first line
            String why = e.getMostSpecificCause().getMessage();
            why = why == null ? "" : ": " + why.lines().findFirst().orElse("");
            return Problems.of(HttpStatus.BAD_REQUEST, "malformed-request", "Failed to read request" + why)
                    .getBody();
        }
    }
}
