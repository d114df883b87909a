package dev.momentum.support.tenant;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The tenant a request acts for: the {@code tenant} claim of its verified bearer token, never a
 * body, path or header. Read it on the request's thread (work handed to other threads takes the
 * value along).
 */
public class CurrentTenant {

    public String id() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken token && authentication.isAuthenticated()) {
            return token.getName(); // the tenant claim, checked when the token was accepted
        }
        throw new IllegalStateException("no authenticated tenant on this thread: only /api/** requests with a"
                + " verified bearer token have one");
    }
}
