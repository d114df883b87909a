package dev.momentum.support.idempotency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.momentum.support.idempotency.IdempotencyKeyStore.Claim;
import dev.momentum.support.idempotency.IdempotencyKeyStore.Claimed;
import dev.momentum.support.idempotency.IdempotencyKeyStore.InUse;
import dev.momentum.support.idempotency.IdempotencyKeyStore.Replay;
import dev.momentum.support.idempotency.IdempotencyKeyStore.Reused;
import dev.momentum.support.idempotency.IdempotencyKeyStore.StoredResponse;
import dev.momentum.support.tenant.CurrentTenant;
import dev.momentum.support.web.DependencyUnavailable;
import dev.momentum.support.web.ProblemType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * {@code Idempotency-Key} on a {@code POST /api/**} (as Stripe's and draft-ietf-httpapi-idempotency-key-header):
 * the first request with a key runs and its answer is kept; the same request again (method, path and body) with
 * the same key gets that answer again, with {@code Idempotency-Replayed: true}, without running. The key with
 * another request is 422, while the first is still running 409 with {@code Retry-After}. Keys are per tenant (the
 * token's). A 5xx, or a 409 that asks for a repeat ({@code concurrent-change}), is not kept: the retry runs for
 * real. Requests without the header pass untouched.
 */
public class IdempotencyKeyFilter extends OncePerRequestFilter {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotency-Replayed";
    /** Visible ASCII without quotes and backslashes: a UUID fits, so does any sane client's scheme. */
    public static final String KEY_PATTERN = "^[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,255}$";
    /** Seconds to wait before repeating a request whose key is in use: requests take milliseconds. */
    static final int IN_USE_RETRY_AFTER_SECONDS = 1;

    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeyFilter.class);
    private static final Pattern KEY = Pattern.compile(KEY_PATTERN);

    private final IdempotencyKeyStore store;
    private final CurrentTenant tenant;
    private final ObjectMapper json;
    private final long maxBodyBytes;

    public IdempotencyKeyFilter(IdempotencyKeyStore store, CurrentTenant tenant, ObjectMapper json, DataSize maxBody) {
        this.store = store;
        this.tenant = tenant;
        this.json = json;
        this.maxBodyBytes = maxBody.toBytes();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !HttpMethod.POST.matches(request.getMethod()) || !request.getRequestURI().startsWith("/api/")
                || request.getHeader(HEADER) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        List<String> values = Collections.list(request.getHeaders(HEADER));
        String key = values.size() == 1 ? unquote(values.get(0).trim()) : "";
        if (!KEY.matcher(key).matches()) {
            ProblemDetail problem = ProblemType.VALIDATION.problem(HEADER + ": " + (values.size() > 1 ? "send one key" :
                    "1 to 255 visible ASCII characters without quotes or backslashes (a UUID, say)"));
            problem.setProperty("errors", List.of(Map.of("field", HEADER, "message", problem.getDetail()
                    .substring(HEADER.length() + 2))));
            write(request, response, problem, null);
            return;
        }
        String tenantId;
        try {
            tenantId = tenant.id();
        } catch (IllegalStateException e) {
            chain.doFilter(request, response); // not authenticated: security answers, nothing to remember
            return;
        }
        byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
        if (body.length > maxBodyBytes) {
            write(request, response, ProblemType.PAYLOAD_TOO_LARGE.problem(
                    "request body is larger than the limit of " + maxBodyBytes + " bytes"), null);
            return;
        }
        String fingerprint = fingerprint(request, body);
        Claim claim;
        try {
            claim = store.claim(tenantId, key, fingerprint);
        } catch (DataAccessException e) {
            log.warn("idempotency keys unavailable: {}", e.toString());
            write(request, response, ProblemType.DEPENDENCY_UNAVAILABLE.problem(DependencyUnavailable.DETAIL),
                    Integer.toString(DependencyUnavailable.RETRY_AFTER_SECONDS));
            return;
        }
        if (claim instanceof Reused) {
            write(request, response, ProblemType.IDEMPOTENCY_KEY_REUSED.problem(HEADER + " '" + key
                    + "' was used for another request (method, path or body) within the retention period;"
                    + " use a new key for a new request"), null);
        } else if (claim instanceof InUse) {
            write(request, response, ProblemType.IDEMPOTENCY_KEY_IN_USE.problem("a request with " + HEADER + " '" + key
                    + "' is being answered right now; repeat it after Retry-After seconds to get its answer"),
                    Integer.toString(IN_USE_RETRY_AFTER_SECONDS));
        } else if (claim instanceof Replay replay) {
            replay(replay.response(), response);
        } else if (claim instanceof Claimed) {
            run(new KnownBody(request, body), response, chain, tenantId, key, fingerprint);
        }
    }

    private void run(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String tenantId,
                     String key, String fingerprint) throws ServletException, IOException {
        ContentCachingResponseWrapper answer = new ContentCachingResponseWrapper(response);
        boolean kept = false;
        try {
            chain.doFilter(request, answer);
            if (keep(answer)) {
                store.complete(tenantId, key, fingerprint, new StoredResponse(answer.getStatus(), answer.getContentType(),
                        answer.getHeader(HttpHeaders.LOCATION), answer.getContentAsByteArray()));
                kept = true;
            }
        } catch (DataAccessException e) {
            // the answer itself stands; a retry runs again once the claim times out
            log.warn("could not keep the answer of {} '{}': {}", HEADER, key, e.toString());
        } finally {
            if (!kept) {
                try {
                    store.release(tenantId, key, fingerprint);
                } catch (DataAccessException e) {
                    log.warn("could not release {} '{}': {}", HEADER, key, e.toString());
                }
            }
            answer.copyBodyToResponse();
        }
    }

    /** Not a 5xx, and not a 409 that asks the client to repeat the request. */
    private boolean keep(ContentCachingResponseWrapper answer) {
        if (answer.getStatus() >= 500) {
            return false;
        }
        if (answer.getStatus() == 409) {
            try {
                JsonNode problem = json.readTree(answer.getContentAsByteArray());
                return !ProblemType.CONCURRENT_CHANGE.uri().toString().equals(problem.path("type").asText());
            } catch (IOException e) {
                return true;
            }
        }
        return true;
    }

    private static void replay(StoredResponse stored, HttpServletResponse response) throws IOException {
        response.setStatus(stored.status());
        if (stored.contentType() != null) {
            response.setContentType(stored.contentType());
        }
        if (stored.location() != null) {
            response.setHeader(HttpHeaders.LOCATION, stored.location());
        }
        response.setHeader(REPLAYED, "true");
        byte[] body = stored.body() == null ? new byte[0] : stored.body();
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem, String retryAfter)
            throws IOException {
        problem.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(problem.getStatus());
        if (retryAfter != null) {
            response.setHeader(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }

    /** The draft sends the key as a structured-field string ("..."); Stripe's clients without quotes. */
    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
    }

    static String fingerprint(HttpServletRequest request, byte[] body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String target = request.getMethod() + " " + request.getRequestURI()
                    + (request.getQueryString() == null ? "" : "?" + request.getQueryString()) + "\n";
            sha.update(target.getBytes(StandardCharsets.UTF_8));
            sha.update(body);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The request with the body already read (to fingerprint it) served again to the controller. */
    private static final class KnownBody extends HttpServletRequestWrapper {
        private final byte[] body;

        KnownBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() throws IOException {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already read");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            Charset charset = getCharacterEncoding() == null ? StandardCharsets.UTF_8 : Charset.forName(getCharacterEncoding());
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), charset));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
