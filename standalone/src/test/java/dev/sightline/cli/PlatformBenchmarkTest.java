package dev.sightline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class PlatformBenchmarkTest {
    @Test
    void theMedianOfAnOddCountIsItsMiddleValue() {
        assertEquals(0.7, BenchFigures.med(new double[] {0.9, 0.7, 0.6}));
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertEquals(0.65, BenchFigures.med(new double[] {0.8, 0.5}), 1e-12);
        assertEquals(0.65, BenchFigures.med(new double[] {0.9, 0.6, 0.7, 0.5}), 1e-12);
    }

    /**
     * The bench's tasks are identical and greedy, so on the engine path each wave of C ends on one step and the
     * next C join together: every forward carries all of them. The figures say so (docs/benchmarks.md).
     */
    @Test
    void identicalGreedyTasksRunInLockStepOnTheEnginePathAndTheFiguresSaySo(@TempDir Path tmp) throws Exception {
        Path model = tmp.resolve("tiny");
        assertEquals(
                0,
                SightlineCli.commandLine()
                        .execute("init-model", "--preset", "tiny", "--out", model.toString(), "--seed", "3"));
        var w = PlatformBenchmark.Workload.oneFrame(
                Path.of("..", "docs", "examples", "scene.png"), "How many red objects?", "latent", 2, 6);
        try (var engine = new PlatformBenchmark.InProcess(model, vision -> w)) {
            var f = engine.run(8, 4);
            assertEquals(0, f.failed());
            assertEquals(4.0, f.forwards().decodeRows(), 1e-9, "every decode forward carries the whole wave");
            assertEquals(4.0, f.forwards().prefillRows(), 1e-9, "the first wave is prefilled in one packed forward");
            var json = f.json(JsonMapper.builder().build().createObjectNode());
            assertEquals(4.0, json.get("decode_rows_per_forward").asDouble());
            assertTrue(json.get("decode_ms_per_forward").asDouble() > 0, "a decode forward takes time");
            double cpu = json.get("decode_cpu_ms_per_forward").asDouble();
            assertTrue(
                    cpu > 0 && cpu <= json.get("decode_ms_per_forward").asDouble() * 1.05,
                    "a decode forward's CPU is measured, and not more than its wall time: " + json);
            assertTrue(
                    json.get("forward_cpu_ms_per_task").asDouble() >= cpu,
                    "a task's forwards cost at least one decode forward's CPU (it runs several)");
            assertTrue(
                    json.get("process_cpu_ms_per_task").asDouble() >= cpu,
                    "the JVM's CPU per task is measured, and at least one decode forward's (a task runs several)");
            assertFalse(json.has("client_cpu_ms_per_task"), "the engine path has no client");
            assertTrue(json.get("process_jit_ms_per_task").asDouble() >= 0, "the JVM's JIT time per task: " + json);
            // The first wave computes the prompt; the second finds it in the prefix cache.
            assertEquals(0.5, json.get("prefix_hit_ratio").asDouble());
            var again = engine.run(8, 4);
            assertEquals(
                    1.0,
                    again.forwards().prefixHitRatio(),
                    "a second run finds the cache as warm as a running reasoner's");
            // Each prompt is cached but for its last position, a decode row: no prefill forward at all.
            assertEquals(0.0, again.forwards().prefillRows(), 1e-9, "figures count this run's forwards only");
        }
        var platform = new BenchFigures(1, 2, 3, 4, 0);
        assertFalse(
                platform.json(JsonMapper.builder().build().createObjectNode()).has("decode_rows_per_forward"));
    }

    /** The scenes workload: distinct frames and questions, each task its own prompt; the list repeats after N. */
    @Test
    void aScenesWorkloadGivesEveryTaskItsOwnFrameAndTheEnginePathPrefillsEach(@TempDir Path tmp) {
        Path model = tmp.resolve("tiny");
        assertEquals(
                0,
                SightlineCli.commandLine()
                        .execute("init-model", "--preset", "tiny", "--out", model.toString(), "--seed", "3"));
        try (var engine = new PlatformBenchmark.InProcess(
                model, vision -> PlatformBenchmark.Workload.scenes(vision, 4, "text", 0, 6))) {
            var w = engine.workload();
            assertEquals(4, w.tasks().size());
            assertEquals(
                    4,
                    w.tasks().stream()
                            .map(t -> java.util.Arrays.hashCode(t.png()))
                            .distinct()
                            .count());
            assertTrue(w.tasks().stream().allMatch(t -> !t.question().isBlank()));
            assertEquals(w.task(1), w.task(5), "task i of a longer run is task i mod N");
            var f = engine.run(8, 4);
            assertEquals(0, f.failed());
            // four distinct frames miss the prefix cache in the first wave; the second wave repeats them
            assertEquals(0.5, f.forwards().prefixHitRatio(), 1e-9);
        }
    }
}
