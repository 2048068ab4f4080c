import java.io.*;
import java.lang.management.ManagementFactory;
import java.net.*;
import java.net.http.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.*;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.core5.http.io.entity.*;
import org.apache.hc.core5.http.ContentType;

/** ClientCost KIND WARMUP TASKS: the client JVM's CPU per task for held submissions with one HTTP client kind. */
public class ClientCost {
    static final String URL = "http://localhost:8080/v1/tasks";
    public static void main(String[] a) throws Exception {
        String kind = a[0]; int warm = Integer.parseInt(a[1]), tasks = Integer.parseInt(a[2]);
        String img = Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of("/work/main/docs/examples/scene.png")));
        Sender s = switch (kind) {
            case "jdk" -> jdk();
            case "urlconn" -> urlconn();
            default -> apache();
        };
        run(s, img, warm);
        long cpu0 = cpu(); long t0 = System.nanoTime();
        run(s, img, tasks);
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%s cpu_ms_per_task %.2f tasks_per_s %.1f%n", kind, (cpu() - cpu0) / 1e6 / tasks, tasks / secs);
    }
    interface Sender { String send(String body) throws Exception; }
    static void run(Sender s, String img, int n) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<?>> fs = new ArrayList<>();
        for (int c = 0; c < 16; c++) fs.add(pool.submit(() -> {
            for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                String body = "{\"question\":\"How many red objects can you see?\",\"images\":[\"" + img + "\"],\"mode\":\"latent\",\"latent_steps\":4,\"max_tokens\":64,\"seed\":" + i + "}";
                String r = s.send(body);
                if (!r.contains("COMPLETED")) throw new IllegalStateException(r);
            }
            return null;
        }));
        for (var f : fs) f.get();
        pool.shutdown();
    }
    static long cpu() { return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime(); }
    static Sender jdk() {
        HttpClient http = HttpClient.newBuilder().build();
        return body -> http.send(HttpRequest.newBuilder(URI.create(URL)).header("Authorization", "Bearer demo-key")
                .header("Content-Type", "application/json").header("Prefer", "wait=60")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
    static Sender urlconn() {
        return body -> {
            HttpURLConnection c = (HttpURLConnection) new URL(URL).openConnection();
            c.setRequestMethod("POST"); c.setDoOutput(true);
            c.setRequestProperty("Authorization", "Bearer demo-key"); c.setRequestProperty("Content-Type", "application/json");
            c.setRequestProperty("Prefer", "wait=60");
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            c.setFixedLengthStreamingMode(b.length);
            try (OutputStream o = c.getOutputStream()) { o.write(b); }
            try (InputStream in = c.getInputStream()) { return new String(in.readAllBytes(), StandardCharsets.UTF_8); }
        };
    }
    static Sender apache() {
        PoolingHttpClientConnectionManager cm = new PoolingHttpClientConnectionManager();
        cm.setMaxTotal(32); cm.setDefaultMaxPerRoute(32);
        CloseableHttpClient http = HttpClients.custom().setConnectionManager(cm).build();
        return body -> {
            HttpPost p = new HttpPost(URL);
            p.setHeader("Authorization", "Bearer demo-key"); p.setHeader("Prefer", "wait=60");
            p.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
            return http.execute(p, r -> EntityUtils.toString(r.getEntity()));
        };
    }
}
