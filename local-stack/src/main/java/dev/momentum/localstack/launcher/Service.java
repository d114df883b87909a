package dev.momentum.localstack.launcher;

import java.util.List;

/** A Momentum service as the launcher runs it: its module (and jar) name and its HTTP port. */
record Service(String name, int port) {

    static final List<Service> ALL = List.of(
            new Service("commitment-service", 8081),
            new Service("deal-service", 8082),
            new Service("analytics-service", 8083));

    String healthUrl() {
        return "http://127.0.0.1:" + port + "/actuator/health";
    }
}
