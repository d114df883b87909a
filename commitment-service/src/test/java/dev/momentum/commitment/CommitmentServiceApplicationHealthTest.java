package dev.momentum.commitment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.momentum.localstack.Component;
import dev.momentum.localstack.junit.LocalStackTest;
import dev.momentum.localstack.junit.TestStack;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The service starts against the real components and reports them healthy. */
@LocalStackTest({Component.POSTGRES, Component.KAFKA})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CommitmentServiceApplicationHealthTest {

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        String database = TestStack.uniqueName("commitments");
        TestStack.postgres().createDatabase(database);
        registry.add("spring.datasource.url", () -> TestStack.postgres().jdbcUrl(database));
        registry.add("spring.datasource.username", () -> TestStack.postgres().username());
        registry.add("spring.datasource.password", () -> TestStack.postgres().password());
        registry.add("spring.kafka.bootstrap-servers", () -> TestStack.kafka().bootstrapServers());
    }

    @Autowired
    TestRestTemplate http;

    @Test
    void healthIsUpWithItsComponents() {
        JsonNode health = http.getForObject("/actuator/health", JsonNode.class);
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.path("components").path("db").path("status").asText()).isEqualTo("UP");
    }
}
