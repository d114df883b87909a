package dev.momentum.analytics.api;

import dev.momentum.analytics.messaging.DeadLetters;
import dev.momentum.analytics.messaging.LiveProjection;
import dev.momentum.analytics.messaging.ProjectionLag;
import dev.momentum.analytics.messaging.Rebuilder;
import dev.momentum.support.web.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** For the operators of a deployment ({@code admin} scope): the projection's state, rebuild, dead letters. */
@RestController
@RequestMapping(path = "/api/v1/admin", produces = "application/json")
public class AdminController {

    private final Rebuilder rebuilder;
    private final ProjectionLag lag;
    private final DeadLetters deadLetters;

    public AdminController(Rebuilder rebuilder, ProjectionLag lag, DeadLetters deadLetters) {
        this.rebuilder = rebuilder;
        this.lag = lag;
        this.deadLetters = deadLetters;
    }

    @Operation(summary = "How many published events are not projected yet (lag 0: caught up; queries see what was "
            + "projected within momentum.analytics.refresh-interval, 1 s by default)")
    @GetMapping("/projections/status")
    public ProjectionLag.Status projectionStatus() {
        return lag.status();
    }

    @Operation(summary = "Replay both topics into new indices, then switch the aliases (202; poll GET .../rebuild). "
            + "Every instance's live projection pauses until the switch. Fails, keeping the old indices, when a topic "
            + "no longer starts at offset 0; 409 while a rebuild (on any instance) or a replay (here) runs")
    @PostMapping("/projections/rebuild")
    @ResponseStatus(HttpStatus.ACCEPTED) // so the OpenAPI document says 202, as answered
    public Rebuilder.Status rebuild() {
        return rebuilder.start();
    }

    @Operation(summary = "The state of the last rebuild, whichever instance ran it")
    @GetMapping("/projections/rebuild")
    public Rebuilder.Status status() {
        return rebuilder.status();
    }

    @Operation(summary = "The dead letters (records that could not be decoded, facts Elasticsearch refused), oldest "
            + "first, with their reason; the ones not replayed yet unless includeReplayed")
    @GetMapping("/dead-letters")
    public DeadLetters.Listing deadLetters(@RequestParam(defaultValue = "100") @Min(1) @Max(10_000) int limit,
                                           @RequestParam(defaultValue = "false") boolean includeReplayed) {
        return deadLetters.list(limit, includeReplayed);
    }

    @Operation(summary = "Project the dead letters not replayed yet again, after a fix (oldest first, at most limit); "
            + "one that fails again is dead-lettered again with its new reason")
    @PostMapping("/dead-letters/replay")
    public DeadLetters.Replay replay(@RequestParam(defaultValue = "1000") @Min(1) @Max(100_000) int limit) {
        return deadLetters.replay(limit);
    }

    @ExceptionHandler(LiveProjection.BusyException.class)
    ResponseEntity<ProblemDetail> busy(LiveProjection.BusyException e) {
        ProblemDetail problem = ProblemType.CONFLICT.problem(e.getMessage());
        problem.setTitle("Maintenance running");
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
    }
}
