package io.concord.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Demo data, loaded once per data directory through the public APIs (so it obeys every
 * rule the services enforce). It grows as the services gain features: members now; SKUs,
 * locations, campaigns, suppliers and carriers as their services land.
 */
final class DemoData {

	/**
	 * @param channelClient the channel's backend that registers the member (its client
	 * credential at the staff issuer), or null for an open channel (APP, WEB)
	 */
	record DemoMember(String displayName, String channel, String channelClient) {
	}

	static final List<DemoMember> MEMBERS = List.of(new DemoMember("Li Wei", "APP", null),
			new DemoMember("Zhang Min", "WEB", null), new DemoMember("Wang Fang", "MINI_PROGRAM", "mini-program"),
			new DemoMember("Chen Jie", "STORE", "store-pos"), new DemoMember("Liu Yang", "LIVESTREAM", "livestream"),
			new DemoMember("Zhao Lei", "MARKETPLACE", "marketplace"));

	private DemoData() {
	}

	static void seedOnce(Storefront gateway, Storefront staffIssuer, Path dataDirectory, LocalStack.Output out) {
		Path marker = dataDirectory.resolve("demo-data.v1");
		if (Files.exists(marker)) {
			out.step("Demo data", "already loaded (start with --fresh to reload)");
			return;
		}
		int created = 0;
		for (int i = 0; i < MEMBERS.size(); i++) {
			DemoMember member = MEMBERS.get(i);
			String clientToken = (member.channelClient() != null)
					? staffIssuer.staffToken("channel-" + member.channelClient()) : null;
			Storefront.Answer answer = gateway.post("/api/members", """
					{"displayName": "%s", "channel": "%s"}""".formatted(member.displayName(), member.channel()),
					"demo-member-" + i, clientToken);
			if (!answer.ok()) {
				throw new IllegalStateException("Seeding member " + member + " failed: " + answer.raw());
			}
			created++;
		}
		try {
			Files.writeString(marker, "members=" + created + "\n");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		out.step("Demo data",
				created + " members on " + MEMBERS.stream().map(DemoMember::channel).distinct().count() + " channels");
	}

}
