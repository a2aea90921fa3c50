package io.concord.member.identity;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface ChannelIdentities extends JpaRepository<ChannelIdentity, Long> {

	Optional<ChannelIdentity> findByTypeAndNamespaceAndLookupHash(IdentityType type, String namespace,
			String lookupHash);

	List<ChannelIdentity> findByMemberIdOrderByLinkedAt(UUID memberId);

	long countByMemberIdAndType(UUID memberId, IdentityType type);

}
