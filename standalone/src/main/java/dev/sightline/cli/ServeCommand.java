package dev.sightline.cli;

import dev.sightline.platform.Infrastructure;
import dev.sightline.platform.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "serve",
        description = "Starts the platform in one JVM: embedded Kafka (KRaft), Redis and PostgreSQL and the five "
                + "services (gateway, vision-encoder, reasoner, diffusion-decoder, trace-store), each its own "
                + "Spring context and port. Ctrl-C or SIGTERM stops everything cleanly.")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--model", description = "model bundle directory (default: the shipped models/sightline-tiny)")
    Path model;

    @Option(names = "--port", defaultValue = "8080", description = "the gateway's port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--api-key", description = "the demo tenant's API key (default: a random one, printed)")
    String apiKey;

    @Option(
            names = "--tenant",
            defaultValue = "demo",
            description = "the demo tenant's name (default: ${DEFAULT-VALUE})")
    String tenant;

    @Option(
            names = "--partitions",
            defaultValue = "4",
            description = "partitions per topic (default: ${DEFAULT-VALUE})")
    int partitions;

    @Option(
            names = "--infra-only",
            description = "start only the embedded Kafka, Redis and PostgreSQL, with the topics, and print how to "
                    + "reach them as the services' environment variables (for services run elsewhere: an IDE, "
                    + "the container images)")
    boolean infraOnly;

    @Option(
            names = "--env-file",
            description = "with --infra-only: also write those variables to this file (`docker run --env-file`)")
    Path envFile;

    @Override
    public Integer call() throws Exception {
        if (envFile != null && !infraOnly) {
            throw new IllegalArgumentException("--env-file only goes with --infra-only");
        }
        if (infraOnly) {
            return infrastructureOnly();
        }
        Path dir = model != null ? model : RunCommand.SHIPPED_MODEL;
        if (!Files.isRegularFile(dir.resolve("config.json"))) {
            throw new IllegalArgumentException(
                    model == null
                            ? "no --model given and no shipped model at " + dir
                            : dir + " is not a model bundle (no config.json)");
        }
        if (port < 0 || port > 65535 || partitions < 1) {
            throw new IllegalArgumentException("--port must be in 0..65535 and --partitions >= 1");
        }
        String key = apiKey != null ? apiKey : "sk-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        leaveTheRestACore();
        var platform = Platform.start(
                new Platform.Options(dir, port, key, tenant, partitions, Map.of()), line -> System.err.println(line));
        String gw = platform.gatewayUrl();
        System.out.println();
        System.out.println("Sightline is up with model " + dir);
        System.out.println(
                "  gateway        " + gw + "   (health: " + gw + "/actuator/health, OpenAPI: " + gw + "/v3/api-docs)");
        System.out.println("  trace store    " + platform.url("trace-store"));
        System.out.println("  decoder        " + platform.url("diffusion-decoder"));
        System.out.println("  encoder        " + platform.url("vision-encoder"));
        System.out.println("  reasoner       " + platform.url("reasoner"));
        System.out.println("  kafka          " + platform.infrastructure().kafkaBootstrapServers());
        System.out.println("  redis          " + platform.infrastructure().redisUrl());
        System.out.println("  postgres       " + platform.infrastructure().jdbcUrl());
        String kernels = torchCpuCapability();
        System.out.println("  torch kernels  " + kernels
                + ("auto".equals(kernels)
                        ? " (ATEN_CPU_CAPABILITY unset: libtorch takes AVX-512 where the CPU has it; docs/operations.md)"
                        : " (ATEN_CPU_CAPABILITY)"));
        System.out.println("  tenant '" + tenant + "' API key: " + key);
        System.out.println();
        System.out.println("Try:  ./sightline ask --gateway " + gw + " --api-key " + key
                + " --image docs/examples/scene.png --follow \"How many red objects can you see?\"");
        System.out.println("Stop: Ctrl-C");
        System.out.flush();
        return runUntilStopped(platform);
    }

    /**
     * One JVM here runs the broker, the listeners and the web servers beside the reasoner. libtorch's threads
     * meet at a barrier after every op, so a worker preempted by any of those stalls the whole forward: on the
     * 2-core machine the reasoner's scheduler thread spent half its time waiting for its worker. Unless
     * {@code -Dsightline.torch.threads} says otherwise, forwards get every core but one (one on two cores:
     * platform throughput +5-20 %, docs/benchmarks.md). Services in their own pods use every core they are given.
     * {@code bench platform} applies the same rule to its in-process path, so both paths compute alike.
     */
    static void leaveTheRestACore() {
        if (System.getProperty("sightline.torch.threads") == null) {
            int threads = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
            System.setProperty("sightline.torch.threads", Integer.toString(threads));
        }
    }

    /**
     * The build of libtorch's own kernels this process runs, as libtorch reads it from the environment when it first
     * dispatches: the launcher sets {@code avx2}, since the AVX-512 build's exp ran ~30x slower in a third or more of the
     * processes on AVX-512 hosts (docs/operations.md); {@code auto} when unset (libtorch's widest).
     */
    static String torchCpuCapability() {
        return System.getenv().getOrDefault("ATEN_CPU_CAPABILITY", "auto");
    }

    private int infrastructureOnly() throws Exception {
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions must be >= 1");
        }
        System.err.println("starting Kafka (KRaft), Redis and PostgreSQL ...");
        Infrastructure infra = Infrastructure.embedded(partitions);
        String env = String.join(
                "\n",
                "KAFKA_BOOTSTRAP_SERVERS=" + infra.kafkaBootstrapServers(),
                "SIGHTLINE_KAFKA_PARTITIONS=" + partitions,
                "REDIS_URL=" + infra.redisUrl(),
                "DATABASE_URL=" + infra.jdbcUrl(),
                "DATABASE_USER=" + infra.jdbcUser(),
                "");
        if (envFile != null) {
            Files.writeString(envFile, env);
        }
        System.out.println();
        System.out.println("Sightline's infrastructure is up (topics created); for the services:");
        System.out.print(env);
        if (envFile != null) {
            System.out.println("(also in " + envFile + ")");
        }
        System.out.println("Stop: Ctrl-C");
        System.out.flush();
        return runUntilStopped(infra);
    }

    /** Blocks until Ctrl-C or SIGTERM, then closes {@code running}. */
    private static int runUntilStopped(AutoCloseable running) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        // Ctrl-C and SIGTERM stop the services first and the infrastructure last. A signal handler rather than
        // only a shutdown hook: the embedded engines register hooks of their own (Redis stops, Kafka deletes
        // its log directory), and all hooks run at once — the services would lose their brokers mid-shutdown.
        Runnable stop = () -> {
            synchronized (stopped) {
                if (stopped.getCount() == 0) {
                    return;
                }
                long t0 = System.nanoTime();
                System.err.println("stopping ...");
                try {
                    running.close();
                } catch (Exception e) {
                    System.err.println("stopping failed: " + e);
                }
                System.err.printf("stopped in %.1f s%n", (System.nanoTime() - t0) / 1e9);
                stopped.countDown();
            }
        };
        for (String signal : new String[] {"TERM", "INT"}) {
            sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> {
                stop.run();
                System.exit(0);
            });
        }
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "sightline-shutdown"));
        stopped.await();
        return 0;
    }
}
