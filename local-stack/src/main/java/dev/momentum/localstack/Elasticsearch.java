package dev.momentum.localstack;

/** A running single-node Elasticsearch server. */
public interface Elasticsearch extends AutoCloseable {

    /** The HTTP base URL, e.g. {@code http://127.0.0.1:9200}. */
    String url();

    @Override
    void close();
}
