package dev.momentum.support.messaging;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;

/** Which failures to send a record are the record's own, for good, as opposed to Kafka's, for now. */
public final class KafkaFailures {

    private KafkaFailures() {
    }

    /**
     * True when sending the same record again can never succeed: it is too large for the broker or
     * the producer, or it cannot be serialized. Everything else (broker down, timeouts, not enough
     * replicas, authorization) is the cluster's state and is retried.
     */
    public static boolean isPermanent(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException
                    || t instanceof SerializationException || t instanceof InvalidRecordException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
