package io.concord.platform.events;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import io.concord.platform.web.ProblemException;

import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admin API over the service's dead letters: list them, and replay one through the same
 * idempotent handlers once the cause is fixed.
 */
@RestController
@Validated
@RequestMapping("${concord.admin.base-path}/dead-letters")
class DeadLetterController {

	private final DeadLetters deadLetters;

	private final EventDispatcher dispatcher;

	DeadLetterController(DeadLetters deadLetters, EventDispatcher dispatcher) {
		this.deadLetters = deadLetters;
		this.dispatcher = dispatcher;
	}

	@GetMapping
	List<DeadLetter> list(@RequestParam(required = false) @Pattern(regexp = "PENDING|PARKED|REPLAYED") String status,
			@RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit) {
		return this.deadLetters.list(status, limit);
	}

	@GetMapping("/{id}")
	DeadLetter find(@PathVariable long id) {
		return this.deadLetters.find(id).orElseThrow(() -> new ProblemException.NotFound("Dead letter", id));
	}

	@PostMapping("/{id}/replay")
	DeadLetter replay(@PathVariable long id) {
		DeadLetter deadLetter = find(id);
		if (deadLetter.status().equals("REPLAYED")) {
			throw new ProblemException.Conflict("Dead letter " + id + " was replayed already");
		}
		try {
			this.dispatcher.dispatch(this.deadLetters.storedRecord(id));
		}
		catch (RuntimeException ex) {
			this.deadLetters.recordReplayFailure(id, ex);
			throw new ProblemException.Unprocessable("Replay of dead letter " + id + " failed again: "
					+ this.deadLetters.find(id).map(DeadLetter::reason).orElse("unknown"));
		}
		this.deadLetters.markReplayed(id);
		return find(id);
	}

}
