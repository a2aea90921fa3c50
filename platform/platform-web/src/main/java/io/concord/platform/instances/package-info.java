/**
 * The running instances of a service, heartbeating in its database, so that what a
 * crashed instance claimed is taken over within seconds.
 */
@NullMarked
package io.concord.platform.instances;

import org.jspecify.annotations.NullMarked;
