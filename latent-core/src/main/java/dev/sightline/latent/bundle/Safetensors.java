package dev.sightline.latent.bundle;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes {@code .safetensors} files through DJL's codec ({@link NDList#decode}/{@link
 * NDList#encode}). The header is checked here first, because a truncated or hand-edited file must fail
 * with the file and tensor named, not with an opaque native error.
 */
public final class Safetensors {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> DTYPES = Set.of("F32", "F16", "BF16", "F64", "I64", "I32", "U8", "BOOL");

    private Safetensors() {}

    /** Tensor name → shape as declared by the header; validates every offset against the file size. */
    public static Map<String, Shape> readHeader(Path file) {
        try {
            long size = Files.size(file);
            if (size < 8) {
                throw new BundleException(file + ": truncated safetensors file (" + size + " bytes, no header)");
            }
            byte[] head;
            long headerLen;
            try (var in = Files.newInputStream(file)) {
                byte[] len = in.readNBytes(8);
                headerLen = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getLong();
                if (headerLen <= 0 || headerLen > size - 8 || headerLen > 100_000_000L) {
                    throw new BundleException(file + ": truncated or corrupt safetensors header (declares " + headerLen
                            + " header bytes, file has " + size + ")");
                }
                head = in.readNBytes((int) headerLen);
            }
            JsonNode root;
            try {
                root = JSON.readTree(new String(head, StandardCharsets.UTF_8));
            } catch (JacksonException e) {
                throw new BundleException(file + ": safetensors header is not valid JSON: " + e.getOriginalMessage());
            }
            long dataLen = size - 8 - headerLen;
            Map<String, Shape> shapes = new LinkedHashMap<>();
            for (var entry : root.properties()) {
                String name = entry.getKey();
                if (name.equals("__metadata__")) {
                    continue;
                }
                JsonNode t = entry.getValue();
                String dtype = t.path("dtype").asString("");
                if (!DTYPES.contains(dtype)) {
                    throw new BundleException(file + ": tensor " + name + " has unsupported dtype \"" + dtype + "\"");
                }
                JsonNode dims = t.path("shape");
                long[] shape = new long[dims.size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = dims.get(i).asLong();
                }
                JsonNode off = t.path("data_offsets");
                long begin = off.path(0).asLong(-1);
                long end = off.path(1).asLong(-1);
                long expected = new Shape(shape).size() * bytesPer(dtype);
                if (begin < 0 || end < begin || end - begin != expected) {
                    throw new BundleException(file + ": tensor " + name + " has data_offsets [" + begin + ", " + end
                            + "] inconsistent with " + dtype + " shape " + new Shape(shape));
                }
                if (end > dataLen) {
                    throw new BundleException(file + ": truncated: tensor " + name + " ends at byte " + end
                            + " of the data section but the file holds only " + dataLen);
                }
                shapes.put(name, new Shape(shape));
            }
            return shapes;
        } catch (IOException e) {
            throw new BundleException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads every tensor (converted to float32) into {@code manager}, keyed by name. */
    public static Map<String, NDArray> read(Path file, NDManager manager) {
        Map<String, Shape> header = readHeader(file);
        NDList list;
        try {
            list = NDList.decode(manager, Files.readAllBytes(file));
        } catch (IOException | RuntimeException e) {
            throw new BundleException(file + ": cannot decode safetensors: " + e.getMessage(), e);
        }
        Map<String, NDArray> byName = new LinkedHashMap<>();
        for (NDArray a : list) {
            NDArray f32 = a.getDataType() == ai.djl.ndarray.types.DataType.FLOAT32
                    ? a
                    : a.toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
            String name = a.getName();
            if (f32 != a) {
                a.close();
            }
            byName.put(name, f32);
        }
        if (!byName.keySet().equals(header.keySet())) {
            throw new BundleException(
                    file + ": decoded tensors " + byName.keySet() + " differ from header " + header.keySet());
        }
        return byName;
    }

    /** Writes tensors in the given order; each array's name is set to its key. */
    public static void write(Path file, Map<String, NDArray> tensors) {
        NDList list = new NDList();
        tensors.forEach((name, array) -> {
            array.setName(name);
            list.add(array);
        });
        try (OutputStream out = Files.newOutputStream(file)) {
            list.encode(out, NDList.Encoding.SAFETENSORS);
        } catch (IOException e) {
            throw new BundleException(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    private static int bytesPer(String dtype) {
        return switch (dtype) {
            case "F64", "I64" -> 8;
            case "F32", "I32" -> 4;
            case "F16", "BF16" -> 2;
            default -> 1;
        };
    }
}
