package io.concord.member.identity;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface IdentityHints extends JpaRepository<IdentityHint, Long> {

	List<IdentityHint> findByMemberIdOrderByRecordedAt(UUID memberId);

	long countByMemberIdAndType(UUID memberId, IdentityType type);

	boolean existsByMemberIdAndTypeAndNamespaceAndLookupHash(UUID memberId, IdentityType type, String namespace,
			String lookupHash);

	long deleteByMemberIdAndTypeAndNamespaceAndLookupHash(UUID memberId, IdentityType type, String namespace,
			String lookupHash);

}
