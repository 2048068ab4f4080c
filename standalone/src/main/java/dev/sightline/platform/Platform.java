package dev.sightline.platform;

import dev.sightline.decoder.DecoderApplication;
import dev.sightline.encoder.EncoderApplication;
import dev.sightline.gateway.GatewayApplication;
import dev.sightline.reasoner.ReasonerApplication;
import dev.sightline.tracestore.TraceStoreApplication;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Everything in one JVM: the {@link Infrastructure} and the five services, each its own Spring context on its
 * own port, wired to each other exactly as in a deployment (Kafka topics, Redis keys, HTTP). Services start
 * in dependency order (trace store and decoder before those that call them) and stop in reverse.
 */
public final class Platform implements AutoCloseable {

    /**
     * @param model the model bundle directory every computing service loads
     * @param gatewayPort the public port (0 picks a free one)
     * @param apiKey the demo tenant's API key
     * @param extra more properties for every service (tests tune deadlines and retries with them)
     */
    public record Options(
            Path model, int gatewayPort, String apiKey, String tenant, int partitions, Map<String, String> extra) {}

    /** The services in start order: those called by others (trace store, decoder) before their callers. */
    private static final Map<String, Supplier<SpringApplication>> APPLICATIONS = new LinkedHashMap<>();

    static {
        APPLICATIONS.put("trace-store", TraceStoreApplication::application);
        APPLICATIONS.put("diffusion-decoder", DecoderApplication::application);
        APPLICATIONS.put("vision-encoder", EncoderApplication::application);
        APPLICATIONS.put("reasoner", ReasonerApplication::application);
        APPLICATIONS.put("gateway", GatewayApplication::application);
    }

    private final Options options;
    private final Infrastructure infrastructure;
    private final Map<String, ConfigurableApplicationContext> services = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();

    private Platform(Options options, Infrastructure infrastructure) {
        this.options = options;
        this.infrastructure = infrastructure;
    }

    /** Starts everything on embedded engines; {@code progress} hears one line per component. */
    public static Platform start(Options options, Consumer<String> progress) throws IOException {
        long t0 = System.nanoTime();
        progress.accept("starting Kafka (KRaft), Redis and PostgreSQL ...");
        Infrastructure infra = Infrastructure.embedded(options.partitions());
        progress.accept(String.format("  infrastructure up in %.1f s", (System.nanoTime() - t0) / 1e9));
        return start(options, infra, progress);
    }

    /**
     * Starts the five services on engines already running (their topics created, {@link Infrastructure#topics});
     * the platform owns {@code infra} from here on and stops it in {@link #close()}, also when a service fails to
     * start.
     */
    public static Platform start(Options options, Infrastructure infra, Consumer<String> progress) {
        long t0 = System.nanoTime();
        Platform p = new Platform(options, infra);
        try {
            for (String name : APPLICATIONS.keySet()) {
                p.startService(name, name.equals("gateway") ? options.gatewayPort() : 0, progress);
            }
        } catch (RuntimeException | Error e) {
            p.close(); // an Error too (a native library that fails to link): containers must not outlive the JVM
            throw e;
        }
        progress.accept(String.format("all services up in %.1f s", (System.nanoTime() - t0) / 1e9));
        return p;
    }

    private void startService(String name, int port, Consumer<String> progress) {
        long t0 = System.nanoTime();
        ConfigurableApplicationContext context = APPLICATIONS.get(name).get().run(arguments(name, port));
        services.put(name, context);
        int actual = Integer.parseInt(context.getEnvironment().getProperty("local.server.port", "-1"));
        ports.put(name, actual);
        progress.accept(
                String.format("  %-18s http://localhost:%d  (%.1f s)", name, actual, (System.nanoTime() - t0) / 1e9));
    }

    private String[] arguments(String name, int port) {
        List<String> a = new ArrayList<>();
        a.add("--server.port=" + port);
        if (!name.equals("gateway")) {
            // Only the gateway authenticates callers: the trace store's list and the decoder answer anyone who
            // reaches them, so on this machine they listen on loopback (k8s/ keeps them in by NetworkPolicy).
            a.add("--server.address=127.0.0.1");
        }
        a.add("--spring.main.banner-mode=off");
        a.add("--spring.main.log-startup-info=false");
        // open SSE streams must not hold a stop for Spring's default 30 s per phase
        a.add("--spring.lifecycle.timeout-per-shutdown-phase=5s");
        a.add("--springdoc.api-docs.enabled=" + name.equals("gateway"));
        a.add("--spring.kafka.bootstrap-servers=" + infrastructure.kafkaBootstrapServers());
        a.add("--spring.data.redis.url=" + infrastructure.redisUrl());
        a.add("--sightline.kafka.partitions=" + options.partitions());
        a.add("--logging.level.root=WARN");
        a.add("--logging.level.dev.sightline=INFO");
        String model = options.model().toAbsolutePath().toString();
        switch (name) {
            case "trace-store" -> {
                a.add("--spring.datasource.url=" + infrastructure.jdbcUrl());
                a.add("--spring.datasource.username=" + infrastructure.jdbcUser());
                a.add("--spring.datasource.password=" + infrastructure.jdbcPassword());
            }
            case "diffusion-decoder" -> a.add("--sightline.decoder.model=" + model);
            case "vision-encoder" -> a.add("--sightline.encoder.model=" + model);
            case "reasoner" -> {
                a.add("--sightline.reasoner.model=" + model);
                a.add("--sightline.reasoner.decoder-url=" + url("diffusion-decoder"));
            }
            case "gateway" -> {
                a.add("--sightline.gateway.trace-store-url=" + url("trace-store"));
                a.add("--sightline.gateway.api-keys[" + options.apiKey() + "]=" + options.tenant());
            }
            default -> throw new IllegalArgumentException(name);
        }
        options.extra().forEach((k, v) -> a.add("--" + k + "=" + v));
        return a.toArray(String[]::new);
    }

    public String url(String service) {
        return "http://localhost:" + ports.get(service);
    }

    public String gatewayUrl() {
        return url("gateway");
    }

    public Infrastructure infrastructure() {
        return infrastructure;
    }

    public ConfigurableApplicationContext context(String service) {
        return services.get(service);
    }

    /** Stops one service (tests: a decoder outage, a reasoner restart); the others keep running. */
    public void stop(String service) {
        ConfigurableApplicationContext c = services.remove(service);
        if (c != null) {
            c.close();
        }
    }

    /** Starts a stopped service again on its old port. */
    public void restart(String service) {
        if (!APPLICATIONS.containsKey(service)) {
            throw new IllegalArgumentException("unknown service " + service);
        }
        if (services.containsKey(service)) {
            throw new IllegalStateException(service + " is running");
        }
        services.put(service, APPLICATIONS.get(service).get().run(arguments(service, ports.get(service))));
    }

    /**
     * Starts one more gateway replica (its own consumer group, the same Redis): what a second pod behind a
     * load balancer is. Returns its URL; {@link #close()} stops it with the rest.
     */
    public String startGatewayReplica() {
        String name = "gateway-"
                + (services.keySet().stream()
                                .filter(s -> s.startsWith("gateway"))
                                .count()
                        + 1);
        ConfigurableApplicationContext c = GatewayApplication.application().run(arguments("gateway", 0));
        services.put(name, c);
        ports.put(name, Integer.parseInt(c.getEnvironment().getProperty("local.server.port", "-1")));
        return url(name);
    }

    /** Stops the services in reverse order, then the infrastructure. */
    @Override
    public void close() {
        List<String> names = new ArrayList<>(services.keySet());
        for (int i = names.size() - 1; i >= 0; i--) {
            try {
                services.get(names.get(i)).close();
            } catch (RuntimeException ignored) {
                // keep stopping the others
            }
        }
        services.clear();
        infrastructure.close();
    }
}
