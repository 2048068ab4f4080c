package dev.sightline.trainer.grounding;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sightline.spatial.scene.Table;
import dev.sightline.trainer.optim.Initializers;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A linear readout of an object's table position {@code (x, z)} from the model's hidden state where it is about
 * to write that position ("The red cube is at x =" and "..., z ="), trained with the model in stage 1
 * ({@code --locate-weight}): LVR's reconstruction idea applied to the text positions that name an object.
 *
 * <p>Why: cross-entropy reaches those positions only through the one or two digit tokens that follow, and in
 * this budget it never made the hidden state carry the position: a ridge probe on it found R² ≤ 0.21 even
 * while an attention head looked at the object and the visual tokens held x at R² 0.97. A mean squared error
 * on a learned linear map gives every such position a gradient proportional to how far off it is, through
 * the attention's values as well as its weights.
 *
 * <p>Owns its parameters ({@code locate.weight [2, d]}, {@code locate.bias [2]}) in its own manager; they are
 * trained, not shipped: inference never runs the readout. Targets are divided by the table's half extent so
 * they lie in [-1, 1].
 */
public final class PositionReadout implements AutoCloseable {
    /** The checkpoint file its parameters travel in. */
    public static final String FILE = "locate.safetensors";

    private final NDManager manager;
    private final Map<String, NDArray> params = new LinkedHashMap<>();

    public PositionReadout(NDManager parent, int hidden, long seed) {
        this.manager = parent.newSubManager();
        params.put("locate.weight", Initializers.normal(manager, new Shape(2, hidden), 0.02, seed ^ 0x10CA7EL));
        params.put("locate.bias", manager.zeros(new Shape(2)));
    }

    /** The readout's parameters by name (a group of stage 1's optimizer). */
    public Map<String, NDArray> parameters() {
        return params;
    }

    /**
     * Mean squared error of the readout of {@code rows} against their objects' positions.
     *
     * @param rows hidden states after the final norm, {@code [R, d]}, R ≥ 1
     * @param positions {@code x, z} of each row's object in table units, {@code 2R} values
     * @return the scalar loss, in the caller's scope
     */
    public NDArray loss(NDArray rows, float[] positions) {
        float[] scaled = new float[positions.length];
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] = (float) (positions[i] / Table.HALF_EXTENT);
        }
        NDArray target = rows.getManager().create(scaled, new Shape(positions.length / 2, 2));
        NDArray read = rows.matMul(params.get("locate.weight").transpose()).add(params.get("locate.bias"));
        return read.sub(target).square().mean();
    }

    @Override
    public void close() {
        manager.close();
    }
}
