package dev.momentum.support.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.Host;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Tomcat's own error report as a problem: what Tomcat refuses before any servlet sees the request (a malformed or
 * undecodable URI, an encoded {@code /}, an invalid request line or header) gets the {@link ProblemType} of its
 * status instead of Tomcat's HTML page. What reaches the application is answered by {@link ProblemHandler} or
 * {@link ProblemErrorController}; this is the last resort, for the rest.
 */
public class ProblemReportValve extends ErrorReportValve {

    private final ObjectProvider<ObjectMapper> json;

    public ProblemReportValve(ObjectProvider<ObjectMapper> json) {
        this.json = json;
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // as Tomcat's: nothing to do when the response is not an error, already has a body or was reported
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        HttpStatus httpStatus = ProblemErrorController.status(status);
        String message = response.getMessage() != null ? response.getMessage()
                : throwable != null && httpStatus.is4xxClientError() ? throwable.getMessage() : null;
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("utf-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(json.getObject().writeValueAsString(ProblemErrorController.problem(httpStatus, message)));
                response.finishResponse();
            }
        } catch (Exception | LinkageError e) {
            // as Tomcat's: a report that cannot be written is not worth failing for
            container.getLogger().debug("cannot write the problem of a refused request", e);
        }
    }

    /** Puts the valve in place of Tomcat's (and of the one Boot adds): after Boot's customizers, on every host. */
    public static class Installer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        private final ObjectProvider<ObjectMapper> json;

        /** The mapper is the service's (it writes problems), taken when the first report is written. */
        public Installer(ObjectProvider<ObjectMapper> json) {
            this.json = json;
        }

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                Host host = (Host) context.getParent();
                for (Valve valve : host.getPipeline().getValves()) {
                    if (valve instanceof ErrorReportValve && !(valve instanceof ProblemReportValve)) {
                        host.getPipeline().removeValve(valve);
                    }
                }
                host.getPipeline().addValve(new ProblemReportValve(json));
                // the host adds a valve of this class when it has none: it has ours
                if (host instanceof StandardHost standard) {
                    standard.setErrorReportValveClass(ProblemReportValve.class.getName());
                }
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
