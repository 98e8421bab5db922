package io.github.vwopush.internal.protocol;

import java.nio.ByteBuffer;

import io.github.vwopush.internal.protocol.IncrementalJsonParser.Scalar;
import org.jspecify.annotations.Nullable;

/**
 * Reads VWO's settings file as its bytes arrive, keeping only the top-level
 * {@code collectionPrefix}, {@code isEventArchEnabled} and {@code isWebConnectivityEnabled}. Large accounts' files hold
 * megabytes of campaigns that push never needs, so everything else is checked and dropped,
 * never built into a tree: memory stays constant whatever the file's size.
 * <p>
 * Not thread-safe: one reader per fetch, fed in order.
 */
public final class SettingsFileReader {

	/**
	 * The longest string whose text is kept: a longer collection prefix is not valid
	 * ({@link SettingsFile#isValidPrefix}), and a longer name is none of the three.
	 */
	private static final int LONGEST_KEPT_STRING = 64;

	private final TopLevelFields fields = new TopLevelFields();

	private final IncrementalJsonParser parser = new IncrementalJsonParser(this.fields, LONGEST_KEPT_STRING);

	/**
	 * Read the next bytes of the file. The buffer is consumed entirely before this returns,
	 * so the caller may release it.
	 * @param chunk the next bytes
	 * @throws IllegalArgumentException when what was read so far is not the start of a JSON
	 * object
	 */
	public void feed(ByteBuffer chunk) {
		try {
			this.parser.feed(chunk);
		}
		catch (MalformedJsonException ex) {
			throw notValidJson();
		}
	}

	/**
	 * The file has ended.
	 * @return the fields that matter for push
	 * @throws IllegalArgumentException when the file is not one complete JSON object
	 */
	public SettingsFile finish() {
		try {
			this.parser.finish();
		}
		catch (MalformedJsonException ex) {
			throw notValidJson();
		}
		// The parser has checked that a value that began has ended: only a file of white space has none.
		if (!this.fields.rootOpened) {
			throw notAnObject();
		}
		return this.fields.settingsFile();
	}

	private static IllegalArgumentException notValidJson() {
		return new IllegalArgumentException("The settings file is not valid JSON");
	}

	private static IllegalArgumentException notAnObject() {
		return new IllegalArgumentException("The settings file is not a JSON object");
	}

	/** Follows the nesting, and keeps the three fields' values when they are directly in the root object. */
	private static final class TopLevelFields implements IncrementalJsonParser.Handler {

		private static final String COLLECTION_PREFIX = "collectionPrefix";

		private static final String EVENT_ARCH_ENABLED = "isEventArchEnabled";

		private static final String WEB_CONNECTIVITY_ENABLED = "isWebConnectivityEnabled";

		/** 0 before and after the root object, 1 directly inside it. */
		private int depth;

		private boolean rootOpened;

		/** The top-level property whose value comes next, when it is one of the three. */
		private @Nullable String property;

		private @Nullable String collectionPrefix;

		private boolean eventArchEnabled;

		private boolean webConnectivityEnabled = true;

		@Override
		public void beginObject() {
			if (!this.rootOpened) {
				this.rootOpened = true;
				this.depth = 1;
				return;
			}
			beginContainer();
		}

		@Override
		public void beginArray() {
			if (!this.rootOpened) {
				throw notAnObject();
			}
			beginContainer();
		}

		private void beginContainer() {
			if (this.depth == 1) {
				topLevelValue(null, null);
			}
			this.depth++;
		}

		@Override
		public void end() {
			this.depth--;
		}

		@Override
		public void name(@Nullable CharSequence name) {
			if (this.depth == 1) {
				this.property = (name != null) ? knownField(name) : null;
			}
		}

		@Override
		public void value(Scalar kind, @Nullable CharSequence text) {
			if (!this.rootOpened) {
				throw notAnObject();
			}
			if (this.depth == 1) {
				topLevelValue(kind, text);
			}
		}

		private static @Nullable String knownField(CharSequence name) {
			if (COLLECTION_PREFIX.contentEquals(name)) {
				return COLLECTION_PREFIX;
			}
			if (EVENT_ARCH_ENABLED.contentEquals(name)) {
				return EVENT_ARCH_ENABLED;
			}
			return WEB_CONNECTIVITY_ENABLED.contentEquals(name) ? WEB_CONNECTIVITY_ENABLED : null;
		}

		/**
		 * Like a tree's last-one-wins: a later duplicate of the property replaces the earlier
		 * value.
		 * @param kind the scalar's kind, or {@code null} for an object or an array
		 * @param text a string's text, or {@code null} when it was too long to keep
		 */
		private void topLevelValue(@Nullable Scalar kind, @Nullable CharSequence text) {
			if (COLLECTION_PREFIX.equals(this.property)) {
				// Too long to keep is too long to be valid: no prefix either way.
				this.collectionPrefix = (kind == Scalar.STRING && text != null) ? text.toString() : null;
			}
			else if (EVENT_ARCH_ENABLED.equals(this.property)) {
				this.eventArchEnabled = (kind == Scalar.TRUE);
			}
			else if (WEB_CONNECTIVITY_ENABLED.equals(this.property)) {
				// FME's SDKs treat a missing or non-false flag as on.
				this.webConnectivityEnabled = (kind != Scalar.FALSE);
			}
			this.property = null;
		}

		SettingsFile settingsFile() {
			String prefix = (this.collectionPrefix != null && SettingsFile.isValidPrefix(this.collectionPrefix))
					? this.collectionPrefix : null;
			return new SettingsFile(prefix, this.eventArchEnabled, this.webConnectivityEnabled);
		}

	}

}
