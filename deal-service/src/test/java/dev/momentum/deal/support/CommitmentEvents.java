package dev.momentum.deal.support;

import dev.momentum.contracts.commitment.CommitmentCategory;
import dev.momentum.contracts.commitment.Party;
import dev.momentum.contracts.commitment.Role;
import dev.momentum.contracts.envelope.EventCodec;
import dev.momentum.contracts.envelope.EventSources;
import dev.momentum.contracts.event.CommitmentKept;
import dev.momentum.contracts.event.CommitmentMade;
import dev.momentum.contracts.event.CommitmentMissed;
import dev.momentum.contracts.event.MomentumEvent;
import dev.momentum.localstack.junit.TestStack;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventSerializer;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Puts commitment events on a topic as the commitment-service does: contract records, CloudEvents binary mode. */
public final class CommitmentEvents {

    public static final String TENANT = "default";
    static final Party CHAMPION = Party.buyer(Role.CHAMPION, "Dana");
    static final Party AE = Party.seller(Role.ACCOUNT_EXECUTIVE, "Sam");

    private CommitmentEvents() {
    }

    /** One event with its ce_id, so that a test can send the very same event twice. */
    public record Sent(String ceId, MomentumEvent event) {
        public static Sent of(MomentumEvent event) {
            return new Sent(UUID.randomUUID().toString(), event);
        }
    }

    public static MomentumEvent made(String dealId, String commitmentId, Instant at, Instant dueAt) {
        return made(TENANT, dealId, commitmentId, at, dueAt);
    }

    public static MomentumEvent made(String tenant, String dealId, String commitmentId, Instant at, Instant dueAt) {
        return new CommitmentMade(tenant, dealId, commitmentId, 0, at, CommitmentCategory.LEARN, CHAMPION, AE, dueAt,
                "share the requirements");
    }

    public static MomentumEvent buyerMissed(String dealId, String commitmentId, Instant at, Instant dueAt) {
        return buyerMissed(TENANT, dealId, commitmentId, at, dueAt);
    }

    public static MomentumEvent buyerMissed(String tenant, String dealId, String commitmentId, Instant at, Instant dueAt) {
        return new CommitmentMissed(tenant, dealId, commitmentId, 1, at, CommitmentCategory.LEARN, CHAMPION, AE, dueAt,
                CommitmentMissed.DUE_DATE_PASSED);
    }

    public static MomentumEvent keptLate(String dealId, String commitmentId, Instant at, Instant dueAt) {
        return new CommitmentKept(TENANT, dealId, commitmentId, 2, at, CommitmentCategory.LEARN, CHAMPION, AE, dueAt,
                true, "sent at last");
    }

    public static void send(String topic, List<Sent> events) {
        try (var producer = new KafkaProducer<String, CloudEvent>(java.util.Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.kafka().bootstrapServers()),
                new StringSerializer(), new CloudEventSerializer())) {
            for (Sent sent : events) {
                producer.send(new ProducerRecord<>(topic, sent.event().dealId(),
                        EventCodec.toCloudEvent(sent.ceId(), sent.event(), EventSources.COMMITMENT_SERVICE, Instant.now())));
            }
            producer.flush();
        }
    }

    /** A record that is no CloudEvent at all. */
    public static void sendGarbage(String topic, String key) {
        try (var producer = new KafkaProducer<String, byte[]>(java.util.Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.kafka().bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, "not an event".getBytes()));
            producer.flush();
        }
    }
}
