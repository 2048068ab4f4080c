package dev.sightline.spatial.question;

import java.util.List;

/**
 * A question with its answer and chain of thought.
 *
 * @param question the structured question
 * @param answer the exact answer, one of {@code question.choices()}, equal to {@link Solver}'s
 * @param cot the chain-of-thought lines, the last one stating the answer
 */
public record GeneratedQuestion(Question question, String answer, List<CotStep> cot) {

    public GeneratedQuestion {
        cot = List.copyOf(cot);
    }
}
