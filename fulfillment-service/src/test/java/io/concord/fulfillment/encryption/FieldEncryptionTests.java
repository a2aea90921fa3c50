package io.concord.fulfillment.encryption;

import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Sealed values: AES-GCM under a named key, bound to their context, opened by the key
 * their id names (so keys rotate), and refused when changed or moved.
 */
class FieldEncryptionTests {

	static final String OLD_KEY = "k1:" + key('1');

	static final String NEW_KEY = "k2:" + key('2');

	private final FieldEncryption encryption = new FieldEncryption(new EncryptionProperties(NEW_KEY, null));

	@Test
	void aSealedValueOpensInItsContextOnly() {
		String sealed = this.encryption.seal("+8613912345678", "customer-order.shipping-address:ORD-1");
		assertThat(sealed).startsWith("enc:k2:").doesNotContain("8613912345678");
		assertThat(this.encryption.seal("+8613912345678", "customer-order.shipping-address:ORD-1"))
			.as("a fresh IV every time")
			.isNotEqualTo(sealed);
		assertThat(this.encryption.open(sealed, "customer-order.shipping-address:ORD-1")).isEqualTo("+8613912345678");
		assertThatThrownBy(() -> this.encryption.open(sealed, "customer-order.shipping-address:ORD-2"))
			.as("moved to another row")
			.isInstanceOf(IllegalStateException.class);
		String changed = sealed.substring(0, sealed.length() - 4) + (sealed.endsWith("AAAA") ? "BBBB" : "AAAA");
		assertThatThrownBy(() -> this.encryption.open(changed, "customer-order.shipping-address:ORD-1"))
			.isInstanceOf(IllegalStateException.class);
	}

	@Test
	void aValueUnderAPreviousKeyOpensWhileThatKeyIsConfigured() {
		String underOldKey = new FieldEncryption(new EncryptionProperties(OLD_KEY, null)).seal("secret", "c:1");
		assertThatThrownBy(() -> this.encryption.open(underOldKey, "c:1")).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("unknown key");
		FieldEncryption rotating = new FieldEncryption(new EncryptionProperties(NEW_KEY, List.of(OLD_KEY)));
		assertThat(rotating.open(underOldKey, "c:1")).isEqualTo("secret");
		assertThat(rotating.isCurrent(underOldKey)).isFalse();
		assertThat(rotating.isCurrent(rotating.seal("secret", "c:1"))).isTrue();
		assertThat(rotating.rotating()).isTrue();
	}

	@Test
	void aValueWrittenBeforeEncryptionIsReadAsItIs() {
		assertThat(this.encryption.open("{\"name\": \"Ada\"}", "c:1")).isEqualTo("{\"name\": \"Ada\"}");
	}

	@Test
	void aMalformedOrDuplicateKeyIsRefusedWithoutShowingIt() {
		for (String key : new String[] { key('3'), "k1:" + Base64.getEncoder().encodeToString(new byte[16]),
				"k:1:" + key('3'), "id with spaces:" + key('3'), "k1:not base64!" }) {
			assertThatThrownBy(() -> new FieldEncryption(new EncryptionProperties(key, null)))
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("concord.fulfillment.secrets")
				.hasMessageNotContaining(key('3'));
		}
		assertThatThrownBy(() -> new FieldEncryption(new EncryptionProperties(OLD_KEY, List.of(OLD_KEY))))
			.isInstanceOf(IllegalStateException.class);
	}

	static String key(char fill) {
		return Base64.getEncoder().encodeToString(String.valueOf(fill).repeat(32).getBytes());
	}

}
