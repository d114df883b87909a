package dev.momentum.localstack;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** A running single-node Kafka broker. */
public interface Kafka extends AutoCloseable {

    String bootstrapServers();

    /** Creates the topics unless they exist, and returns once the broker lists them all. */
    default void createTopics(Collection<String> names, int partitions) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30000);
        try (Admin admin = Admin.create(props)) {
            List<NewTopic> topics = names.stream().map(name -> new NewTopic(name, partitions, (short) 1)).toList();
            for (var entry : admin.createTopics(topics).values().entrySet()) {
                try {
                    entry.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new StackStartException("Kafka could not create topic " + entry.getKey() + ": "
                                + e.getCause().getMessage(), e);
                    }
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!admin.listTopics().names().get(30, TimeUnit.SECONDS).containsAll(Set.copyOf(names))) {
                if (System.nanoTime() > deadline) {
                    throw new StackStartException("Kafka did not list the topics " + names + " within 60 s");
                }
                Thread.sleep(100);
            }
        } catch (StackStartException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackStartException("interrupted while creating topics " + names, e);
        } catch (Exception e) {
            throw new StackStartException("Kafka topic creation failed for " + names + ": " + e.getMessage(), e);
        }
    }

    /** Stops the broker, keeping its data: lets tests prove behaviour while Kafka is down. */
    void stop();

    /** Starts a stopped broker again on the same address with the same data. */
    void start();

    @Override
    void close();
}
