package io.concord.member.identity;

/** Where a shopper reaches the brand. */
public enum Channel {

	APP, WEB, MINI_PROGRAM, SOCIAL, LIVESTREAM, MARKETPLACE, STORE

}
