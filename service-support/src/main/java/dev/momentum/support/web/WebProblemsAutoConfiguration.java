package dev.momentum.support.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Every refusal is a problem, wherever it happens: JSON read strictly ({@link StrictJsonInput}, {@link NoNullBody}), parameters held to
 * the contract's text ({@link PlainTextParameters}), the container's error page ({@link ProblemErrorController}, in
 * place of Boot's) and Tomcat's own report ({@link ProblemReportValve}).
 */
@AutoConfiguration(before = {ErrorMvcAutoConfiguration.class, JacksonAutoConfiguration.class})
public class WebProblemsAutoConfiguration {

    @Bean
    StrictJsonInput strictJsonInput() {
        return new StrictJsonInput();
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class ServletProblems implements WebMvcConfigurer {

        @Override
        public void addInterceptors(InterceptorRegistry registry) {
            registry.addInterceptor(new PlainTextParameters());
        }

        @Bean
        NoNullBody noNullBody() {
            return new NoNullBody();
        }

        @Bean
        ProblemErrorController problemErrorController() {
            return new ProblemErrorController();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "org.apache.catalina.valves.ErrorReportValve")
    static class TomcatProblems {

        @Bean
        ProblemReportValve.Installer problemReportValve(ObjectProvider<ObjectMapper> json) {
            return new ProblemReportValve.Installer(json);
        }
    }
}
