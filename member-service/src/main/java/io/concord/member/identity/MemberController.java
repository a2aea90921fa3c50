package io.concord.member.identity;

import java.net.URI;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import io.concord.platform.web.IdempotencyKeyRequired;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/members")
class MemberController {

	record RegisterMember(@NotBlank @Size(max = 100) String displayName, @NotNull Channel channel) {
	}

	private final MemberRegistration registration;

	MemberController(MemberRegistration registration) {
		this.registration = registration;
	}

	@PostMapping
	@IdempotencyKeyRequired
	ResponseEntity<MemberView> register(@Valid @RequestBody RegisterMember request) {
		MemberView member = this.registration.register(request.displayName(), request.channel());
		return ResponseEntity.created(URI.create("/api/members/" + member.id())).body(member);
	}

	@GetMapping("/{memberId}")
	MemberView find(@PathVariable UUID memberId) {
		return this.registration.find(new MemberId(memberId));
	}

}
