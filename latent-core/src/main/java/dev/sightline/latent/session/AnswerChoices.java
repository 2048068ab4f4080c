package dev.sightline.latent.session;

import dev.sightline.latent.bundle.ControlTokens;
import dev.sightline.latent.bundle.ModelBundle;
import java.util.Arrays;
import java.util.List;

/**
 * Guided choice: a closed set of answers the answer after {@code <|answer|>} must be one of. Each choice is
 * kept as the token ids the model writes it with (a leading space: word-initial tokens), and {@link #mask}
 * tells the sampler which tokens may follow the answer written so far. Immutable; one per session.
 */
final class AnswerChoices {
    private final int[][] ids;

    /**
     * @throws IllegalArgumentException if a choice spells a control token (it would let the answer start a
     *     latent segment or a sketch)
     */
    AnswerChoices(List<String> choices, ModelBundle bundle) {
        for (String c : choices) {
            if (ControlTokens.ALL.stream().anyMatch(c::contains)) {
                throw new IllegalArgumentException("answer choice \"" + c + "\" contains a control token");
            }
        }
        this.ids = choices.stream()
                .map(c -> bundle.tokenizer().encode(" " + c.strip()))
                .toArray(int[][]::new);
    }

    /** No choices: the answer is free. */
    boolean isEmpty() {
        return ids.length == 0;
    }

    /**
     * What the chain of thought may sample before {@code <|answer|>}: {@code banned}, and with choices also the
     * end of text, so a guided session answers from its set or runs out of tokens (cut short) — it cannot end
     * with free text that is no choice. A model trained on other text than it is asked (a latent model in
     * text mode) does end early. Returns {@code banned} itself when there is nothing to add.
     */
    boolean[] beforeAnswer(boolean[] banned, ControlTokens control, int eosTokenId) {
        if (ids.length == 0 || control == null) {
            return banned;
        }
        boolean[] out = banned.clone();
        out[control.endOfText()] = true;
        if (eosTokenId >= 0 && eosTokenId < out.length) {
            out[eosTokenId] = true;
        }
        return out;
    }

    /**
     * What may follow {@code answer}: a token that continues some choice whose first tokens the answer already
     * matches, and the end of text once the answer is a whole choice; tokens {@code banned} (the mode's mask,
     * indexed by vocabulary id) stay banned. With no control tokens (a plain backbone) there is no end-of-text
     * to allow, and the answer is left to {@code banned} alone.
     */
    boolean[] mask(List<Integer> answer, boolean[] banned, ControlTokens control) {
        if (control == null) {
            return banned;
        }
        boolean[] mask = new boolean[banned.length]; // the vocabulary, as a model with control tokens bans
        Arrays.fill(mask, true);
        boolean any = false;
        int n = answer.size();
        for (int[] choice : ids) {
            if (choice.length < n || !startsWith(choice, answer)) {
                continue;
            }
            int next = choice.length == n ? control.endOfText() : choice[n];
            if (next < banned.length && banned[next] && next != control.endOfText()) {
                continue; // a token this mode forbids stays forbidden
            }
            mask[next] = false;
            any = true;
        }
        if (!any) {
            mask[control.endOfText()] = false; // cannot happen from an empty answer; ends rather than wanders
        }
        return mask;
    }

    private static boolean startsWith(int[] ids, List<Integer> prefix) {
        for (int i = 0; i < prefix.size(); i++) {
            if (ids[i] != prefix.get(i)) {
                return false;
            }
        }
        return true;
    }
}
