package io.concord.promotion.coupon;

import java.security.SecureRandom;

/**
 * Single-use codes: 12 characters from an alphabet without look-alikes (no 0/O, 1/I/L),
 * 31^12 ≈ 7.9 × 10^17 possibilities, so guessing a valid one is hopeless.
 */
final class CouponCodes {

	private static final char[] ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ".toCharArray();

	private static final SecureRandom RANDOM = new SecureRandom();

	private CouponCodes() {
	}

	static String next() {
		char[] code = new char[12];
		for (int i = 0; i < code.length; i++) {
			code[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
		}
		return new String(code);
	}

}
