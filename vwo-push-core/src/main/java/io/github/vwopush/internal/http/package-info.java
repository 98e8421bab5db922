/**
 * The HTTP client the background threads use to talk to VWO.
 * <p>Internal: not part of the supported API, may change in any release without notice.
 * <p>The classes by role:
 * <ul>
 * <li>sending: {@code VwoHttpClient}, a WebClient on its own Reactor Netty pool and event loop;
 * {@code exchangeAsync} for push requests, {@code exchangeStreaming} for the settings file (the
 * body handed over in chunks, {@code ResponseTooLargeException} past its limit). Neither
 * blocks;</li>
 * <li>keeping the SDK key out of sight: everything above the connection (the application's
 * customizers, filters, observations, logs) sees the redacted {@code WireRequest};
 * {@code SecretRestoringConnector} puts the real body back and {@code SecretRestoringHandler}
 * the real query and headers, just before the bytes are encoded;</li>
 * <li>the answer: {@code HttpResult}, a status or a transport failure, with no request data, so
 * it is safe to log; {@code internal.delivery.RetryPolicy} reads it.</li>
 * </ul>
 * <p>One dimension's path: {@code internal.delivery.Dispatcher} passes the {@code WireRequest}
 * that {@code internal.protocol.PushWireFormat} wrote to {@code exchangeAsync}; the
 * {@code HttpResult} arrives on the event loop, where the dispatcher only queues it for the
 * sender thread to settle.
 */
@NullMarked
package io.github.vwopush.internal.http;

import org.jspecify.annotations.NullMarked;
