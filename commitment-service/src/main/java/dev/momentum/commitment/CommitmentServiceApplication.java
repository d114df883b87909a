package dev.momentum.commitment;

import dev.momentum.commitment.domain.MissPolicy;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
@EnableConfigurationProperties(CommitmentProperties.class)
public class CommitmentServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(CommitmentServiceApplication.class, args);
    }

    @Bean
    MissPolicy missPolicy(CommitmentProperties properties) {
        return new MissPolicy(properties.missGrace());
    }
}
