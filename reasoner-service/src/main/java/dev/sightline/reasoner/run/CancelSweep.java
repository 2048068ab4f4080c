package dev.sightline.reasoner.run;

import dev.sightline.contracts.RedisKeys;
import dev.sightline.kit.BinaryRedis;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The cancellations this replica's subscriber may have missed. Redis pub/sub delivers a message only to the
 * subscribers connected when it is published, so a cancel sent while the subscription reconnects would leave its
 * session running to the end. Once a second the running tasks' cancellation marks (which the gateway sets before it
 * publishes) are read in one pipelined round trip — nothing at all while idle — and each marked task is cancelled;
 * a session already stopping takes the repeat as a no-op.
 */
@Component
class CancelSweep {
    private static final Logger log = LoggerFactory.getLogger(CancelSweep.class);

    private final StringRedisTemplate redis;
    private final Supplier<List<String>> running;
    private final Consumer<String> cancel;

    @Autowired
    CancelSweep(StringRedisTemplate redis, SessionRunner runner) {
        this(redis, runner::runningIds, runner::cancel);
    }

    CancelSweep(StringRedisTemplate redis, Supplier<List<String>> running, Consumer<String> cancel) {
        this.redis = redis;
        this.running = running;
        this.cancel = cancel;
    }

    @Scheduled(fixedDelay = 1000, initialDelay = 1000)
    void sweep() {
        List<String> ids = running.get();
        if (ids.isEmpty()) {
            return;
        }
        boolean[] marked;
        try {
            marked = BinaryRedis.exists(
                    redis, ids.stream().map(RedisKeys::cancelled).toList());
        } catch (DataAccessException e) {
            log.warn("could not read the running tasks' cancellation marks: {}", e.getMessage());
            return;
        }
        for (int i = 0; i < ids.size(); i++) {
            if (marked[i]) {
                cancel.accept(ids.get(i));
            }
        }
    }
}
