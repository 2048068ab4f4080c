package dev.sightline.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import dev.sightline.latent.bundle.BundleTokenizer;
import dev.sightline.latent.bundle.ModelBundle;
import dev.sightline.latent.bundle.TensorLayout;
import dev.sightline.latent.preset.ModelInitializer;
import dev.sightline.latent.preset.Preset;
import dev.sightline.latent.text.LanguageModel;
import dev.sightline.latent.vision.VisionEncoder;
import dev.sightline.spatial.dataset.SceneOptions;
import dev.sightline.spatial.dataset.Split;
import dev.sightline.spatial.question.Chains;
import dev.sightline.trainer.data.PositionMention;
import dev.sightline.trainer.data.SpatialScenesSource;
import dev.sightline.trainer.data.TrainingSample;
import dev.sightline.trainer.grounding.PositionReadout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PositionReadoutTest {
    /** Half drills, half family questions (counts list objects "There is a small red cube at x = ..."). */
    private static final SpatialScenesSource MIXED =
            new SpatialScenesSource(Split.TRAIN, new SceneOptions(64, 1, 8), List.of(1), 0.5);

    @TempDir
    Path tmp;

    /** Grid chains (no drills: those state decimal positions): "The red cube is in column 4, row 3." */
    private static final SpatialScenesSource GRID =
            new SpatialScenesSource(Split.TRAIN, new SceneOptions(64, 1, 8).withChains(Chains.GRID), List.of(1), 0);

    private static final Pattern NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?");

    @ParameterizedTest
    @ValueSource(strings = {"decimal", "grid"})
    void everyPositionAChainWritesIsReadAndGroundedWhereTheModelIsAboutToWriteItsNumber(String chains)
            throws Exception {
        SpatialScenesSource source = chains.equals("grid") ? GRID : MIXED;
        ModelInitializer.write(Preset.TINY, 3, tmp, source.corpus());
        try (ModelBundle bundle = ModelBundle.load(tmp)) {
            BundleTokenizer tokenizer = bundle.tokenizer();
            int mentions = 0;
            for (int i = 0; i < 60; i++) {
                TrainingSample s = source.sample(i);
                int[] stepStarts = new int[s.steps().size() + 1];
                List<int[]> stepIds = new ArrayList<>();
                List<Integer> all = new ArrayList<>();
                List<PositionMention> written = new ArrayList<>();
                List<String> numbers = new ArrayList<>(); // as written: "1.2", "-0.4" or a square's "4"
                for (int j = 0; j < s.steps().size(); j++) {
                    stepStarts[j] = all.size();
                    stepIds.add(tokenizer.encode(s.steps().get(j) + "\n"));
                    Arrays.stream(stepIds.get(j)).forEach(all::add);
                    String text = s.steps().get(j);
                    for (PositionMention m : PositionMention.stated(text)) {
                        written.add(m);
                        for (int at : new int[] {m.xAt(), m.zAt()}) {
                            Matcher n = NUMBER.matcher(text).region(at, text.length());
                            assertTrue(n.lookingAt(), text);
                            numbers.add(n.group());
                        }
                    }
                }
                PositionRows located = PositionRows.of(tokenizer, s, stepStarts, stepIds);
                assertEquals(2 * written.size(), located.rows().length, s.id() + ": every x and every z is read");
                for (int r = 0; r < located.rows().length; r++) {
                    PositionMention m = written.get(r / 2);
                    int row = located.rows()[r];
                    // the row's target tokens spell the number that follows "x =" or "z ="
                    String next = tokenizer.decode(all.subList(row, Math.min(all.size(), row + 6)).stream()
                            .mapToInt(Integer::intValue)
                            .toArray());
                    String expected = " " + numbers.get(r);
                    assertTrue(next.startsWith(expected), s.id() + ": row " + row + " predicts '" + next + "'");
                    assertEquals((float) m.x(), located.positions()[2 * r]);
                    assertEquals((float) m.z(), located.positions()[2 * r + 1]);
                }
                // the grounding loss is on from the input predicting the step's first number (x's), or earlier
                int[] from = located.groundingFrom(stepStarts);
                for (int j = 0, r = 0; j < s.steps().size(); j++) {
                    int count = PositionMention.stated(s.steps().get(j)).size();
                    int middle = stepStarts[j] + (stepStarts[j + 1] - stepStarts[j]) / 2;
                    int expected = count == 0 ? middle : Math.min(middle, located.rows()[r] - 1);
                    assertEquals(expected, from[j], s.id() + ": step " + j + " is supervised from " + from[j]);
                    r += 2 * count;
                }
                mentions += written.size();
            }
            assertTrue(mentions > 60, "60 " + chains + " samples state " + mentions + " positions");
        }
    }

    @Test
    void stepsOnTheReadoutLossLowerItAndLeaveCrossEntropyAloneWhenOff() throws Exception {
        SpatialScenesSource drills = new SpatialScenesSource(Split.TRAIN, new SceneOptions(64, 1, 8), List.of(1), 1);
        ModelInitializer.write(Preset.TINY, 3, tmp, drills.corpus().subList(0, 50));
        TrainingSample drill = drills.sample(0);
        try (ModelBundle bundle = ModelBundle.load(tmp);
                LanguageModel model = LanguageModel.trainable(bundle);
                PositionReadout readout =
                        new PositionReadout(bundle.manager(), bundle.config().hiddenSize(), 3)) {
            VisionEncoder vision = new VisionEncoder(bundle);
            SampleLoss off = new SampleLoss(bundle, model, vision, SampleLoss.Auxiliary.none());
            SampleLoss on = new SampleLoss(
                    bundle,
                    model,
                    vision,
                    new SampleLoss.Auxiliary(null, null, 0, 0, 0, null, 0, 0, 0, readout, 1, 0, LvrTarget.REGION));
            // the readout and one block of the model it reads: the loss must reach the model, not only the map
            List<NDArray> trained = new ArrayList<>(readout.parameters().values());
            trained.add(bundle.weight(TensorLayout.layer(3, "mlp.down_proj.weight")));
            trained.forEach(w -> w.setRequiresGradient(true));
            double before;
            try (NDScope ignored = new NDScope()) {
                SampleLoss.Parts plain = off.plain(drill);
                assertEquals(0, plain.locate(), "off, the term is neither computed nor reported");
                SampleLoss.Parts located = on.plain(drill);
                assertEquals(plain.ce(), located.ce(), 1e-5, "reading the hidden state changes nothing else");
                assertEquals(located.ce() + located.locate(), located.value(), 1e-5);
                before = located.locate();
            }
            assertTrue(before > 0.01, "a fresh readout's error: " + before);
            double after = before;
            double modelGradient = 0;
            for (int step = 0; step < 40; step++) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector();
                        NDScope ignored = new NDScope()) {
                    SampleLoss.Parts p = on.plain(drill);
                    after = p.locate();
                    gc.backward(p.total());
                }
                try (NDScope ignored = new NDScope()) {
                    modelGradient += trained.get(2).getGradient().abs().sum().getFloat();
                    for (NDArray w : trained) {
                        NDArray g = w.getGradient();
                        // sign steps (Adam's first steps): a fresh model's rows differ little, which makes plain
                        // gradient descent crawl along their differences
                        w.subi(g.sign().mul(5e-4f));
                        g.muli(0f);
                    }
                }
            }
            assertTrue(modelGradient > 0, "the readout's loss reaches the model's weights");
            assertTrue(after < before / 2, "readout loss " + before + " -> " + after);
        }
    }
}
