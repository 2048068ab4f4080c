package dev.sightline.latent.text;

import ai.djl.ndarray.NDArray;

/**
 * The few fused building blocks shared by the backbone, the vision tower and the sketch head.
 *
 * <p>Every op keeps the step-local operand first: DJL attaches a result to the first operand's manager,
 * and weights live in the long-lived bundle manager.
 */
public final class Ops {
    private Ops() {}

    /** {@code x @ weight^T + bias} with PyTorch's {@code [out, in]} weight layout; bias may be null. */
    public static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return x.getNDArrayInternal().linear(x, weight, bias).singletonOrThrow();
    }

    /** Qwen2 RMSNorm: {@code x / sqrt(mean(x^2) + eps) * weight}; {@code eps} is a 0-d array. */
    public static NDArray rmsNorm(NDArray x, NDArray weight, NDArray eps) {
        return rmsNormalize(x, eps).mul(weight);
    }

    /** RMSNorm without its weight (for a weight folded into the next projection). */
    public static NDArray rmsNormalize(NDArray x, NDArray eps) {
        return x.div(x.square().mean(new int[] {-1}, true).add(eps).sqrt());
    }

    /** LayerNorm over the last axis with affine weight and bias. */
    public static NDArray layerNorm(NDArray x, NDArray weight, NDArray bias, double eps) {
        return x.getNDArrayInternal()
                .layerNorm(x, new ai.djl.ndarray.types.Shape(weight.getShape().get(0)), weight, bias, (float) eps)
                .singletonOrThrow();
    }

    /**
     * {@code x * factor}, for tensors a backward will differentiate. DJL's {@code mul(Number)} and {@code
     * div(Number)} wrap the number in a tensor over a Java direct buffer and close it as soon as the product
     * exists; autograd keeps that tensor for the backward (d(x * c)/dx = c), and once the garbage collector
     * frees the buffer the backward multiplies every gradient by whatever the memory then holds. Seen as
     * stage 2 gradient norms of Infinity, NaN or 5e29 that a rerun of the same batch did not repeat. Here the
     * constant is a tensor of the caller's scope, alive until the scope (and so the backward) is done.
     */
    public static NDArray scale(NDArray x, double factor) {
        return x.mul(x.getManager().create((float) factor));
    }

    /** SiLU, {@code x * sigmoid(x)}. */
    public static NDArray silu(NDArray x) {
        return x.mul(x.getNDArrayInternal().sigmoid());
    }
}
