/** member-service: owns the member id every other service keys on. */
@NullMarked
package io.concord.member;

import org.jspecify.annotations.NullMarked;
