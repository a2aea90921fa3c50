/**
 * The OpenAPI documents' shared conventions: problem answers, security schemes, servers
 * and service information.
 */
@NullMarked
package io.concord.platform.web.openapi;

import org.jspecify.annotations.NullMarked;
