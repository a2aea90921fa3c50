package io.concord.member.signin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.concord.member.identity.Channel;
import io.concord.member.identity.ChannelClient;
import io.concord.member.identity.ChannelClients;
import io.concord.member.identity.Identities;
import io.concord.member.identity.IdentityType;
import io.concord.member.identity.MemberId;
import io.concord.member.identity.NormalizedIdentity;
import io.concord.member.tiers.Tiers;
import io.concord.member.verification.CodePurpose;
import io.concord.member.verification.OneTimeCodes;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Signs members in by password, one-time code or a channel client's word, and changes
 * passwords (after a recent sign-in or with the current one, ending the other sessions).
 * Only proven identities sign in: hints are never held.
 */
@Service
@EnableConfigurationProperties(SignInProperties.class)
class SignIn {

	/** BCrypt reads at most 72 bytes; longer passwords are refused, never truncated. */
	static final int MAX_PASSWORD_BYTES = 72;

	private final Identities identities;

	private final OneTimeCodes codes;

	private final SignInAttempts attempts;

	private final TokenIssuer tokens;

	private final PasswordEncoder passwords;

	private final JdbcTemplate jdbc;

	private final Tiers tiers;

	private final SignInProperties properties;

	private final Clock clock;

	SignIn(Identities identities, OneTimeCodes codes, SignInAttempts attempts, TokenIssuer tokens,
			PasswordEncoder passwords, JdbcTemplate jdbc, Tiers tiers, SignInProperties properties, Clock clock) {
		this.tiers = tiers;
		this.identities = identities;
		this.codes = codes;
		this.attempts = attempts;
		this.tokens = tokens;
		this.passwords = passwords;
		this.jdbc = jdbc;
		this.properties = properties;
		this.clock = clock;
	}

	@Transactional(noRollbackFor = ProblemException.class)
	TokenIssuer.Tokens withPassword(NormalizedIdentity identity, String password, Channel channel) {
		String hash = this.identities.lookupHash(identity);
		this.attempts.ensureNotLocked(hash);
		if (!fitsBcrypt(password)) {
			// No stored password can match it, and BCrypt would refuse it.
			this.attempts.failed(hash);
			throw TokenIssuer.invalidGrant();
		}
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

	/**
	 * A channel's backend signs in the shopper it authenticated itself, by an identity it
	 * may vouch for; the member must already hold it (nothing is registered here).
	 */
	@Transactional
	TokenIssuer.Tokens withChannel(ChannelClient client, NormalizedIdentity identity) {
		if (!client.mayVouchFor(identity)) {
			throw ChannelClients.notPermitted("The channel client " + client.name() + " may not vouch for "
					+ identity.type() + (identity.namespace().isEmpty() ? "" : " in " + identity.namespace()) + ".");
		}
		MemberId member = this.identities.holderOf(identity).orElseThrow(TokenIssuer::invalidGrant);
		return this.tokens.issue(member, client.channel(), tierOf(member));
	}

	@Transactional(noRollbackFor = ProblemException.class)
	TokenIssuer.Tokens refresh(String refreshToken) {
		return this.tokens.refresh(refreshToken, this.identities::survivorOf, this::tierOf);
	}

	/**
	 * Sends a sign-in code if a member holds the identity; the answer (limits included)
	 * is the same either way.
	 */
	@Transactional
	void requestCode(NormalizedIdentity identity) {
		if (!identity.type().verifiedByCode()) {
			throw new ProblemException.Unprocessable("Sign-in codes go to a PHONE or an EMAIL");
		}
		String hash = this.identities.lookupHash(identity);
		if (this.identities.holderOf(identity).isPresent()) {
			this.codes.issue(CodePurpose.SIGN_IN, hash, identity.value());
		}
		else {
			this.codes.countWithoutIssuing(CodePurpose.SIGN_IN, hash, identity.value());
		}
	}

	/**
	 * Sets the password. A stolen access token must not become lasting access, so this
	 * needs the current password or a sign-in within {@code recent-authentication}, and
	 * every other session of the member ends.
	 * @param authTime when the caller's session signed in ({@code auth_time})
	 * @param session the caller's own session ({@code sid}), which stays
	 */
	@Transactional(noRollbackFor = ProblemException.class)
	void changePassword(MemberId member, String password, @Nullable String currentPassword, @Nullable Instant authTime,
			@Nullable UUID session) {
		MemberId survivor = this.identities.survivorOf(member);
		Instant now = this.clock.instant();
		if (currentPassword != null) {
			String attemptsKey = passwordChangeAttemptsKey(survivor);
			this.attempts.ensureNotLocked(attemptsKey);
			Optional<String> stored = passwordHash(survivor);
			if (stored.isEmpty() || !fitsBcrypt(currentPassword)
					|| !this.passwords.matches(currentPassword, stored.get())) {
				this.attempts.failed(attemptsKey);
				throw reauthenticationRequired("The current password is wrong.");
			}
			this.attempts.succeeded(attemptsKey);
		}
		else if (authTime == null || authTime.isBefore(now.minus(this.properties.recentAuthentication()))) {
			throw reauthenticationRequired("Changing the password needs the current password (currentPassword) or a "
					+ "sign-in within the last " + this.properties.recentAuthentication().toMinutes()
					+ " minutes: sign in again.");
		}
		this.jdbc
			.update("""
					insert into member_credential (member_id, password_hash, updated_at) values (?, ?, ?)
					on conflict (member_id) do update set password_hash = excluded.password_hash, updated_at = excluded.updated_at""",
					survivor.value(), this.passwords.encode(password), Timestamp.from(now));
		this.tokens.revokeSessions(this.identities.idsResolvingTo(survivor), session);
	}

	NormalizedIdentity normalize(IdentityType type, String namespace, String value) {
		return this.identities.normalize(type, namespace, value);
	}

	static boolean fitsBcrypt(String password) {
		return password.getBytes(StandardCharsets.UTF_8).length <= MAX_PASSWORD_BYTES;
	}

	private static ProblemException reauthenticationRequired(String detail) {
		return new ProblemException(HttpStatus.FORBIDDEN, ProblemTypes.of("reauthentication-required"),
				"Re-authentication required", detail);
	}

	// Failed current-password checks lock like failed sign-ins, keyed by the member.
	private static String passwordChangeAttemptsKey(MemberId member) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256")
					.digest(("password-change:" + member).getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
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
