package dev.momentum.commitment;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class CommitmentServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(CommitmentServiceApplication.class, args);
    }
}
