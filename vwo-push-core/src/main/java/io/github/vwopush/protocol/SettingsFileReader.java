package io.github.vwopush.protocol;

import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.async.ByteBufferFeeder;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads VWO's settings file as its bytes arrive, keeping only the top-level
 * {@code collectionPrefix}, {@code isEventArchEnabled} and {@code isWebConnectivityEnabled}. Large accounts' files hold
 * megabytes of campaigns that push never needs, so everything else is tokenized and
 * dropped, never built into a tree: memory stays constant whatever the file's size.
 * <p>
 * Not thread-safe: one reader per fetch, fed in order.
 */
public final class SettingsFileReader {

	private static final JsonFactory JSON = JsonFactory.builder().build();

	private static final String COLLECTION_PREFIX = "collectionPrefix";

	private static final String EVENT_ARCH_ENABLED = "isEventArchEnabled";

	private static final String WEB_CONNECTIVITY_ENABLED = "isWebConnectivityEnabled";

	private final JsonParser parser = JSON.createNonBlockingByteBufferParser(ObjectReadContext.empty());

	private final ByteBufferFeeder feeder = (ByteBufferFeeder) this.parser.nonBlockingInputFeeder();

	/** 0 before and after the root object, 1 directly inside it. */
	private int depth;

	private boolean rootOpened;

	private boolean rootClosed;

	/** The top-level property whose value comes next. */
	private @Nullable String property;

	private @Nullable String collectionPrefix;

	private boolean eventArchEnabled;

	private boolean webConnectivityEnabled = true;

	/**
	 * Read the next bytes of the file. The buffer is consumed entirely before this returns,
	 * so the caller may release it.
	 * @param chunk the next bytes
	 * @throws IllegalArgumentException when what was read so far is not the start of a JSON
	 * object
	 */
	public void feed(ByteBuffer chunk) {
		if (!chunk.hasRemaining()) {
			return;
		}
		try {
			this.feeder.feedInput(chunk);
		}
		catch (JacksonException ex) {
			throw notValidJson();
		}
		readAvailableTokens();
	}

	/**
	 * The file has ended.
	 * @return the fields that matter for push
	 * @throws IllegalArgumentException when the file is not one complete JSON object
	 */
	public SettingsFile finish() {
		this.feeder.endOfInput();
		readAvailableTokens();
		this.parser.close();
		if (!this.rootOpened) {
			throw notAnObject();
		}
		if (!this.rootClosed) {
			throw notValidJson();
		}
		String prefix = (this.collectionPrefix != null && SettingsFile.isValidPrefix(this.collectionPrefix))
				? this.collectionPrefix : null;
		return new SettingsFile(prefix, this.eventArchEnabled, this.webConnectivityEnabled);
	}

	private void readAvailableTokens() {
		try {
			JsonToken token;
			while ((token = this.parser.nextToken()) != null && token != JsonToken.NOT_AVAILABLE) {
				read(token);
			}
		}
		catch (JacksonException ex) {
			throw notValidJson();
		}
	}

	private void read(JsonToken token) {
		if (this.rootClosed) {
			throw notValidJson();
		}
		if (!this.rootOpened) {
			if (token != JsonToken.START_OBJECT) {
				throw notAnObject();
			}
			this.rootOpened = true;
			this.depth = 1;
			return;
		}
		switch (token) {
			case PROPERTY_NAME -> {
				if (this.depth == 1) {
					this.property = this.parser.currentName();
				}
			}
			case START_OBJECT, START_ARRAY -> {
				if (this.depth == 1) {
					topLevelValue(token);
				}
				this.depth++;
			}
			case END_OBJECT, END_ARRAY -> {
				this.depth--;
				this.rootClosed = (this.depth == 0);
			}
			default -> {
				if (this.depth == 1) {
					topLevelValue(token);
				}
			}
		}
	}

	/** Like a tree's last-one-wins: a later duplicate of the property replaces the earlier value. */
	private void topLevelValue(JsonToken token) {
		if (COLLECTION_PREFIX.equals(this.property)) {
			this.collectionPrefix = (token == JsonToken.VALUE_STRING) ? this.parser.getString() : null;
		}
		else if (EVENT_ARCH_ENABLED.equals(this.property)) {
			this.eventArchEnabled = (token == JsonToken.VALUE_TRUE);
		}
		else if (WEB_CONNECTIVITY_ENABLED.equals(this.property)) {
			// FME's SDKs treat a missing or non-false flag as on.
			this.webConnectivityEnabled = (token != JsonToken.VALUE_FALSE);
		}
		this.property = null;
	}

	private static IllegalArgumentException notValidJson() {
		return new IllegalArgumentException("The settings file is not valid JSON");
	}

	private static IllegalArgumentException notAnObject() {
		return new IllegalArgumentException("The settings file is not a JSON object");
	}

}
