package dev.momentum.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.momentum.client.Deals.Deal;
import dev.momentum.client.Deals.OpenDeal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client's transport behaviour that the real services cannot be made to show on demand: a 503 with
 * {@code Retry-After} followed by a success, a connection reset before any answer. An in-process HTTP stub (JDK
 * {@code HttpServer}) and a raw socket that resets each connection stand in for a service, for that reason only; what
 * the services answer (problem+json members, idempotent replays, typed bodies) is tested against the real, packaged
 * services in end-to-end's {@code MomentumClientEndToEndTest}. The waits are observed, not slept.
 */
class MomentumClientTransportTest {

    private static final String DEAL = """
            {"dealId":"D-1","name":"Acme","pipeline":"buyer-journey","stage":"QUALIFY","status":"OPEN",
             "stallEpisodes":[],"commitments":{"open":0,"kept":0,"keptLate":0,"missed":0,"buyerMissesSinceProgress":0},
             "closePushes":0,"openedAt":"2026-01-05T10:00:00Z","someFutureMember":true}""";
    private static final String UNAVAILABLE = """
            {"type":"https://momentum.dev/problems/dependency-unavailable","title":"Service unavailable","status":503,
             "detail":"PostgreSQL is unavailable"}""";

    private record Answer(int status, String retryAfter, String body) {
    }

    private record Seen(String method, String path, String query, String idempotencyKey, String authorization, String body) {
    }

    private HttpServer server;
    private final Deque<Answer> answers = new ArrayDeque<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final List<Duration> waits = new ArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private String stub(Answer... script) throws IOException {
        answers.addAll(List.of(script));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void answer(HttpExchange exchange) throws IOException {
        seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders().getFirst("Idempotency-Key"), exchange.getRequestHeaders().getFirst("Authorization"),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        Answer answer = answers.poll();
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", answer.status() >= 400 ? "application/problem+json" : "application/json");
        if (answer.retryAfter() != null) {
            exchange.getResponseHeaders().set("Retry-After", answer.retryAfter());
        }
        exchange.sendResponseHeaders(answer.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private MomentumClient client(String dealUrl, RetryPolicy policy) {
        return MomentumClient.builder().dealUrl(dealUrl).bearerToken("T0KEN").retries(policy).sleeper(waits::add).build();
    }

    @Test
    void a503IsRepeatedAfterItsRetryAfterWithTheSameIdempotencyKey() throws IOException {
        String url = stub(new Answer(503, "7", UNAVAILABLE), new Answer(503, "2", UNAVAILABLE), new Answer(201, null, DEAL));

        Deal deal = client(url, RetryPolicy.DEFAULT).openDeal(OpenDeal.named("D-1", "Acme", null));

        assertThat(deal.dealId()).isEqualTo("D-1");
        assertThat(deal.openedAt()).hasToString("2026-01-05T10:00:00Z");
        assertThat(waits).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(2));
        assertThat(seen).hasSize(3).allSatisfy(s -> {
            assertThat(s.method()).isEqualTo("POST");
            assertThat(s.path()).isEqualTo("/api/v1/deals");
            assertThat(s.authorization()).isEqualTo("Bearer T0KEN");
            assertThat(s.body()).isEqualTo("{\"dealId\":\"D-1\",\"name\":\"Acme\"}");
        });
        assertThat(seen).extracting(Seen::idempotencyKey).doesNotContainNull().containsOnly(seen.get(0).idempotencyKey());
    }

    @Test
    void idsAndQueryValuesAreSentEncodedWhole() throws IOException {
        // the bytes on the wire, which only a stand-in sees: a value with &, +, braces and a space stays one value
        String url = stub(new Answer(200, null, DEAL), new Answer(200, null, "{\"items\":[],\"page\":0,\"size\":5,\"totalItems\":0}"));
        MomentumClient client = client(url, RetryPolicy.NONE);

        client.deal("D-1:x.y");
        client.deals(new Deals.DealFilter(null, "Stage {2}", "Ana & co+", null), 0, 5);

        assertThat(seen.get(0).path()).isEqualTo("/api/v1/deals/D-1%3Ax.y"); // ":" encoded too: the service decodes it
        assertThat(seen.get(1).query()).isEqualTo("stage=Stage%20%7B2%7D&owner=Ana%20%26%20co%2B&page=0&size=5");
    }

    @Test
    void eachLogicalCallHasAKeyOfItsOwn() throws IOException {
        String url = stub(new Answer(201, null, DEAL), new Answer(200, null, DEAL));
        MomentumClient client = client(url, RetryPolicy.DEFAULT);

        client.openDeal(OpenDeal.named("D-1", "Acme", null));
        client.openDeal(OpenDeal.named("D-1", "Acme", null));

        assertThat(seen).extracting(Seen::idempotencyKey).doesNotHaveDuplicates().doesNotContainNull();
    }

    @Test
    void retriesAreBoundedAndRetryAfterIsCappedByMaxWait() throws IOException {
        String url = stub(new Answer(503, "3600", UNAVAILABLE), new Answer(503, null, UNAVAILABLE),
                new Answer(503, "1", UNAVAILABLE), new Answer(201, null, DEAL));
        RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(20), Duration.ofMillis(250));

        assertThatThrownBy(() -> client(url, policy).deal("D-1")).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.is("dependency-unavailable")).isTrue();
            assertThat(e.detail()).isEqualTo("PostgreSQL is unavailable");
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
        });
        // an hour asked for, 20 s waited; then no Retry-After: the backoff times the attempt
        assertThat(waits).containsExactly(Duration.ofSeconds(20), Duration.ofMillis(500));
        assertThat(seen).hasSize(3);
    }

    @Test
    void otherProblemsAreNotRepeated() throws IOException {
        String url = stub(new Answer(409, null, """
                {"type":"https://momentum.dev/problems/conflict","title":"Not allowed in the current state","status":409,
                 "detail":"deal D-1 is closed","currentStatus":"WON"}"""));

        assertThatThrownBy(() -> client(url, RetryPolicy.DEFAULT).closeDeal("D-1", new Deals.CloseDeal("LOST", null, null, null)))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.currentStatus()).contains("WON");
                    assertThat(e.getMessage()).contains("POST ", "/api/v1/deals/D-1/close", "409", "deal D-1 is closed");
                });
        assertThat(seen).hasSize(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void aResetConnectionIsRepeatedUntilTheAttemptsAreSpent() throws IOException {
        try (ServerSocket resetting = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<String> requests = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                while (!resetting.isClosed()) {
                    try (Socket socket = resetting.accept()) {
                        InputStream in = socket.getInputStream();
                        byte[] head = new byte[8192];
                        int read = in.read(head);
                        String text = new String(head, 0, Math.max(read, 0), StandardCharsets.ISO_8859_1);
                        requests.add(text.lines().filter(l -> l.regionMatches(true, 0, "Idempotency-Key:", 0, 16))
                                .findFirst().orElse("no key"));
                        socket.setSoLinger(true, 0); // close with RST: a reset, not an orderly end
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            MomentumClient client = client("http://127.0.0.1:" + resetting.getLocalPort(),
                    new RetryPolicy(3, Duration.ofSeconds(5), Duration.ofMillis(100)));

            assertThatThrownBy(() -> client.openDeal(OpenDeal.named("D-1", "Acme", null)))
                    .isInstanceOfSatisfying(UnreachableException.class, e -> {
                        assertThat(e.status()).isZero();
                        assertThat(e.attempts()).isEqualTo(3);
                    });
            assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
            assertThat(requests).hasSize(3).doesNotContain("no key").containsOnly(requests.get(0));
        }
    }

    @Test
    void aResetThenAnAnswerIsOneSuccessfulCall() throws IOException {
        String url = stub(new Answer(201, null, DEAL));
        int port = server.getAddress().getPort();
        // the first connection goes to a socket that resets it, the next ones to the stub
        try (ServerSocket resetting = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try (Socket socket = resetting.accept()) {
                    socket.getInputStream().read(new byte[8192]);
                    socket.setSoLinger(true, 0);
                } catch (IOException ignored) {
                    // the test failed anyway
                }
            });
            acceptor.start();
            List<String> bases = new CopyOnWriteArrayList<>(List.of("http://127.0.0.1:" + resetting.getLocalPort(), url));
            MomentumClient client = MomentumClient.builder().dealUrl(bases.get(0)).bearerToken("T0KEN")
                    .sleeper(wait -> {
                        waits.add(wait);
                        redirect(resetting, port);
                    }).build();
            // after the reset, the port that reset now forwards to the stub
            Deal deal = client.openDeal(OpenDeal.named("D-1", "Acme", null));
            assertThat(deal.name()).isEqualTo("Acme");
            assertThat(waits).containsExactly(RetryPolicy.DEFAULT.backoff());
            assertThat(seen).hasSize(1);
        }
    }

    /** Forwards the next connection to {@code resetting}'s port to the stub, byte for byte. */
    private static void redirect(ServerSocket resetting, int stubPort) {
        Thread forwarder = new Thread(() -> {
            try (Socket client = resetting.accept(); Socket stub = new Socket(InetAddress.getLoopbackAddress(), stubPort)) {
                Thread up = new Thread(() -> pipe(client, stub));
                up.start();
                pipe(stub, client);
                up.join();
            } catch (IOException | InterruptedException ignored) {
                // the test's assertions tell
            }
        });
        forwarder.setDaemon(true);
        forwarder.start();
    }

    private static void pipe(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException ignored) {
            // one side closed
        }
    }
}
