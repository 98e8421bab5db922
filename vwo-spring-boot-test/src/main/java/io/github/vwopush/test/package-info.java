/**
 * Test support for applications that use the VWO push starter: a recorder that stands in
 * for delivery, so tests can assert what was pushed without a network.
 */
@NullMarked
package io.github.vwopush.test;

import org.jspecify.annotations.NullMarked;
