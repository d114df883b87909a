package dev.momentum.commitment;

import dev.momentum.commitment.domain.MissPolicy;
import java.time.Clock;
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

    /** "Now" for business time; a bean so that tests can move it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    MissPolicy missPolicy(CommitmentProperties properties) {
        return new MissPolicy(properties.missGrace());
    }
}
