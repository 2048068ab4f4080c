package dev.sightline.deploy;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders a Kustomize directory the way {@code kubectl kustomize} does, for the features Sightline's k8s/
 * uses, so the build can schema-check the overlays without kubectl: {@code resources} (files and
 * directories), {@code namespace}, {@code labels} with {@code includeSelectors} (as the deprecated
 * {@code commonLabels}: metadata, workload selectors and templates, Service selectors, and the selectors of
 * PDBs and NetworkPolicies where they already have {@code matchLabels}), {@code images} ({@code newTag}),
 * and {@code patches} that are RFC 6902 JSON patches with a {@code kind} and set-based
 * {@code labelSelector} target. Anything else in a kustomization is an error, so a new feature cannot be
 * silently ignored. {@code KustomizeRendererTest} holds it to kubectl's own output.
 */
final class KustomizeRenderer {
    private static final Set<String> KNOWN =
            Set.of("apiVersion", "kind", "namespace", "labels", "resources", "images", "patches");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "PersistentVolume", "StorageClass");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private KustomizeRenderer() {}

    static List<Map<String, Object>> render(Path dir) throws IOException {
        Map<String, Object> k = single(dir.resolve("kustomization.yaml"));
        for (String key : k.keySet()) {
            if (!KNOWN.contains(key)) {
                throw new IllegalArgumentException(dir + ": kustomization field \"" + key + "\" not supported here");
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object r : list(k.get("resources"))) {
            Path p = dir.resolve((String) r).normalize();
            out.addAll(Files.isDirectory(p) ? render(p) : documents(p));
        }
        if (k.get("namespace") instanceof String ns) {
            for (var res : out) {
                if (!CLUSTER_SCOPED.contains(res.get("kind"))) {
                    map(res.get("metadata")).put("namespace", ns);
                }
            }
        }
        for (Object l : list(k.get("labels"))) {
            Map<String, Object> spec = map(l);
            Map<String, Object> pairs = map(spec.get("pairs"));
            boolean selectors = Boolean.TRUE.equals(spec.get("includeSelectors"));
            out.forEach(res -> label(res, pairs, selectors));
        }
        for (Object i : list(k.get("images"))) {
            Map<String, Object> image = map(i);
            out.forEach(res -> retag(res, (String) image.get("name"), String.valueOf(image.get("newTag"))));
        }
        for (Object p : list(k.get("patches"))) {
            Map<String, Object> patch = map(p);
            Map<String, Object> target = map(patch.get("target"));
            JsonArray ops = toJson(new Yaml().load((String) patch.get("patch"))).asJsonArray();
            for (int i = 0; i < out.size(); i++) {
                if (matches(out.get(i), target)) {
                    JsonStructure patched = Json.createPatch(ops).apply((JsonStructure) toJson(out.get(i)));
                    out.set(i, map(JSON.readValue(patched.toString(), Map.class)));
                }
            }
        }
        return out;
    }

    private static void label(Map<String, Object> res, Map<String, Object> pairs, boolean selectors) {
        map(res.get("metadata")).computeIfAbsent("labels", x -> new LinkedHashMap<>());
        map(map(res.get("metadata")).get("labels")).putAll(pairs);
        if (!selectors) {
            return;
        }
        Map<String, Object> spec = map(res.get("spec"));
        switch (String.valueOf(res.get("kind"))) {
            case "Deployment", "StatefulSet", "DaemonSet" -> {
                add(spec, pairs, true, "selector", "matchLabels");
                add(spec, pairs, true, "template", "metadata", "labels");
            }
            case "Service" -> add(spec, pairs, true, "selector");
            case "PodDisruptionBudget" -> add(spec, pairs, false, "selector", "matchLabels");
            case "NetworkPolicy" -> {
                add(spec, pairs, false, "podSelector", "matchLabels");
                for (Object rule : list(spec.get("ingress"))) {
                    for (Object peer : list(map(rule).get("from"))) {
                        add(map(peer), pairs, false, "podSelector", "matchLabels");
                    }
                }
            }
            default -> {}
        }
    }

    /** Puts {@code pairs} into the map at {@code path}, creating it only when {@code create}. */
    private static void add(Map<String, Object> root, Map<String, Object> pairs, boolean create, String... path) {
        Map<String, Object> at = root;
        for (String key : path) {
            if (at.get(key) == null) {
                if (!create) {
                    return;
                }
                at.put(key, new LinkedHashMap<String, Object>());
            }
            at = map(at.get(key));
        }
        at.putAll(pairs);
    }

    private static void retag(Map<String, Object> res, String name, String tag) {
        if (!(res.get("spec") instanceof Map<?, ?> spec) || !(spec.get("template") instanceof Map<?, ?> template)) {
            return;
        }
        Map<String, Object> pod = map(map(template).get("spec"));
        for (String field : List.of("containers", "initContainers")) {
            for (Object c : list(pod.get(field))) {
                Map<String, Object> container = map(c);
                String image = (String) container.get("image");
                String bare = image.contains(":") ? image.substring(0, image.lastIndexOf(':')) : image;
                if (bare.equals(name)) {
                    container.put("image", bare + ":" + tag);
                }
            }
        }
    }

    /** {@code kind} equality and a set-based selector {@code key in (a,b,c)} on the resource's labels. */
    private static boolean matches(Map<String, Object> res, Map<String, Object> target) {
        if (target.get("kind") != null && !target.get("kind").equals(res.get("kind"))) {
            return false;
        }
        if (!(target.get("labelSelector") instanceof String selector)) {
            return true;
        }
        var m = java.util.regex.Pattern.compile("\\s*([\\w./-]+)\\s+in\\s+\\(([^)]*)\\)\\s*")
                .matcher(selector);
        if (!m.matches()) {
            throw new IllegalArgumentException("label selector \"" + selector + "\" not supported here");
        }
        Object labels = map(res.get("metadata")).get("labels");
        Object value = labels == null ? null : map(labels).get(m.group(1));
        return value != null && List.of(m.group(2).split("\\s*,\\s*")).contains(value.toString());
    }

    static List<Map<String, Object>> documents(Path file) throws IOException {
        var options = new LoaderOptions();
        options.setMaxAliasesForCollections(100);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object doc : new Yaml(options).loadAll(Files.readString(file))) {
            if (doc != null) {
                out.add(map(doc));
            }
        }
        return out;
    }

    private static Map<String, Object> single(Path file) throws IOException {
        return documents(file).get(0);
    }

    private static JsonValue toJson(Object o) {
        return Json.createReader(new StringReader(JSON.writeValueAsString(o))).readValue();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return o == null ? List.of() : (List<Object>) o;
    }
}
