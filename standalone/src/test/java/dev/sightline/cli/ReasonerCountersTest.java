package dev.sightline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReasonerCountersTest {
    /** Two scrapes of a reasoner as Micrometer's Prometheus registry writes them, a run apart. */
    private static String scrape(
            double decodeForwards, double decodeRows, double decodeSeconds, double hits, double processNanos) {
        return """
                # HELP sightline_reasoner_forwards_total
                # TYPE sightline_reasoner_forwards_total counter
                sightline_reasoner_forwards_total{application="reasoner",kind="decode"} %s
                sightline_reasoner_forwards_total{application="reasoner",kind="prefill"} 10.0
                sightline_reasoner_forward_rows_total{application="reasoner",kind="decode"} %s
                sightline_reasoner_forward_rows_total{application="reasoner",kind="prefill"} 40.0
                # TYPE sightline_reasoner_forward_seconds_total counter
                sightline_reasoner_forward_seconds_total{application="reasoner",kind="decode"} %s
                sightline_reasoner_forward_seconds_total{application="reasoner",kind="prefill"} 1.5
                sightline_reasoner_forward_cpu_seconds_total{application="reasoner",kind="decode"} %s
                sightline_reasoner_forward_cpu_seconds_total{application="reasoner",kind="prefill"} 1.0
                sightline_reasoner_prefix_hits_total{application="reasoner"} %s
                sightline_reasoner_prefix_lookups_total{application="reasoner"} %s
                sightline_reasoner_sessions_active{application="reasoner"} 16.0
                jvm_threads_live_threads{application="reasoner"} 90.0
                process_cpu_time_ns_total{application="reasoner"} %s
                process_cpu_usage{application="reasoner"} 0.9
                jvm_compilation_time_ms_total{application="reasoner",compiler="HotSpot 64-Bit Tiered Compilers"} %s
                """.formatted(
                        decodeForwards,
                        decodeRows,
                        decodeSeconds,
                        decodeSeconds / 2,
                        hits,
                        hits + 4,
                        processNanos,
                        processNanos / 1e7);
    }

    @Test
    void aRunsFiguresAreTheCountersAddedDuringItNotTheTotalsSinceStart() {
        var before = ReasonerCounters.parse(scrape(100, 1000, 0.5, 6, 7e9));
        var after = ReasonerCounters.parse(scrape(300, 4200, 1.3, 30, 9e9));
        var f = after.since(before).applyTo(new BenchFigures(40, 400, 500, 600, 0).withCpu(Double.NaN, 3.5), 100);
        assertEquals(16.0, f.forwards().decodeRows(), 1e-9, "3 200 rows over 200 decode forwards");
        assertEquals(4.0, f.forwards().decodeMs(), 1e-9, "0.8 s over 200 decode forwards");
        assertEquals(2.0, f.forwards().decodeCpuMs(), 1e-9, "0.4 s of the thread's CPU over 200 decode forwards");
        assertEquals(20.0, f.processCpuMs(), 1e-9, "2 s of the reasoner's process over 100 tasks");
        assertEquals(2.0, f.processJitMs(), 1e-9, "200 ms of its JIT compilers over 100 tasks");
        assertEquals(
                4.0,
                f.forwards().forwardCpuMs(),
                1e-9,
                "0.4 s of the thread's CPU in forwards (no prefill) over 100 tasks");
        assertEquals(3.5, f.clientCpuMs(), "the client's CPU is the bench's own");
        assertEquals(0.0, f.forwards().prefillRows(), 1e-9, "no prefill forward in between");
        assertEquals(1.0, f.forwards().prefixHitRatio(), 1e-9, "24 hits of 24 lookups");
        assertEquals(40, f.tasksPerS(), "the client's own figures are kept");
        var json =
                f.json(tools.jackson.databind.json.JsonMapper.builder().build().createObjectNode());
        assertEquals(4.0, json.get("decode_ms_per_forward").asDouble());
        assertEquals(2.0, json.get("decode_cpu_ms_per_forward").asDouble());
        assertEquals(4.0, json.get("forward_cpu_ms_per_task").asDouble());
        assertEquals(20.0, json.get("process_cpu_ms_per_task").asDouble());
        assertEquals(3.5, json.get("client_cpu_ms_per_task").asDouble());
        assertEquals(2.0, json.get("process_jit_ms_per_task").asDouble());
    }

    @Test
    void aReasonerThatExportsNoProcessCpuLeavesThatFigureOut() {
        String noProcess = scrape(100, 1000, 0.5, 6, 0)
                .replaceAll("(?m)^(process_cpu_time_ns_total|jvm_compilation_time_ms_total).*\n", "");
        var f = ReasonerCounters.parse(noProcess)
                .since(ReasonerCounters.parse(noProcess))
                .applyTo(new BenchFigures(40, 400, 500, 600, 0), 100);
        assertTrue(Double.isNaN(f.processCpuMs()));
        assertTrue(Double.isNaN(f.processJitMs()));
        var json =
                f.json(tools.jackson.databind.json.JsonMapper.builder().build().createObjectNode());
        assertTrue(
                !json.has("process_cpu_ms_per_task")
                        && !json.has("process_jit_ms_per_task")
                        && json.has("decode_cpu_ms_per_forward"),
                json.toString());
    }

    @Test
    void aUrlWithNoReasonerBehindItIsAClearError() throws Exception {
        try (var http = new GatewayClient("http://127.0.0.1:1", "unused")) {
            var e = assertThrows(
                    IllegalArgumentException.class, () -> ReasonerCounters.scrape(http, "http://127.0.0.1:1"));
            assertTrue(
                    e.getMessage().startsWith("no reasoner metrics at http://127.0.0.1:1/actuator/prometheus"),
                    e.getMessage());
        }
    }
}
