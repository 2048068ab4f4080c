package dev.sightline.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What operators watch is what the services export: every metric an alert rule
 * ({@code deploy/prometheus/alerts.yml}) or a Grafana panel ({@code deploy/grafana/dashboards}) queries is on
 * some service's {@code /actuator/prometheus} once a task has run — a renamed meter silences its alert.
 */
class ObservabilityIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> SERVICES =
            List.of("gateway", "vision-encoder", "reasoner", "diffusion-decoder", "trace-store");
    /**
     * PromQL functions that look like metric names (a name has {@code _} or {@code :}, which already rules out
     * {@code sum}, {@code rate} and the like); grouping label lists are removed before matching.
     */
    private static final Set<String> PROMQL = Set.of("histogram_quantile", "clamp_min", "clamp_max", "last_over_time");

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    @Test
    void everyMetricTheAlertsAndTheDashboardQueryIsExported() throws Exception {
        var client = TestPlatform.client();
        TestPlatform.run(client, TestPlatform.task(client, TestPlatform.png(77), "latent", 2, 16));
        Set<String> exported = new TreeSet<>();
        HttpClient http = HttpClient.newHttpClient();
        for (String service : SERVICES) {
            String body = http.send(
                            HttpRequest.newBuilder(URI.create(TestPlatform.get().url(service) + "/actuator/prometheus"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            Matcher m = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", Pattern.MULTILINE)
                    .matcher(body);
            while (m.find()) {
                exported.add(m.group(1));
            }
        }
        Map<String, String> queries = new LinkedHashMap<>();
        Map<?, ?> alerts = new Yaml().load(Files.readString(ROOT.resolve("deploy/prometheus/alerts.yml")));
        for (Object group : (List<?>) alerts.get("groups")) {
            for (Object rule : (List<?>) ((Map<?, ?>) group).get("rules")) {
                var r = (Map<?, ?>) rule;
                queries.put("alert " + r.get("alert"), String.valueOf(r.get("expr")));
            }
        }
        JsonNode dashboard = JsonMapper.builder()
                .build()
                .readTree(
                        ROOT.resolve("deploy/grafana/dashboards/sightline.json").toFile());
        for (JsonNode panel : dashboard.get("panels")) {
            int i = 0;
            for (JsonNode target : panel.path("targets")) {
                queries.put(
                        "panel '" + panel.path("title").asString() + "' #" + i++,
                        target.path("expr").asString());
            }
        }
        Map<String, Set<String>> missing = new TreeMap<>();
        Set<String> checked = new TreeSet<>();
        queries.forEach((where, expr) -> {
            for (String name : metricNames(expr)) {
                checked.add(name);
                if (!exported.contains(name)) {
                    missing.computeIfAbsent(where, k -> new TreeSet<>()).add(name);
                }
            }
        });
        assertTrue(checked.size() >= 10, "the queries name the metrics they read: " + checked);
        assertTrue(missing.isEmpty(), "queried but exported by no service: " + missing);
    }

    /** Metric names in a PromQL expression: what is left once selectors, strings, ranges and groupings go. */
    static Set<String> metricNames(String expr) {
        String e = expr.replaceAll("\\{[^}]*}", " ")
                .replaceAll("\"[^\"]*\"", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = NAME.matcher(e);
        while (m.find()) {
            String word = m.group();
            if (!PROMQL.contains(word) && (word.contains("_") || word.contains(":"))) {
                names.add(word);
            }
        }
        return names;
    }
}
