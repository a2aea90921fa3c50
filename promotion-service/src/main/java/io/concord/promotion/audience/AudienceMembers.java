package io.concord.promotion.audience;

import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface AudienceMembers extends JpaRepository<AudienceMember, UUID> {

}
