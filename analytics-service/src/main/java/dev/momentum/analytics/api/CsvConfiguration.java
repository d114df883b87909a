package dev.momentum.analytics.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Every analytics answer as {@code text/csv} when the client asks for it ({@code Accept}). */
@Configuration(proxyBeanMethods = false)
class CsvConfiguration implements WebMvcConfigurer {

    private final ObjectMapper json;

    CsvConfiguration(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
        converters.add(new CsvMessageConverter(json));
    }
}
