package dev.momentum.support.web;

import java.lang.reflect.Type;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * A body that is the JSON literal {@code null} is refused (400, unreadable body), not taken for no body: where a
 * body is optional (keep, miss, withdraw) Spring would otherwise apply the step as if nothing had been sent.
 */
@ControllerAdvice
public class NoNullBody extends RequestBodyAdviceAdapter {

    @Override
    public boolean supports(MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converter) {
        return true;
    }

    @Override
    public Object afterBodyRead(Object body, HttpInputMessage input, MethodParameter parameter, Type targetType,
                                Class<? extends HttpMessageConverter<?>> converter) {
        if (body == null) {
            throw new HttpMessageNotReadableException("the body is JSON null: send an object, or no body where it is optional",
                    input);
        }
        return body;
    }
}
