-- The RFM segment last announced (MemberSegmentChanged) per member, so a change is announced
-- once whichever run scored it.
alter table member_rfm add column announced_segment varchar(20);
