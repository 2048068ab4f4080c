package dev.sightline.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The deployment files, checked offline on every build: the compose stack and the Kustomize base and overlays
 * parse and hold what operators rely on (health checks and start order, probes, resources, non-root, scaling
 * never above the partition count, GPUs only where the gpu overlay puts them). Schema validation of the
 * rendered manifests is {@link KubernetesManifestsTest}'s.
 */
class DeploymentFilesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> SERVICES =
            List.of("gateway", "vision-encoder", "reasoner", "diffusion-decoder", "trace-store");

    private static Map<String, Object> map(Object o) {
        return KustomizeRenderer.map(o);
    }

    private static List<Map<String, Object>> documents(Path file) throws IOException {
        return KustomizeRenderer.documents(file);
    }

    @Test
    void theComposeStackStartsInOrderWithHealthChecks() throws IOException {
        var compose = documents(ROOT.resolve("docker-compose.yml")).get(0);
        var services = map(compose.get("services"));
        for (String s : List.of("kafka", "kafka-init", "redis", "postgres", "prometheus", "grafana")) {
            assertTrue(services.containsKey(s), s);
        }
        for (String s : SERVICES) {
            var svc = map(services.get(s));
            assertNotNull(svc, s);
            assertTrue(String.valueOf(svc.get("image")).startsWith("sightline/"), s);
            assertNotNull(svc.get("healthcheck"), s + " has a health check");
            assertNotNull(svc.get("mem_limit"), s + " has a memory limit (the heap is a share of it)");
            if (!s.equals("diffusion-decoder")) {
                var deps = map(svc.get("depends_on"));
                assertEquals(
                        "service_completed_successfully",
                        map(deps.get("kafka-init")).get("condition"),
                        s);
                assertEquals("service_healthy", map(deps.get("redis")).get("condition"), s);
            }
        }
        for (String s : List.of("vision-encoder", "reasoner", "diffusion-decoder")) {
            assertTrue(String.valueOf(map(services.get(s)).get("volumes")).contains("./models:/models:ro"), s);
        }
        // apache/kafka keeps its log in /tmp unless told otherwise: the topics would die with the container
        var kafka = map(services.get("kafka"));
        String logDir = String.valueOf(map(kafka.get("environment")).get("KAFKA_LOG_DIRS"));
        assertTrue(
                String.valueOf(kafka.get("volumes")).contains("kafka-data:" + logDir), "Kafka's log is on its volume");
        String init = String.valueOf(map(services.get("kafka-init")).get("command"));
        for (String t :
                List.of("sightline.tasks.v1", "sightline.encoded.v1", "sightline.steps.v1", "sightline.results.v1")) {
            assertTrue(init.contains(t), t + " is created at start");
        }
        assertTrue(init.contains("$$t.DLT"), "dead-letter topics are created at start");
        assertTrue(Files.isRegularFile(ROOT.resolve("deploy/prometheus/prometheus.yml")));
        var dashboard = JsonMapper.builder()
                .build()
                .readTree(
                        ROOT.resolve("deploy/grafana/dashboards/sightline.json").toFile());
        assertTrue(dashboard.get("panels").size() >= 8, "the provisioned dashboard has its panels");
    }

    @Test
    void everyDeploymentHasProbesResourcesAndRunsAsNonRoot() throws IOException {
        Path base = ROOT.resolve("k8s/base");
        var kustomization = documents(base.resolve("kustomization.yaml")).get(0);
        List<Map<String, Object>> all = new ArrayList<>();
        for (Object r : (List<?>) kustomization.get("resources")) {
            Path file = base.resolve(String.valueOf(r));
            assertTrue(Files.isRegularFile(file), file + " listed in the kustomization exists");
            all.addAll(documents(file));
        }
        int deployments = 0;
        for (var doc : all) {
            if (!"Deployment".equals(doc.get("kind"))) {
                continue;
            }
            deployments++;
            String name = String.valueOf(map(doc.get("metadata")).get("name"));
            var pod = map(map(map(doc.get("spec")).get("template")).get("spec"));
            var container = map(((List<?>) pod.get("containers")).get(0));
            assertNotNull(container.get("readinessProbe"), name);
            assertNotNull(container.get("livenessProbe"), name);
            assertNotNull(map(container.get("resources")).get("limits"), name);
            assertEquals(true, map(pod.get("securityContext")).get("runAsNonRoot"), name);
        }
        assertEquals(SERVICES.size(), deployments);
        long networkPolicies =
                all.stream().filter(d -> "NetworkPolicy".equals(d.get("kind"))).count();
        assertTrue(networkPolicies >= 2, "default deny plus the gateway's ingress");
        int partitions = all.stream()
                .filter(d -> "ConfigMap".equals(d.get("kind")))
                .map(d -> map(d.get("data")).get("SIGHTLINE_KAFKA_PARTITIONS"))
                .filter(v -> v != null)
                .map(v -> Integer.parseInt(String.valueOf(v)))
                .findFirst()
                .orElseThrow();
        int scaled = 0;
        for (var doc : all) {
            if ("ScaledObject".equals(doc.get("kind"))) {
                scaled++;
                int max = (Integer) map(doc.get("spec")).get("maxReplicaCount");
                assertTrue(max <= partitions, "consumers beyond the partition count would idle");
            }
        }
        assertEquals(2, scaled, "encoder and reasoner scale on consumer lag");
    }

    @Test
    void onlyTheGpuOverlayAsksForGpus() throws IOException {
        String gpu = Files.readString(ROOT.resolve("k8s/overlays/gpu/kustomization.yaml"));
        assertTrue(gpu.contains("nvidia.com~1gpu") || gpu.contains("nvidia.com/gpu"));
        for (String s : List.of("vision-encoder", "reasoner", "diffusion-decoder")) {
            assertTrue(gpu.contains(s), s);
        }
        try (var files = Files.walk(ROOT.resolve("k8s/base"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertTrue(!Files.readString(f).contains("nvidia.com/gpu:"), f + " must not request GPUs");
            }
        }
        assertTrue(Files.readString(ROOT.resolve("k8s/overlays/cpu/kustomization.yaml"))
                .contains("../../base"));
    }
}
