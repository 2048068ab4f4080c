package dev.sightline.latent.session;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * A prefix of a prompt that a {@link dev.sightline.latent.text.PrefixCache} may hold: its length and a
 * SHA-256 digest of its content (every position's token id and, where a vector replaces the token, the
 * vector's exact bits).
 *
 * @param positions positions {@code [0, positions)} of the prompt
 * @param digest hex SHA-256 of those positions' inputs
 */
record PromptPrefix(int positions, String digest) {

    /**
     * The prefixes of {@code prompt} worth caching, longest first: all but its last position (the same prompt
     * again; the last position is recomputed because its output starts the answer) and its leading vector rows
     * (the same frames with another question).
     */
    static List<PromptPrefix> of(InputChunk prompt) {
        int n = prompt.ids().length;
        int[] vectorAt = new int[n]; // index into vectorRows, or -1
        Arrays.fill(vectorAt, -1);
        for (int i = 0; i < prompt.vectorRows().length; i++) {
            vectorAt[prompt.vectorRows()[i]] = i;
        }
        int frames = 0;
        while (frames < n && vectorAt[frames] >= 0) {
            frames++;
        }
        int width = prompt.width();
        MessageDigest sha = sha256();
        ByteBuffer row = ByteBuffer.allocate(Integer.BYTES + 1 + Float.BYTES * width);
        List<PromptPrefix> out = new ArrayList<>(2);
        for (int p = 0; p < n - 1; p++) {
            row.clear();
            row.putInt(prompt.ids()[p]);
            // The flag keeps the encoding unambiguous: a vector's bytes never read as the next positions' ids.
            row.put((byte) (vectorAt[p] >= 0 ? 1 : 0));
            if (vectorAt[p] >= 0) {
                row.asFloatBuffer().put(prompt.vectors(), vectorAt[p] * width, width);
                row.position(row.position() + Float.BYTES * width);
            }
            row.flip();
            sha.update(row);
            if (p + 1 == frames && frames < n - 1) {
                out.add(0, new PromptPrefix(frames, hex(clone(sha))));
            }
        }
        if (n > 1) {
            out.add(0, new PromptPrefix(n - 1, hex(sha)));
        }
        return out;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static MessageDigest clone(MessageDigest sha) {
        try {
            return (MessageDigest) sha.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the platform's SHA-256 cannot be cloned", e);
        }
    }

    private static String hex(MessageDigest sha) {
        return HexFormat.of().formatHex(sha.digest());
    }
}
