package io.github.vwopush.internal.protocol;

/**
 * Builds a query string whose names and values are percent-encoded once.
 */
final class QueryString {

	private final StringBuilder query = new StringBuilder(256);

	QueryString add(String name, String value) {
		if (!this.query.isEmpty()) {
			this.query.append('&');
		}
		this.query.append(PercentEncoding.encode(name)).append('=').append(PercentEncoding.encode(value));
		return this;
	}

	QueryString add(String name, long value) {
		return add(name, Long.toString(value));
	}

	@Override
	public String toString() {
		return this.query.toString();
	}

}
