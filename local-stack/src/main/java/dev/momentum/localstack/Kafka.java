package dev.momentum.localstack;

import dev.momentum.contracts.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** A running single-node Kafka broker. */
public interface Kafka extends AutoCloseable {

    String bootstrapServers();

    /** Creates the topics unless they exist, and returns once the broker lists them all. */
    default void createTopics(Collection<String> names, int partitions) {
        createTopics(names, partitions, Map.of());
    }

    /**
     * Every topic Momentum uses, as the services declare them: the contract topics with
     * {@code partitions} and the dead-letter topics with {@link Topics#DEAD_LETTER_PARTITIONS}, all with
     * {@code retention.ms=}{@value Topics#RETENTION_MS} (kept forever). What {@code ./momentum up} and
     * the test stack create, so that no service waits on a missing topic (auto-creation is off).
     */
    default void createMomentumTopics(int partitions) {
        Map<String, String> keepForever = Map.of(TopicConfig.RETENTION_MS_CONFIG, Topics.RETENTION_MS);
        createTopics(Topics.CONTRACT, partitions, keepForever);
        createTopics(Topics.DEAD_LETTER, Topics.DEAD_LETTER_PARTITIONS, keepForever);
    }

    /**
     * Creates the topics unless they exist, with these topic configs (also set on topics that existed
     * with other values), and returns once the broker lists them all.
     */
    default void createTopics(Collection<String> names, int partitions, Map<String, String> configs) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30000);
        try (Admin admin = Admin.create(props)) {
            List<NewTopic> topics = names.stream().map(name -> new NewTopic(name, partitions, (short) 1).configs(configs)).toList();
            List<String> existing = new ArrayList<>();
            for (var entry : admin.createTopics(topics).values().entrySet()) {
                try {
                    entry.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new StackStartException("Kafka could not create topic " + entry.getKey() + ": "
                                + e.getCause().getMessage(), e);
                    }
                    existing.add(entry.getKey());
                }
            }
            if (!existing.isEmpty() && !configs.isEmpty()) {
                Map<ConfigResource, Collection<AlterConfigOp>> alter = new HashMap<>();
                for (String name : existing) {
                    alter.put(new ConfigResource(ConfigResource.Type.TOPIC, name), configs.entrySet().stream()
                            .map(c -> new AlterConfigOp(new ConfigEntry(c.getKey(), c.getValue()), AlterConfigOp.OpType.SET))
                            .toList());
                }
                admin.incrementalAlterConfigs(alter).all().get(30, TimeUnit.SECONDS);
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
