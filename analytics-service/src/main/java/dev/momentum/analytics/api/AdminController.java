package dev.momentum.analytics.api;

import dev.momentum.analytics.messaging.ProjectionLag;
import dev.momentum.analytics.messaging.Rebuilder;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/v1/admin/projections", produces = "application/json")
public class AdminController {

    private final Rebuilder rebuilder;
    private final ProjectionLag lag;

    public AdminController(Rebuilder rebuilder, ProjectionLag lag) {
        this.rebuilder = rebuilder;
        this.lag = lag;
    }

    @Operation(summary = "How many published events are not in the figures yet (lag 0: caught up)")
    @GetMapping("/status")
    public ProjectionLag.Status projectionStatus() {
        return lag.status();
    }

    @Operation(summary = "Replay both topics into new indices, then switch the aliases (202; poll GET .../rebuild)")
    @PostMapping("/rebuild")
    public ResponseEntity<Rebuilder.Status> rebuild() {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(rebuilder.start());
    }

    @Operation(summary = "The state of the last rebuild")
    @GetMapping("/rebuild")
    public Rebuilder.Status status() {
        return rebuilder.status();
    }
}
