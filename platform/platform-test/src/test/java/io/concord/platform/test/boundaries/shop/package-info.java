/**
 * A miniature service for {@code BoundaryChecksTests}: three feature packages, one of
 * which uses another it did not declare.
 */
package io.concord.platform.test.boundaries.shop;
