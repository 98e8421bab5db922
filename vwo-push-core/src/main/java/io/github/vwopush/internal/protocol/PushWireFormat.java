package io.github.vwopush.internal.protocol;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * VWO's push wire format, in one place: the exact requests for the batch, event
 * architecture, legacy, FME batch (v2) and settings endpoints (described in the repository's
 * {@code docs/protocol.md}), each with its {@linkplain WireRequest#redacted() redacted}
 * twin, which has {@link WireRequest#REDACTED} wherever the protocol puts the SDK key.
 * <p>
 * JSON is written by {@link JsonWriter}, never pasted together, and the tags JSON is
 * percent-encoded once (RFC 3986). A key, value or other string with an unpaired surrogate,
 * or a {@link ValueType#NUMBER} value whose text is not a JSON number, is refused with an
 * {@link IllegalArgumentException}: the push validation lets neither through. Thread-safe.
 */
public final class PushWireFormat {

	static final String JSON_UTF8 = "application/json; charset=UTF-8";

	static final String SYNC_VISITOR_PROP = "vwo_syncVisitorProp";

	private final String baseUrl;

	private final long accountId;

	private final String sdkKey;

	private final SdkIdentity sdk;

	private final String settingsBaseUrl;

	private final Platform platform;

	/** A gateway serves every account from one path: events are never prefixed there. */
	private final boolean gateway;

	/**
	 * Create the wire format for one FullStack account at VWO's own host.
	 * @param baseUrl VWO's base URL, for example {@code https://dev.visualwebsiteoptimizer.com}
	 * @param accountId the account id
	 * @param sdkKey the SDK key
	 * @param sdk how this starter names itself
	 */
	public PushWireFormat(URI baseUrl, long accountId, String sdkKey, SdkIdentity sdk) {
		this(baseUrl, accountId, sdkKey, sdk, Platform.FULLSTACK, false);
	}

	/**
	 * Create the wire format for one account.
	 * @param baseUrl VWO's base URL, or the gateway's
	 * @param accountId the account id
	 * @param sdkKey the SDK key
	 * @param sdk how this starter names itself
	 * @param platform the account's platform (where the settings file comes from)
	 * @param gateway whether {@code baseUrl} is a VWO gateway, where events carry no
	 * collection prefix
	 */
	public PushWireFormat(URI baseUrl, long accountId, String sdkKey, SdkIdentity sdk, Platform platform,
			boolean gateway) {
		this(baseUrl, baseUrl, accountId, sdkKey, sdk, platform, gateway);
	}

	/**
	 * Create the wire format for one account whose settings file is served from another
	 * host than its events (Wingify-branded FME accounts).
	 * @param baseUrl where events go: VWO's base URL, or the gateway's
	 * @param settingsBaseUrl where the settings file comes from
	 * @param accountId the account id
	 * @param sdkKey the SDK key
	 * @param sdk how this starter names itself
	 * @param platform the account's platform (where the settings file comes from)
	 * @param gateway whether {@code baseUrl} is a VWO gateway, where events carry no
	 * collection prefix
	 */
	public PushWireFormat(URI baseUrl, URI settingsBaseUrl, long accountId, String sdkKey, SdkIdentity sdk,
			Platform platform, boolean gateway) {
		this.baseUrl = withoutTrailingSlash(baseUrl);
		this.settingsBaseUrl = withoutTrailingSlash(settingsBaseUrl);
		this.accountId = accountId;
		this.sdkKey = sdkKey;
		this.sdk = sdk;
		this.platform = platform;
		this.gateway = gateway;
	}

	/**
	 * {@code POST [/<prefix>]/server-side/batch-events}: one {@code eT=3} event per
	 * dimension.
	 * @param events the dimensions, 1 to 5000
	 * @param collectionPrefix the data-residency prefix, or {@code null}
	 * @return the request
	 */
	public WireRequest batchEvents(List<PushEvent> events, @Nullable String collectionPrefix) {
		byte[] body = batchBody(events);
		String path = "/server-side/batch-events";
		return new WireRequest("POST", eventUri(collectionPrefix, path, batchQuery(this.sdkKey)),
				batchHeaders(this.sdkKey), body,
				new WireRequest.Redacted(eventUri(collectionPrefix, path, batchQuery(WireRequest.REDACTED)),
						batchHeaders(WireRequest.REDACTED), body));
	}

	private QueryString batchQuery(String envKey) {
		return new QueryString().add("a", this.accountId)
			.add("env", envKey)
			.add("sdk", this.sdk.name())
			.add("sdk-v", this.sdk.version());
	}

	private Map<String, String> batchHeaders(String envKey) {
		Map<String, String> headers = postHeaders();
		headers.put("Authorization", envKey);
		return headers;
	}

	private static byte[] batchBody(List<PushEvent> events) {
		JsonWriter json = new JsonWriter(64 + events.size() * 160);
		json.beginObject().name("ev").beginArray();
		for (PushEvent event : events) {
			json.beginObject()
				.property("eT", 3)
				.property("t", PercentEncoding.encode(tagsJson(event.key(), event.value())))
				.property("u", event.visitorUuid())
				.property("sId", event.sessionSeconds())
				.endObject();
		}
		return json.endArray().endObject().toUtf8();
	}

	/**
	 * {@code POST [/<prefix>]/events/t?en=vwo_syncVisitorProp}: every dimension of one push
	 * call in {@code d.visitor.props}. The message id is {@code <visitor UUID>-<stamp>}: the
	 * caller gives each request its own stamp and keeps it for the request's retries, so the
	 * id is unique per event and the same on every retry.
	 * @param events the dimensions of one push call, all for one visitor
	 * @param collectionPrefix the data-residency prefix, or {@code null}
	 * @param messageStamp the request's stamp, in epoch milliseconds (unique per request)
	 * @param nowMillis the send time ({@code eTime})
	 * @param random the cache buster
	 * @return the request
	 */
	public WireRequest eventArch(List<PushEvent> events, @Nullable String collectionPrefix, long messageStamp,
			long nowMillis, double random) {
		String path = "/events/t";
		VisitorContext visitor = events.get(0).visitor();
		return new WireRequest("POST", eventUri(collectionPrefix, path, eventArchQuery(this.sdkKey, nowMillis, random)),
				eventArchHeaders(visitor, false), eventArchBody(events, messageStamp, false),
				new WireRequest.Redacted(
						eventUri(collectionPrefix, path, eventArchQuery(WireRequest.REDACTED, nowMillis, random)),
						eventArchHeaders(visitor, true), eventArchBody(events, messageStamp, true)));
	}

	/** The visitors' user agents and addresses a batch carries in its body. */
	private static Set<String> visitorSecrets(List<List<PushEvent>> payloads) {
		Set<String> secrets = new LinkedHashSet<>();
		for (List<PushEvent> payload : payloads) {
			VisitorContext visitor = payload.get(0).visitor();
			if (visitor != null && visitor.userAgent() != null) {
				secrets.add(visitor.userAgent());
			}
			if (visitor != null && visitor.ipAddress() != null) {
				secrets.add(visitor.ipAddress());
			}
		}
		return secrets;
	}

	/** The visitor's user agent and address, like the SDK key, are {@link WireRequest#REDACTED} above the wire. */
	private Map<String, String> eventArchHeaders(@Nullable VisitorContext visitor, boolean redacted) {
		Map<String, String> headers = postHeaders();
		if (visitor != null && visitor.userAgent() != null) {
			headers.put("X-Device-User-Agent", redacted ? WireRequest.REDACTED : visitor.userAgent());
		}
		if (visitor != null && visitor.ipAddress() != null) {
			headers.put("VWO-X-Forwarded-For", redacted ? WireRequest.REDACTED : visitor.ipAddress());
		}
		return headers;
	}

	private QueryString eventArchQuery(String envKey, long nowMillis, double random) {
		return new QueryString().add("en", SYNC_VISITOR_PROP)
			.add("a", this.accountId)
			.add("env", envKey)
			.add("eTime", nowMillis)
			.add("random", Double.toString(random))
			.add("p", "FS")
			.add("visitor_ua", "")
			.add("visitor_ip", "")
			.add("sdk", this.sdk.name())
			.add("sdk-v", this.sdk.version());
	}

	private byte[] eventArchBody(List<PushEvent> events, long messageStamp, boolean redacted) {
		JsonWriter json = new JsonWriter(512);
		writeEventArchPayload(json, events, messageStamp, redacted);
		return json.toUtf8();
	}

	/**
	 * One event-architecture payload, {@code {"d":{...}}}: the body of {@code /events/t}, an
	 * element of batch-v2; {@code redacted}, the one shown above the wire, without the SDK
	 * key, the visitor's user agent and its address.
	 */
	private void writeEventArchPayload(JsonWriter json, List<PushEvent> events, long messageStamp, boolean redacted) {
		String envKey = redacted ? WireRequest.REDACTED : this.sdkKey;
		PushEvent first = events.get(0);
		json.beginObject()
			.name("d")
			.beginObject()
			.property("msgId", first.visitorUuid() + "-" + messageStamp)
			.property("visId", first.visitorUuid())
			.property("sessionId", first.sessionSeconds());
		json.name("event")
			.beginObject()
			.property("name", SYNC_VISITOR_PROP)
			.property("time", first.acceptedAtMillis())
			.name("props")
			.beginObject()
			.property("vwo_sdkName", this.sdk.name())
			.property("vwo_sdkVersion", this.sdk.version())
			.property("vwo_envKey", envKey)
			.property("isCustomEvent", true)
			.endObject()
			.endObject();
		json.name("visitor").beginObject().name("props").beginObject().property("vwo_fs_environment", envKey);
		for (PushEvent event : events) {
			writeProp(json, event);
		}
		json.endObject().endObject();
		// As FME: only when the push gave them, never as nulls.
		VisitorContext visitor = first.visitor();
		if (visitor != null && visitor.userAgent() != null) {
			json.property("visitor_ua", redacted ? WireRequest.REDACTED : visitor.userAgent());
		}
		if (visitor != null && visitor.ipAddress() != null) {
			json.property("visitor_ip", redacted ? WireRequest.REDACTED : visitor.ipAddress());
		}
		json.endObject().endObject();
	}

	/**
	 * FME: {@code POST [/<prefix>]/server-side/batch-events-v2}: whole event-architecture
	 * payloads (as {@link #eventArch} sends one), one per push call, in {@code ev}. Each
	 * payload's message id is {@code <visitor UUID>-<its stamp>}: the caller gives two
	 * payloads of one visitor different stamps and keeps them for the request's retries.
	 * @param payloads the dimensions of each payload, each payload for one visitor
	 * @param collectionPrefix the data-residency prefix, or {@code null}
	 * @param messageStamps each payload's stamp, in epoch milliseconds
	 * @return the request
	 */
	public WireRequest batchEventsV2(List<List<PushEvent>> payloads, @Nullable String collectionPrefix,
			long[] messageStamps) {
		String path = "/server-side/batch-events-v2";
		return new WireRequest("POST", eventUri(collectionPrefix, path, batchV2Query(this.sdkKey)),
				batchHeaders(this.sdkKey), batchV2Body(payloads, messageStamps, false),
				new WireRequest.Redacted(eventUri(collectionPrefix, path, batchV2Query(WireRequest.REDACTED)),
						batchHeaders(WireRequest.REDACTED), batchV2Body(payloads, messageStamps, true),
						visitorSecrets(payloads)));
	}

	private QueryString batchV2Query(String envKey) {
		return new QueryString().add("a", this.accountId).add("env", envKey);
	}

	private byte[] batchV2Body(List<List<PushEvent>> payloads, long[] messageStamps, boolean redacted) {
		JsonWriter json = new JsonWriter(64 + payloads.size() * 512);
		json.beginObject().name("ev").beginArray();
		for (int i = 0; i < payloads.size(); i++) {
			writeEventArchPayload(json, payloads.get(i), messageStamps[i], redacted);
		}
		return json.endArray().endObject().toUtf8();
	}

	/** The event architecture keeps the value's type: numbers and booleans are not quoted. */
	private static void writeProp(JsonWriter json, PushEvent event) {
		switch (event.type()) {
			// The string form is a valid JSON number (ValueType), written as it is: no rounding through double.
			case NUMBER -> json.name(event.key()).numberValue(event.value());
			case BOOLEAN -> json.property(event.key(), Boolean.parseBoolean(event.value()));
			default -> json.property(event.key(), event.value());
		}
	}

	/**
	 * {@code GET [/<prefix>]/server-side/push}: one dimension. Unlike VWO's legacy Java SDK,
	 * {@code env} is always sent.
	 * @param event the dimension
	 * @param collectionPrefix the data-residency prefix, or {@code null}
	 * @param random the cache buster
	 * @return the request
	 */
	public WireRequest legacyPush(PushEvent event, @Nullable String collectionPrefix, double random) {
		String path = "/server-side/push";
		return new WireRequest("GET", eventUri(collectionPrefix, path, legacyQuery(event, random, this.sdkKey)),
				getHeaders(), null, new WireRequest.Redacted(
						eventUri(collectionPrefix, path, legacyQuery(event, random, WireRequest.REDACTED)), getHeaders(),
						null));
	}

	private QueryString legacyQuery(PushEvent event, double random, String envKey) {
		return new QueryString().add("account_id", this.accountId)
			.add("u", event.visitorUuid())
			.add("sId", event.sessionSeconds())
			.add("random", Double.toString(random))
			.add("ap", "server")
			.add("sdk", this.sdk.name())
			.add("sdk-v", this.sdk.version())
			.add("env", envKey)
			.add("tags", tagsJson(event.key(), event.value()));
	}

	/**
	 * {@code GET /server-side/settings} (FullStack) or {@code /server-side/v2-settings} (FME):
	 * never prefixed.
	 * @param random the cache buster
	 * @return the request
	 */
	public WireRequest settings(double random) {
		Map<String, String> headers = getHeaders();
		headers.put("Accept", "application/json");
		return new WireRequest("GET", settingsUri(random, this.sdkKey), headers, null,
				new WireRequest.Redacted(settingsUri(random, WireRequest.REDACTED), headers, null));
	}

	private URI settingsUri(double random, String sdkKey) {
		QueryString query = new QueryString().add("a", this.accountId)
			.add("i", sdkKey)
			.add("r", Double.toString(random));
		if (this.platform == Platform.FME) {
			// As FME's SDKs ask for it: this format version has the fields read here.
			query.add("api-version", "3").add("sn", this.sdk.name()).add("sv", this.sdk.version()).add("s", "prod");
		}
		else {
			query.add("platform", "server").add("sdk", this.sdk.name()).add("sdk-v", this.sdk.version());
		}
		return URI.create(this.settingsBaseUrl + this.platform.settingsPath() + "?" + query);
	}

	/**
	 * The tags JSON, {@code {"u":{"<key>":"<value>"}}}, before any URL encoding.
	 * @param key the custom dimension key
	 * @param value the custom dimension value
	 * @return the JSON text
	 * @throws IllegalArgumentException when the key or value holds an unpaired surrogate
	 */
	public static String tagsJson(String key, String value) {
		return new JsonWriter(16 + key.length() + value.length()).beginObject()
			.name("u")
			.beginObject()
			.property(key, value)
			.endObject()
			.endObject()
			.toJson();
	}

	/**
	 * The account's platform.
	 * @return the platform
	 */
	public Platform platform() {
		return this.platform;
	}

	private static String withoutTrailingSlash(URI url) {
		String text = url.toString();
		return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
	}

	/** The endpoint and account; never the SDK key this object holds. */
	@Override
	public String toString() {
		return "PushWireFormat[" + this.baseUrl + ", account " + this.accountId + ", " + this.sdk.userAgent() + "]";
	}

	private URI eventUri(@Nullable String collectionPrefix, String path, QueryString query) {
		String prefix = (collectionPrefix != null && !collectionPrefix.isEmpty() && !this.gateway) ? "/" + collectionPrefix
				: "";
		return URI.create(this.baseUrl + prefix + path + "?" + query);
	}

	private Map<String, String> getHeaders() {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("User-Agent", this.sdk.userAgent());
		return headers;
	}

	private Map<String, String> postHeaders() {
		Map<String, String> headers = getHeaders();
		headers.put("Content-Type", JSON_UTF8);
		return headers;
	}

}
