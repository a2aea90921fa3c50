package io.concord.member.identity;

import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface MemberRepository extends JpaRepository<Member, UUID> {

}
