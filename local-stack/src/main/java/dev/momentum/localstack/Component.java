package dev.momentum.localstack;

/** The real infrastructure components Momentum runs on. */
public enum Component {
    POSTGRES("PostgreSQL"),
    KAFKA("Kafka"),
    ELASTICSEARCH("Elasticsearch");

    private final String displayName;

    Component(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }
}
