package dev.momentum.support.web;

import dev.momentum.contracts.ContractLimits;
import dev.momentum.support.web.constraints.PlainText;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Query and path parameters carry text the contract can carry, as bodies do ({@link PlainText}): a NUL or other
 * control character is refused with 400 naming the parameter, before any conversion (Spring trims
 * {@code "KEPT\u0000"} into the enum constant KEPT, and a query that was not what the client sent would be answered).
 */
public class PlainTextParameters implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        // the error page of a refused request answers with the problem of its refusal
        if (!(handler instanceof HandlerMethod) || request.getDispatcherType() == DispatcherType.ERROR) {
            return true;
        }
        request.getParameterMap().forEach((name, values) -> {
            for (String value : values) {
                requirePlainText(name, value);
            }
        });
        if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> path) {
            path.forEach((name, value) -> requirePlainText(String.valueOf(name), String.valueOf(value)));
        }
        return true;
    }

    private static void requirePlainText(String name, String value) {
        if (!ContractLimits.isPlainText(value, false)) {
            throw new InvalidRequestException(name, PlainText.MESSAGE);
        }
    }
}
