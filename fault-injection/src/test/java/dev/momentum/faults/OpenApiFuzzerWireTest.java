package dev.momentum.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What the fuzzer puts on the wire, read by a plain socket server: a case must send what it claims to send.
 * Fault 6 once counted {@code Idempotency-Key: ü} as a pattern breaker that was accepted, while the JDK's client
 * had sent {@code ?}, a valid key.
 */
class OpenApiFuzzerWireTest {

    @Test
    void theJdkClientWritesNonAsciiHeaderTextAsAQuestionMarkSoTheFuzzerSendsItsUtf8Bytes() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String base = "http://127.0.0.1:" + server.getLocalPort();
            // the reason: through the JDK's client the key arrives as '?'
            CompletableFuture<byte[]> viaClient = CompletableFuture.supplyAsync(() -> answerOnce(server));
            Http.sendAsync(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/x"))
                    .header("Idempotency-Key", "\u00fc").GET().build()).get(20, TimeUnit.SECONDS);
            assertThat(latin1(viaClient.get(20, TimeUnit.SECONDS))).contains("Idempotency-Key: ?\r\n");

            // the fuzzer's case with that header: its UTF-8 bytes on the wire, the chunked problem read back
            OpenApiFuzzer.Operation operation = new OpenApiFuzzer.Operation("svc", base, "POST", "/api/x", List.of(), null,
                    false, false);
            OpenApiFuzzer.Case c = new OpenApiFuzzer.Case(0, operation, "header parameter Idempotency-Key: ü", "POST",
                    base + "/api/x?a=b", Map.of("Idempotency-Key", "\u00fc", "Content-Type", "application/json"),
                    "{}".getBytes(StandardCharsets.UTF_8), false);
            CompletableFuture<byte[]> viaFuzzer = CompletableFuture.supplyAsync(() -> answerOnce(server));
            OpenApiFuzzer.Outcome outcome = OpenApiFuzzer.send(List.of(c), 1);
            String request = latin1(viaFuzzer.get(20, TimeUnit.SECONDS));
            assertThat(request).startsWith("POST /api/x?a=b HTTP/1.1\r\n").contains("Idempotency-Key: \u00c3\u00bc\r\n")
                    .endsWith("\r\n\r\n{}");
            assertThat(outcome.sent).isEqualTo(1);
            assertThat(outcome.byStatus).isEqualTo(Map.of("400", 1L));
            assertThat(outcome.failureCounts).isEmpty();
        }
    }

    /** Reads one request (head and Content-Length body) and answers 400 problem+json in two chunks. */
    private static byte[] answerOnce(ServerSocket server) {
        try (Socket socket = server.accept()) {
            socket.setSoTimeout(20_000);
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            int length = -1;
            while (true) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                read.write(b);
                String text = latin1(read.toByteArray());
                int end = text.indexOf("\r\n\r\n");
                if (end >= 0) {
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(text);
                    length = m.find() ? Integer.parseInt(m.group(1)) : 0;
                    read.write(in.readNBytes(length));
                    break;
                }
            }
            socket.getOutputStream().write(("HTTP/1.1 400 \r\nContent-Type: application/problem+json\r\n"
                    + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                    + "a\r\n{\"status\":\r\n4\r\n400}\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            return read.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
