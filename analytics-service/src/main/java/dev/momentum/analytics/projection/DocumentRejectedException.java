package dev.momentum.analytics.projection;

/**
 * A fact that can never be projected: Elasticsearch refused one of its documents for good (400), or a
 * document could not be built. The {@code kafka_dlt-exception-fqcn} of its dead letter.
 */
public class DocumentRejectedException extends RuntimeException {

    public DocumentRejectedException(String message) {
        super(message);
    }
}
