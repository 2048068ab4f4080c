package dev.sightline.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Kustomize overlays, rendered ({@link KustomizeRenderer}, held to {@code kubectl kustomize}'s output
 * checked in under {@code src/test/resources/k8s-rendered/}) and validated offline: every built-in resource
 * against the Kubernetes API's own OpenAPI schema (the {@code validateJsonElement} of client-java's
 * generated models: required fields, no unknown fields, types, recursively), KEDA ScaledObjects against
 * KEDA's v1alpha1 field set. {@code tools/k8s-validate} runs the kubernetes-models validator on kubectl's
 * output where node is available.
 */
class KubernetesManifestsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static List<Map<String, Object>> rendered(String overlay) throws IOException {
        return KustomizeRenderer.render(ROOT.resolve("k8s/overlays/" + overlay));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void theRendererAgreesWithKubectl(String overlay) throws IOException {
        Path golden = Path.of("src/test/resources/k8s-rendered/" + overlay + ".yaml");
        Map<String, JsonNode> expected = byName(KustomizeRenderer.documents(golden));
        Map<String, JsonNode> actual = byName(rendered(overlay));
        assertEquals(
                expected.keySet(),
                actual.keySet(),
                "resources differ; after changing k8s/, re-render with: kubectl kustomize k8s/overlays/" + overlay
                        + " > standalone/" + golden);
        expected.forEach((name, doc) -> assertEquals(
                doc,
                actual.get(name),
                name + " differs from kubectl's rendering (re-render " + golden + " after changing k8s/)"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void everyRenderedResourcePassesItsSchema(String overlay) throws Exception {
        List<Map<String, Object>> docs = rendered(overlay);
        assertEquals(28, docs.size());
        Set<String> deployments = docs.stream()
                .filter(d -> d.get("kind").equals("Deployment"))
                .map(d -> (String) KustomizeRenderer.map(d.get("metadata")).get("name"))
                .collect(Collectors.toSet());
        for (Map<String, Object> doc : docs) {
            String id = doc.get("kind") + "/"
                    + KustomizeRenderer.map(doc.get("metadata")).get("name");
            if (String.valueOf(doc.get("apiVersion")).startsWith("keda.sh/")) {
                validateScaledObject(id, doc, deployments);
            } else {
                validate(id, doc);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void noDisruptionBudgetBlocksANodeDrain(String overlay) throws IOException {
        List<Map<String, Object>> docs = rendered(overlay);
        Map<String, Integer> fewest = new HashMap<>(); // deployment -> the fewest replicas it may run
        for (Map<String, Object> d : docs) {
            Map<String, Object> spec = KustomizeRenderer.map(d.get("spec"));
            String name = (String) KustomizeRenderer.map(d.get("metadata")).get("name");
            switch (String.valueOf(d.get("kind"))) {
                case "Deployment" -> fewest.merge(name, (Integer) spec.getOrDefault("replicas", 1), Math::min);
                case "HorizontalPodAutoscaler", "ScaledObject" ->
                    fewest.merge(
                            (String) KustomizeRenderer.map(spec.get("scaleTargetRef"))
                                    .get("name"),
                            d.get("kind").equals("ScaledObject")
                                    ? (Integer) spec.getOrDefault("minReplicaCount", 0)
                                    : (Integer) spec.getOrDefault("minReplicas", 1),
                            Math::min);
                default -> {}
            }
        }
        int budgets = 0;
        for (Map<String, Object> d : docs) {
            if (!"PodDisruptionBudget".equals(d.get("kind"))) {
                continue;
            }
            budgets++;
            Map<String, Object> spec = KustomizeRenderer.map(d.get("spec"));
            String app = (String) KustomizeRenderer.map(
                            KustomizeRenderer.map(spec.get("selector")).get("matchLabels"))
                    .get("app.kubernetes.io/name");
            Object minAvailable = spec.get("minAvailable");
            if (minAvailable != null) {
                assertTrue(
                        fewest.get(app) > (Integer) minAvailable,
                        app + ": minAvailable " + minAvailable + " with as few as " + fewest.get(app)
                                + " replicas never lets a pod be evicted");
            } else {
                assertEquals(1, spec.get("maxUnavailable"), app);
            }
        }
        assertEquals(5, budgets, "one budget per service");
    }

    @ParameterizedTest
    @ValueSource(strings = {"replicass", "template.spec.containers.0.imagePullPolicyy"})
    void aMisspelledFieldFailsValidation(String typo) throws Exception {
        Map<String, Object> deployment = rendered("cpu").stream()
                .filter(d -> d.get("kind").equals("Deployment"))
                .findFirst()
                .orElseThrow();
        Object at = deployment.get("spec");
        String[] path = typo.split("\\.");
        for (int i = 0; i < path.length - 1; i++) {
            at = at instanceof List<?> l
                    ? l.get(Integer.parseInt(path[i]))
                    : KustomizeRenderer.map(at).get(path[i]);
        }
        KustomizeRenderer.map(at).put(path[path.length - 1], 1);
        AssertionError e = assertThrows(AssertionError.class, () -> validate("Deployment", deployment));
        assertTrue(e.getMessage().contains(path[path.length - 1]), e.getMessage());
    }

    /** The client-java model of the resource ({@code apps/v1} Deployment → {@code V1Deployment}) validates it. */
    private static void validate(String id, Map<String, Object> doc) throws Exception {
        String apiVersion = (String) doc.get("apiVersion");
        String version = apiVersion.substring(apiVersion.lastIndexOf('/') + 1);
        String model = "io.kubernetes.client.openapi.models.V" + version.substring(1) + doc.get("kind");
        Class<?> type;
        try {
            type = Class.forName(model);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(id + ": no schema for " + apiVersion + " " + doc.get("kind"));
        }
        JsonElement json = JsonParser.parseString(JSON.writeValueAsString(doc));
        try {
            type.getMethod("validateJsonElement", JsonElement.class).invoke(null, json);
        } catch (InvocationTargetException e) {
            throw new AssertionError(
                    id + " (" + apiVersion + "): " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** KEDA's v1alpha1 ScaledObject fields; the target must be a Deployment of the same rendering. */
    private static void validateScaledObject(String id, Map<String, Object> doc, Set<String> deployments) {
        assertEquals("keda.sh/v1alpha1", doc.get("apiVersion"), id);
        Map<String, Object> spec = KustomizeRenderer.map(doc.get("spec"));
        only(
                id + " spec",
                spec,
                Set.of(
                        "scaleTargetRef",
                        "pollingInterval",
                        "cooldownPeriod",
                        "initialCooldownPeriod",
                        "idleReplicaCount",
                        "minReplicaCount",
                        "maxReplicaCount",
                        "advanced",
                        "triggers",
                        "fallback"));
        Map<String, Object> target = KustomizeRenderer.map(spec.get("scaleTargetRef"));
        only(id + " scaleTargetRef", target, Set.of("apiVersion", "kind", "name", "envSourceContainerName"));
        assertTrue(deployments.contains(target.get("name")), id + " scales a Deployment that is not rendered");
        for (String count : List.of("minReplicaCount", "maxReplicaCount", "pollingInterval", "cooldownPeriod")) {
            if (spec.containsKey(count) && !(spec.get(count) instanceof Integer)) {
                fail(id + ": " + count + " must be an integer");
            }
        }
        List<Object> triggers = KustomizeRenderer.list(spec.get("triggers"));
        assertTrue(!triggers.isEmpty(), id + " has no trigger");
        for (Object t : triggers) {
            Map<String, Object> trigger = KustomizeRenderer.map(t);
            only(
                    id + " trigger",
                    trigger,
                    Set.of("type", "name", "metadata", "authenticationRef", "metricType", "useCachedMetrics"));
            assertTrue(trigger.get("type") instanceof String, id + " trigger without a type");
            KustomizeRenderer.map(trigger.get("metadata"))
                    .forEach((k, v) ->
                            assertTrue(v instanceof String, id + " trigger metadata " + k + " is not a string"));
        }
    }

    private static void only(String where, Map<String, Object> fields, Set<String> allowed) {
        for (String key : fields.keySet()) {
            assertTrue(allowed.contains(key), where + ": unknown field \"" + key + "\"");
        }
    }

    private static Map<String, JsonNode> byName(List<Map<String, Object>> docs) {
        Map<String, JsonNode> out = new TreeMap<>();
        for (var d : docs) {
            var meta = KustomizeRenderer.map(d.get("metadata"));
            out.put(d.get("kind") + "/" + meta.get("namespace") + "/" + meta.get("name"), JSON.valueToTree(d));
        }
        return out;
    }
}
