package dev.sightline.reasoner.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OutboxTest {
    @Test
    void recordsLeaveInTheOrderHandedInEvenWhenTheOutboxIsFull() throws Exception {
        List<Integer> out = new ArrayList<>(); // only the outbox's one thread writes it
        CountDownLatch opened = new CountDownLatch(1);
        try (Outbox outbox = new Outbox("test-publisher", 2, Duration.ofSeconds(10))) {
            outbox.submit(() -> {
                try {
                    opened.await(); // hold the thread: what follows fills the queue and blocks the caller
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Thread caller = new Thread(() -> IntStream.range(0, 100).forEach(i -> outbox.submit(() -> out.add(i))));
            caller.start();
            Thread.sleep(100);
            assertEquals(Thread.State.WAITING, caller.getState(), "a full outbox makes its caller wait");
            opened.countDown();
            caller.join(10_000);
            assertTrue(outbox.drain(), "everything handed in leaves on close");
        }
        assertEquals(IntStream.range(0, 100).boxed().toList(), out);
    }

    @Test
    void aRecordHandedInAfterCloseIsRefusedNotDropped() {
        Outbox outbox = new Outbox("test-publisher", 2, Duration.ofSeconds(1));
        outbox.close();
        assertThrows(RejectedExecutionException.class, () -> outbox.submit(() -> {}));
    }
}
