/**
 * VWO's settings file: the data-residency prefix and the credentials check.
 * <p>Internal: not part of the supported API, may change in any release without notice.
 * <p>The classes by role:
 * <ul>
 * <li>fetching: {@code SettingsRefresher} asks for the file when a fetch is due, on the HTTP
 * client's event loop ({@code internal.http.VwoHttpClient#exchangeStreaming}), reads it as it
 * arrives with {@code internal.protocol.SettingsFileReader}, and wakes the sender when done; it
 * never blocks the thread that asks;</li>
 * <li>the result: {@code SettingsSnapshot} (prefix, whether it is overridden, event architecture,
 * web connectivity, last success and error), safe to expose, and {@code CredentialsStatus}
 * (unknown, accepted, or rejected by a 401 or 403).</li>
 * </ul>
 * <p>One dimension's path: it does not pass through here, but the first request waits while the
 * first fetch is under way, and {@code internal.delivery.PushSender} sends every request under
 * the snapshot's collection prefix (on FME, a web visitor's id is kept as it is unless the file
 * says otherwise). Health, the endpoint and the meters read the {@code SettingsSnapshot}.
 */
@NullMarked
package io.github.vwopush.internal.settings;

import org.jspecify.annotations.NullMarked;
