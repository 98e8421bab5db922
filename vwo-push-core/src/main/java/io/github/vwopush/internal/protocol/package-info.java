/**
 * VWO's push wire protocol: the visitor UUID, the encodings, and the exact HTTP requests for
 * the batch, event-architecture, legacy and settings endpoints, and the check of the URLs
 * they go to. Pure functions, no I/O; depends on nothing else in the engine. The protocol
 * itself is described in the repository's {@code docs/protocol.md}.
 * <p>Internal: not part of the supported API, may change in any release without notice.
 * <p>The classes by role:
 * <ul>
 * <li>the wire format: {@code PushWireFormat}, one method per endpoint, each returning a
 * {@code WireRequest} (the request as sent, and its twin with the SDK key redacted);</li>
 * <li>what goes in: {@code PushEvent} (one dimension ready for the wire), {@code ValueType}
 * (a value's type and string form), {@code VisitorContext}, {@code VisitorUuid} (VWO's
 * visitor id from a user id), {@code SdkIdentity}, {@code Transport} (which endpoint carries
 * events) and {@code Platform} (FullStack or FME: settings path and default transport);</li>
 * <li>encodings: {@code JsonWriter} (JSON without a JSON library), {@code PercentEncoding},
 * {@code QueryString};</li>
 * <li>the settings file: {@code SettingsFileReader} (streams the bytes through
 * {@code IncrementalJsonParser} and {@code JsonStringReader}, keeping only what push needs)
 * into a {@code SettingsFile}; {@code MalformedJsonException};</li>
 * <li>URLs: {@code HttpUrl}, the check of a configured base URL that never repeats a
 * credential.</li>
 * </ul>
 * <p>One dimension's path: {@code internal.delivery.RequestShape} turns a queued push into
 * {@code PushEvent}s (visitor id from {@code VisitorUuid}) and calls the
 * {@code PushWireFormat} method of the configured {@code Transport}, which writes JSON with
 * {@code JsonWriter} and query strings with {@code QueryString}; the {@code WireRequest} goes to
 * {@code internal.http.VwoHttpClient}, and only its redacted twin is ever logged or observed.
 */
@NullMarked
package io.github.vwopush.internal.protocol;

import org.jspecify.annotations.NullMarked;
