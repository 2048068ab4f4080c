package dev.sightline.reasoner.run;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * A reasoner whose scheduler loop died runs nothing it takes: it stops its encoded-task listener (the consumer leaves
 * its group, so the partitions and the records not yet committed go to other replicas) and reports itself BROKEN
 * ({@code /actuator/health/liveness} DOWN), so Kubernetes restarts the pod instead of leaving a replica that still
 * heartbeats and answers health checks.
 */
@Component
class LoopLiveness {
    private static final Logger log = LoggerFactory.getLogger(LoopLiveness.class);

    LoopLiveness(SessionRunner runner, KafkaListenerEndpointRegistry registry, ApplicationEventPublisher events) {
        runner.onLoopDied(e -> {
            MessageListenerContainer listener = registry.getListenerContainer(Backpressure.LISTENER_ID);
            if (listener != null) {
                // not from the dying thread's stack: stop(callback) returns at once
                listener.stop(() -> log.warn("encoded-task listener stopped: its partitions go to other replicas"));
            }
            AvailabilityChangeEvent.publish(events, runner, LivenessState.BROKEN);
        });
    }
}
