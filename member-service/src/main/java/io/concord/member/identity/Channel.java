package io.concord.member.identity;

import org.springframework.modulith.NamedInterface;

/** Where a shopper reaches the brand. */
@NamedInterface("api")
public enum Channel {

	APP, WEB, MINI_PROGRAM, SOCIAL, LIVESTREAM, MARKETPLACE, STORE

}
