package dev.momentum.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** Plain HTTP to the services, loopback only: every answer kept as it came, failures to answer included. */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** Long enough to see what a service answers while a dependency hangs (Hikari waits 30 s for a connection). */
    static final Duration TIMEOUT = Duration.ofSeconds(40);

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();

    private Http() {
    }

    /**
     * One exchange: {@code status} 0 and {@code error} set when no answer came (refused, reset, timed out).
     */
    record Answer(String method, String uri, int status, String contentType, String body, String error,
                  Instant sentAt, Instant answeredAt) {

        boolean answered() {
            return error == null;
        }

        boolean ok() {
            return status >= 200 && status < 300;
        }

        boolean serverError() {
            return status >= 500;
        }

        boolean problemJson() {
            return contentType != null && contentType.toLowerCase().startsWith("application/problem+json");
        }

        JsonNode json() {
            try {
                return body == null || body.isBlank() ? JSON.nullNode() : JSON.readTree(body);
            } catch (IOException e) {
                return JSON.nullNode();
            }
        }

        /** For messages: what was asked and what came back, shortened. */
        String describe() {
            String what = answered() ? status + " " + shorten(body, 300) : "no answer (" + error + ")";
            return method + " " + uri + " -> " + what;
        }
    }

    static HttpRequest.Builder request(String method, String url, String token, Object body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT);
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (body == null) {
            return builder.method(method, HttpRequest.BodyPublishers.noBody());
        }
        byte[] bytes = body instanceof byte[] raw ? raw : body instanceof String text ? text.getBytes(java.nio.charset.StandardCharsets.UTF_8) : json(body);
        return builder.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
    }

    static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CompletableFuture<Answer> sendAsync(HttpRequest request) {
        Instant sent = Instant.now();
        return CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .handle((response, failure) -> response != null
                        ? new Answer(request.method(), request.uri().toString(), response.statusCode(),
                        response.headers().firstValue("Content-Type").orElse(null), response.body(), null, sent, Instant.now())
                        : new Answer(request.method(), request.uri().toString(), 0, null, null, why(failure), sent, Instant.now()));
    }

    static Answer send(HttpRequest request) {
        return sendAsync(request).join();
    }

    static Answer send(String method, String url, String token, Object body) {
        return send(request(method, url, token, body).build());
    }

    /** With a timeout of its own, e.g. for an import of hundreds of histories on a busy machine. */
    static Answer send(String method, String url, String token, Object body, Duration timeout) {
        return send(request(method, url, token, body).timeout(timeout).build());
    }

    /**
     * One exchange over a plain socket, the header values written as UTF-8 bytes. The JDK's HttpClient writes
     * header values as US-ASCII: it sends {@code Idempotency-Key: ü} as {@code Idempotency-Key: ?}, a valid key,
     * so a header with non-ASCII text can only be sent as it is this way. HTTP/1.1 with {@code Connection: close}:
     * the answer ends with the connection (or is chunked).
     */
    static CompletableFuture<Answer> sendRaw(String method, URI uri, java.util.Map<String, String> headers, byte[] body,
                                             Duration timeout) {
        return CompletableFuture.supplyAsync(() -> {
            Instant sent = Instant.now();
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress(uri.getHost(), uri.getPort()), 3000);
                socket.setSoTimeout((int) timeout.toMillis());
                java.io.ByteArrayOutputStream request = new java.io.ByteArrayOutputStream();
                StringBuilder head = new StringBuilder();
                head.append(method).append(' ').append(uri.getRawPath())
                        .append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()).append(" HTTP/1.1\r\n");
                head.append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n");
                head.append("Connection: close\r\n");
                byte[] content = body == null ? new byte[0] : body;
                head.append("Content-Length: ").append(content.length).append("\r\n");
                headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
                head.append("\r\n");
                request.write(head.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                request.write(content);
                socket.getOutputStream().write(request.toByteArray());
                socket.getOutputStream().flush();
                byte[] response = socket.getInputStream().readAllBytes();
                return parse(method, uri, response, sent);
            } catch (IOException | RuntimeException e) {
                return new Answer(method, uri.toString(), 0, null, null, why(e), sent, Instant.now());
            }
        });
    }

    private static Answer parse(String method, URI uri, byte[] response, Instant sent) {
        String text = new String(response, java.nio.charset.StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.") || end < 0) {
            return new Answer(method, uri.toString(), 0, null, null, "not an HTTP answer: " + shorten(text, 80), sent, Instant.now());
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        String contentType = null;
        boolean chunked = false;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            String name = colon < 0 ? lines[i] : lines[i].substring(0, colon).trim();
            String value = colon < 0 ? "" : lines[i].substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Type")) {
                contentType = value;
            } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                chunked = true;
            }
        }
        byte[] content = java.util.Arrays.copyOfRange(response, end + 4, response.length);
        if (chunked) {
            java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
            int at = 0;
            while (at < content.length) {
                int lineEnd = new String(content, at, content.length - at, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("\r\n");
                int size = Integer.parseInt(new String(content, at, lineEnd, java.nio.charset.StandardCharsets.ISO_8859_1)
                        .split(";")[0].trim(), 16);
                if (size == 0) {
                    break;
                }
                joined.write(content, at + lineEnd + 2, size);
                at += lineEnd + 2 + size + 2;
            }
            content = joined.toByteArray();
        }
        return new Answer(method, uri.toString(), status, contentType, new String(content, java.nio.charset.StandardCharsets.UTF_8),
                null, sent, Instant.now());
    }

    private static String why(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && (cause instanceof java.util.concurrent.CompletionException
                || cause.getMessage() == null)) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    static String shorten(String text, int max) {
        if (text == null) {
            return "";
        }
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max) + "...";
    }
}
