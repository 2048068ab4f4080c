package dev.sightline.latent.bundle;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A model directory: {@code config.json}, {@code model.safetensors}, {@code tokenizer.json} and, optionally
 * for plain Qwen2 checkpoints, {@code generation_config.json}.
 *
 * <p>Loading validates everything before any model is built: every tensor the config implies is present
 * with its exact shape, no unknown tensor is present, and a Sightline bundle's tokenizer holds the control
 * tokens. Errors name the file and the tensor.
 *
 * <p>Owns the weights (in its {@link #manager()}) and the tokenizer; {@link #close()} frees both. Weights
 * are float32 in memory whatever their stored dtype.
 */
public final class ModelBundle implements AutoCloseable {
    public static final String WEIGHTS_FILE = "model.safetensors";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path directory;
    private final ModelConfig config;
    private final GenerationConfig generation;
    private final BundleTokenizer tokenizer;
    private final ControlTokens controlTokens;
    private final NDManager manager;
    private final Map<String, NDArray> weights;
    private final String weightsDigest;

    private ModelBundle(
            Path directory,
            ModelConfig config,
            GenerationConfig generation,
            BundleTokenizer tokenizer,
            ControlTokens controlTokens,
            NDManager manager,
            Map<String, NDArray> weights,
            String weightsDigest) {
        this.directory = directory;
        this.config = config;
        this.generation = generation;
        this.tokenizer = tokenizer;
        this.controlTokens = controlTokens;
        this.manager = manager;
        this.weights = weights;
        this.weightsDigest = weightsDigest;
    }

    public static ModelBundle load(Path directory) {
        return load(directory, Device.cpu());
    }

    public static ModelBundle load(Path directory, Device device) {
        if (!Files.isDirectory(directory)) {
            throw new BundleException(directory + ": not a model directory");
        }
        ModelConfig config = readConfig(directory.resolve(ModelConfig.FILE));
        Path weightsFile = directory.resolve(WEIGHTS_FILE);
        if (!Files.isRegularFile(weightsFile)) {
            throw new BundleException(weightsFile + ": missing weights file");
        }
        checkLayout(weightsFile, Safetensors.readHeader(weightsFile), TensorLayout.of(config));
        GenerationConfig generation = GenerationConfig.load(directory.resolve(GenerationConfig.FILE), config);
        BundleTokenizer tokenizer = BundleTokenizer.load(directory.resolve(BundleTokenizer.FILE));
        NDManager manager = null;
        try {
            ControlTokens control = config.hasVision()
                    ? ControlTokens.resolve(
                            tokenizer, directory.resolve(BundleTokenizer.FILE).toString())
                    : null;
            if (tokenizer.vocabSize() > config.vocabSize()) {
                throw new BundleException(directory.resolve(BundleTokenizer.FILE) + ": tokenizer has "
                        + tokenizer.vocabSize() + " ids but config.json vocab_size is " + config.vocabSize());
            }
            manager = NDManager.newBaseManager(device, "PyTorch");
            Map<String, NDArray> weights = Safetensors.read(weightsFile, manager);
            return new ModelBundle(
                    directory, config, generation, tokenizer, control, manager, weights, sha256(weightsFile));
        } catch (RuntimeException e) {
            tokenizer.close();
            if (manager != null) {
                manager.close();
            }
            throw e;
        }
    }

    private static ModelConfig readConfig(Path file) {
        return ModelConfig.fromJson(readJson(file), file);
    }

    private static JsonNode readJson(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BundleException(file + ": missing model config");
        }
        try {
            return JSON.readTree(file.toFile());
        } catch (JacksonException e) {
            throw new BundleException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Missing, unknown and mis-shaped tensors, all reported at once. */
    static void checkLayout(Path file, Map<String, Shape> actual, Map<String, Shape> expected) {
        List<String> problems = new ArrayList<>();
        expected.forEach((name, shape) -> {
            Shape got = actual.get(name);
            if (got == null) {
                problems.add("missing tensor " + name + " " + shape);
            } else if (!got.equals(shape)) {
                problems.add("tensor " + name + " has shape " + got + " but config.json implies " + shape);
            }
        });
        actual.keySet().stream()
                .filter(name -> !expected.containsKey(name))
                .forEach(name -> problems.add("unknown tensor " + name + " " + actual.get(name)));
        if (!problems.isEmpty()) {
            throw new BundleException(file + ": " + String.join("; ", problems));
        }
    }

    /**
     * Writes a bundle directory from scratch.
     *
     * @param weights every tensor of {@link TensorLayout#of}, by name
     * @param tokenizerJson the tokenizer file contents
     * @param dtype {@link DataType#FLOAT32} or {@link DataType#FLOAT16}
     */
    public static void write(
            Path directory,
            ModelConfig config,
            GenerationConfig generation,
            Map<String, NDArray> weights,
            String tokenizerJson,
            DataType dtype) {
        try {
            Files.createDirectories(directory);
            writeJson(directory.resolve(ModelConfig.FILE), root -> {
                config.writeTo(root);
                root.put("torch_dtype", dtype == DataType.FLOAT16 ? "float16" : "float32");
            });
            writeJson(directory.resolve(GenerationConfig.FILE), root -> generation.writeTo(root, config));
            Files.writeString(directory.resolve(BundleTokenizer.FILE), tokenizerJson);
        } catch (IOException e) {
            throw new BundleException(directory + ": cannot write bundle: " + e.getMessage(), e);
        }
        checkLayout(directory.resolve(WEIGHTS_FILE), shapesOf(weights), TensorLayout.of(config));
        Map<String, NDArray> ordered = new LinkedHashMap<>();
        List<NDArray> converted = new ArrayList<>();
        for (String name : TensorLayout.of(config).keySet()) {
            NDArray w = weights.get(name);
            if (w.getDataType() != dtype) {
                w = w.toType(dtype, true);
                converted.add(w);
            }
            ordered.put(name, w);
        }
        try {
            Safetensors.write(directory.resolve(WEIGHTS_FILE), ordered);
        } finally {
            converted.forEach(NDArray::close);
        }
    }

    /**
     * Rewrites {@code directory}'s {@code config.json} with {@code edit} applied, its {@code torch_dtype} kept: for a
     * setting the weights do not depend on ({@code latent_schedule}), chosen before the bundle is loaded.
     */
    public static void editConfig(Path directory, UnaryOperator<ModelConfig> edit) {
        Path file = directory.resolve(ModelConfig.FILE);
        JsonNode read = readJson(file);
        ModelConfig config = ModelConfig.fromJson(read, file);
        String dtype = read.path("torch_dtype").asString("float32");
        try {
            writeJson(file, root -> {
                edit.apply(config).writeTo(root);
                root.put("torch_dtype", dtype);
            });
        } catch (IOException e) {
            throw new BundleException(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    /** Saves this bundle (weights as {@code dtype}) to another directory. */
    public void save(Path target, DataType dtype) {
        try {
            String tokenizerJson = Files.readString(directory.resolve(BundleTokenizer.FILE));
            write(target, config, generation, weights, tokenizerJson, dtype);
        } catch (IOException e) {
            throw new BundleException(target + ": cannot save bundle: " + e.getMessage(), e);
        }
    }

    private static Map<String, Shape> shapesOf(Map<String, NDArray> weights) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        weights.forEach((k, v) -> shapes.put(k, v.getShape()));
        return shapes;
    }

    private interface JsonWriter {
        void write(ObjectNode root);
    }

    private static void writeJson(Path file, JsonWriter writer) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        writer.write(root);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of()
                    .formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new BundleException(file + ": cannot hash: " + e.getMessage(), e);
        }
    }

    /** A tensor by its stored name; owned by the bundle. */
    public NDArray weight(String name) {
        NDArray w = weights.get(name);
        if (w == null) {
            throw new BundleException(directory.resolve(WEIGHTS_FILE) + ": missing tensor " + name);
        }
        return w;
    }

    /** All tensors by name, in file order; owned by the bundle. */
    public Map<String, NDArray> weights() {
        return java.util.Collections.unmodifiableMap(weights);
    }

    public Path directory() {
        return directory;
    }

    public ModelConfig config() {
        return config;
    }

    public GenerationConfig generation() {
        return generation;
    }

    public BundleTokenizer tokenizer() {
        return tokenizer;
    }

    /** Null for a plain text checkpoint. */
    public ControlTokens controlTokens() {
        return controlTokens;
    }

    /**
     * SHA-256 of model.safetensors: identifies the whole bundle (visual features are cached under the
     * vision tower's own {@code VisionEncoder.identity()}, which survives changes to the text weights).
     */
    public String weightsDigest() {
        return weightsDigest;
    }

    public NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        tokenizer.close();
        manager.close();
    }
}
