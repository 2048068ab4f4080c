package dev.sightline.cli;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An OTLP/HTTP trace receiver for the tests: keeps every span the services export. */
final class SpanCollector implements AutoCloseable {
    /** One received span. */
    record Received(String service, String traceId, String name, long startNanos) {}

    private final HttpServer server;
    private final List<Received> spans = new CopyOnWriteArrayList<>();
    volatile int requests;

    SpanCollector() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/traces", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            requests++;
            ExportTraceServiceRequest request;
            try {
                request = ExportTraceServiceRequest.parseFrom(body);
            } catch (RuntimeException | Error e) {
                System.err.println("SpanCollector: cannot decode " + body.length + " bytes: " + e);
                exchange.sendResponseHeaders(400, -1);
                exchange.close();
                return;
            }
            for (var resource : request.getResourceSpansList()) {
                String service = resource.getResource().getAttributesList().stream()
                        .filter(a -> a.getKey().equals("service.name"))
                        .map(a -> a.getValue().getStringValue())
                        .findFirst()
                        .orElse("?");
                for (var scope : resource.getScopeSpansList()) {
                    for (var span : scope.getSpansList()) {
                        spans.add(new Received(
                                service,
                                HexFormat.of().formatHex(span.getTraceId().toByteArray()),
                                span.getName(),
                                span.getStartTimeUnixNano()));
                    }
                }
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
    }

    List<Received> spans() {
        return List.copyOf(spans);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
