package io.github.vwopush.internal.http;

/**
 * A response body went beyond what its reader accepts; the exchange was abandoned.
 */
public final class ResponseTooLargeException extends RuntimeException {

	private final long limitBytes;

	ResponseTooLargeException(long limitBytes) {
		super("The response body is larger than " + describe(limitBytes));
		this.limitBytes = limitBytes;
	}

	/**
	 * The limit that was exceeded.
	 * @return the limit in bytes
	 */
	public long limitBytes() {
		return this.limitBytes;
	}

	/**
	 * A size for people: whole MiB where it is one, bytes otherwise.
	 * @param bytes the size
	 * @return for example {@code 64 MiB}
	 */
	public static String describe(long bytes) {
		long mebibyte = 1024 * 1024;
		return (bytes % mebibyte == 0) ? (bytes / mebibyte) + " MiB" : bytes + " bytes";
	}

}
