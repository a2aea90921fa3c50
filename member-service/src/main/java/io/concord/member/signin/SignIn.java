package io.concord.member.signin;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import io.concord.member.identity.Channel;
import io.concord.member.identity.Identities;
import io.concord.member.identity.IdentityType;
import io.concord.member.identity.MemberId;
import io.concord.member.identity.NormalizedIdentity;
import io.concord.member.tiers.Tiers;
import io.concord.member.verification.CodePurpose;
import io.concord.member.verification.OneTimeCodes;
import io.concord.platform.web.ProblemException;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Signs members in by password or one-time code, and sets passwords. */
@Service
@EnableConfigurationProperties(SignInProperties.class)
class SignIn {

	private final Identities identities;

	private final OneTimeCodes codes;

	private final SignInAttempts attempts;

	private final TokenIssuer tokens;

	private final PasswordEncoder passwords;

	private final JdbcTemplate jdbc;

	private final Tiers tiers;

	private final Clock clock;

	SignIn(Identities identities, OneTimeCodes codes, SignInAttempts attempts, TokenIssuer tokens,
			PasswordEncoder passwords, JdbcTemplate jdbc, Tiers tiers, Clock clock) {
		this.tiers = tiers;
		this.identities = identities;
		this.codes = codes;
		this.attempts = attempts;
		this.tokens = tokens;
		this.passwords = passwords;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@Transactional(noRollbackFor = ProblemException.class)
	TokenIssuer.Tokens withPassword(NormalizedIdentity identity, String password, Channel channel) {
		String hash = this.identities.lookupHash(identity);
		this.attempts.ensureNotLocked(hash);
		Optional<MemberId> member = this.identities.holderOf(identity);
		Optional<String> stored = member.flatMap(this::passwordHash);
		// Hash even when nobody holds the identity, so timing does not tell who is
		// registered.
		boolean matches = this.passwords.matches(password, stored.orElse(DUMMY_HASH)) && stored.isPresent();
		if (!matches) {
			this.attempts.failed(hash);
			throw TokenIssuer.invalidGrant();
		}
		this.attempts.succeeded(hash);
		return this.tokens.issue(member.get(), channel, tierOf(member.get()));
	}

	@Transactional(noRollbackFor = ProblemException.class)
	TokenIssuer.Tokens withCode(NormalizedIdentity identity, String code, Channel channel) {
		String hash = this.identities.lookupHash(identity);
		this.attempts.ensureNotLocked(hash);
		Optional<MemberId> member = this.identities.holderOf(identity);
		if (member.isEmpty() || !this.codes.verify(CodePurpose.SIGN_IN, hash, code)) {
			this.attempts.failed(hash);
			throw TokenIssuer.invalidGrant();
		}
		this.attempts.succeeded(hash);
		return this.tokens.issue(member.get(), channel, tierOf(member.get()));
	}

	@Transactional(noRollbackFor = ProblemException.class)
	TokenIssuer.Tokens refresh(String refreshToken) {
		return this.tokens.refresh(refreshToken, this.identities::survivorOf, this::tierOf);
	}

	/**
	 * Sends a sign-in code if a member holds the identity; the answer is the same either
	 * way.
	 */
	@Transactional
	void requestCode(NormalizedIdentity identity) {
		if (!identity.type().verifiedByCode()) {
			throw new ProblemException.Unprocessable("Sign-in codes go to a PHONE or an EMAIL");
		}
		if (this.identities.holderOf(identity).isPresent()) {
			this.codes.issue(CodePurpose.SIGN_IN, this.identities.lookupHash(identity), identity.value());
		}
	}

	@Transactional
	void setPassword(MemberId member, String password) {
		MemberId survivor = this.identities.survivorOf(member);
		this.jdbc
			.update("""
					insert into member_credential (member_id, password_hash, updated_at) values (?, ?, ?)
					on conflict (member_id) do update set password_hash = excluded.password_hash, updated_at = excluded.updated_at""",
					survivor.value(), this.passwords.encode(password), Timestamp.from(this.clock.instant()));
	}

	NormalizedIdentity normalize(IdentityType type, String namespace, String value) {
		return this.identities.normalize(type, namespace, value);
	}

	private String tierOf(MemberId member) {
		return this.tiers.current(member).tier().name();
	}

	private Optional<String> passwordHash(MemberId member) {
		List<String> hashes = this.jdbc.queryForList("select password_hash from member_credential where member_id = ?",
				String.class, member.value());
		return hashes.stream().findFirst();
	}

	// BCrypt of a random string: compared against when there is no member, to even out
	// timing.
	private static final String DUMMY_HASH = "$2a$10$7EqJtq98hPqEX7fNZaFWoOhi5BkH4Q6i0hyGfkAqZ1LyeybJQ6Dau";

}
