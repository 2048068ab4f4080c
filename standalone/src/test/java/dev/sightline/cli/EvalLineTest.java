package dev.sightline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sightline.trainer.eval.Evaluator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class EvalLineTest {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final Evaluator.Row ROW = new Evaluator.Row("test", "all", "text", 0, 0.40004, 480, 0);

    private static ObjectNode line(String... options) {
        EvalCommand eval = new EvalCommand();
        List<String> args = new ArrayList<>(List.of("--model", "unused"));
        args.addAll(List.of(options));
        new CommandLine(eval).parseArgs(args.toArray(String[]::new));
        return eval.line(MAPPER, ROW);
    }

    @Test
    void aPlainRunPrintsTheSixDocumentedKeysAndNothingElse() {
        assertEquals(
                "{\"split\":\"test\",\"family\":\"all\",\"mode\":\"text\",\"latent_steps\":0,\"accuracy\":0.4,"
                        + "\"n\":480}",
                line().toString());
        assertEquals(line().toString(), line("--chains", "decimal").toString());
    }

    @Test
    void everyAblationIsNamedOnEachLineItScored() {
        ObjectNode o = line("--given-positions", "random", "--guided-choice", "--blindfold", "--chains", "grid");
        assertEquals("random", o.get("given_positions").asString());
        assertEquals(true, o.get("guided_choice").asBoolean());
        assertEquals(true, o.get("blindfold").asBoolean());
        assertEquals("grid", o.get("chains").asString());
        assertEquals(10, o.size());
    }
}
