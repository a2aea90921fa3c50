package io.concord.member.identity;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which sales channels' backends member-service trusts, and which channels anyone may
 * name.
 *
 * @param channelClients {@code concord.member.channel-clients.<name>}: the backends that
 * call with a staff-issuer client credential whose roles include {@code channel:<name>}
 * @param signIn {@code concord.member.sign-in.open-channels}: the channels an anonymous
 * caller (a shopper's own app or browser) may register and sign in on; every other
 * channel needs its channel client's token
 */
@ConfigurationProperties("concord.member")
record ChannelTrustProperties(@DefaultValue Map<String, Client> channelClients, @DefaultValue SignIn signIn) {

	/**
	 * @param channel the sales channel the client is; the members it registers and signs
	 * in are on this channel
	 * @param vouchesFor the identity types it may vouch for, each with its namespaces:
	 * exact, or a prefix ending in {@code *} ({@code wechat:*}; {@code *} alone: any)
	 */
	record Client(@Nullable Channel channel, @DefaultValue Map<IdentityType, List<String>> vouchesFor) {
	}

	record SignIn(@DefaultValue( {
			"APP", "WEB" }) Set<Channel> openChannels){
	}

}
