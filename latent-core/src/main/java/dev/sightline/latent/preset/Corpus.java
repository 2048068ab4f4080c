package dev.sightline.latent.preset;

import java.util.ArrayList;
import java.util.List;

/**
 * The text the preset tokenizer is trained on: the vocabulary of spatial questions, chain-of-thought
 * steps and answers (objects, colours, sizes, relations, numbers), so that common words are single
 * tokens in a vocabulary under 512.
 */
final class Corpus {
    private static final String[] COLORS = {"red", "green", "blue", "yellow", "purple", "orange", "gray", "white"};
    private static final String[] SHAPES = {"cube", "sphere", "cylinder", "cone"};
    private static final String[] SIZES = {"small", "large", "medium"};
    private static final String[] RELATIONS = {
        "left of", "right of", "in front of", "behind", "closer to", "farther from", "above", "below"
    };

    private Corpus() {}

    static List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (String c : COLORS) {
            for (String s : SHAPES) {
                for (String z : SIZES) {
                    lines.add("The " + z + " " + c + " " + s + " is at x = 3, y = 7.");
                    lines.add("How many " + c + " " + s + "s are there?");
                    lines.add("Is the " + c + " " + s + " " + RELATIONS[(c.length() + s.length()) % RELATIONS.length]
                            + " the " + z + " one?");
                }
                for (String r : RELATIONS) {
                    lines.add("Step: the " + c + " " + s + " is " + r + " the camera.\n");
                }
            }
        }
        for (int i = 0; i <= 20; i++) {
            lines.add("There are " + i + " objects. The distance is " + i + ".5 meters. Answer: " + i + "\n");
        }
        lines.add("Which object appears first across the views? Which one is bigger? What is the size?");
        lines.add("Look at the region, then compare the depth and the position. So the answer is yes. No.\n");
        return lines;
    }
}
