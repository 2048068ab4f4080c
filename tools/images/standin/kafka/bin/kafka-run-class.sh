#!/bin/bash
# minimal stand-in for Kafka's kafka-run-class.sh: java -cp /opt/kafka/libs/* MAIN args...
: "${KAFKA_HEAP_OPTS:=-Xmx256m}"
: "${KAFKA_LOG4J_OPTS:=-Dlog4j2.configurationFile=/opt/kafka/config/tools-log4j2.properties}"
exec java $KAFKA_HEAP_OPTS $KAFKA_JVM_PERFORMANCE_OPTS $KAFKA_LOG4J_OPTS $KAFKA_OPTS -cp "/opt/kafka/libs/*" "$@"
