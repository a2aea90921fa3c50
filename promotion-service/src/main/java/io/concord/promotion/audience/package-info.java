/**
 * The members promotion-service can target: a local projection of member-service's events
 * (registration channel and date, later tier and segments), so issuance never calls
 * member-service at peak. Exposes {@code Audience}; uses no other feature package.
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package io.concord.promotion.audience;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
