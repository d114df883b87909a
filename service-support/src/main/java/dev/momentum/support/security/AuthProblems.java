package dev.momentum.support.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.momentum.support.web.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorityAuthorizationDecision;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * 401 and 403 as problem+json, with the {@code WWW-Authenticate} header of RFC 6750 and a detail
 * that says what to fix: the missing or rejected token, or the scope the endpoint needs.
 */
final class AuthProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final BearerTokenAuthenticationEntryPoint bearerEntryPoint = new BearerTokenAuthenticationEntryPoint();
    private final BearerTokenAccessDeniedHandler bearerDenied = new BearerTokenAccessDeniedHandler();
    private final ObjectMapper json;

    AuthProblems(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        bearerEntryPoint.commence(request, response, e);
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        String detail = header == null || header.isBlank()
                ? "This endpoint needs a token: send 'Authorization: Bearer <JWT>'."
                : "The bearer token was rejected: " + e.getMessage();
        write(response, problem(request, ProblemType.UNAUTHORIZED, detail));
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        bearerDenied.handle(request, response, e);
        List<String> needed = e instanceof AuthorizationDeniedException denied
                && denied.getAuthorizationResult() instanceof AuthorityAuthorizationDecision decision
                ? decision.getAuthorities().stream().map(GrantedAuthority::getAuthority).map(AuthProblems::scope).toList()
                : List.of();
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        String granted = authentication == null ? "" : authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority).filter(a -> a.startsWith("SCOPE_")).map(AuthProblems::scope)
                .collect(Collectors.joining(" "));
        String detail = needed.isEmpty()
                ? request.getMethod() + " " + request.getRequestURI() + " is not open to any token scope."
                : request.getMethod() + " " + request.getRequestURI() + " needs the scope '" + String.join("' or '", needed)
                        + "'; the token has: " + (granted.isEmpty() ? "no scopes" : granted) + ".";
        ProblemDetail problem = problem(request, ProblemType.FORBIDDEN, detail);
        if (!needed.isEmpty()) {
            problem.setProperty("requiredScope", needed.get(0));
        }
        write(response, problem);
    }

    private void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }

    private static ProblemDetail problem(HttpServletRequest request, ProblemType type, String detail) {
        ProblemDetail problem = type.problem(detail);
        problem.setInstance(URI.create(request.getRequestURI()));
        return problem;
    }

    private static String scope(String authority) {
        return authority.startsWith("SCOPE_") ? authority.substring("SCOPE_".length()) : authority;
    }
}
