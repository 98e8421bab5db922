package io.github.vwopush.internal.spool;

/**
 * The spool has reached {@code vwo.spool.max-size}.
 */
public class SpoolFullException extends Exception {

	SpoolFullException(long maxBytes) {
		super("the spool is full (vwo.spool.max-size=" + maxBytes + " bytes)");
	}

}
