/**
 * The delivery engine: what happens to a dimension between {@code push()} and its final outcome.
 * <p>Internal: not part of the supported API, may change in any release without notice.
 * <p>The classes by role:
 * <ul>
 * <li>accepting, on the caller's thread: {@code DefaultVwoPushService} (the service; builds and
 * owns the rest), {@code DimensionValidator} and {@code Rejection}, {@code MapEntries} (a map
 * read once); {@code ValidatingPushService} runs the same checks for test doubles, and
 * {@code RejectionSink} counts what a {@code @VwoDimension} expression failed to produce;</li>
 * <li>queueing: {@code PushQueue} of {@code QueueItem}s ({@code QueuedPush}, {@code FlushBarrier}),
 * bounded in dimensions and bytes until each outcome is final;</li>
 * <li>journaling: {@code Journal}, either {@code MemoryJournal} or {@code SpoolJournal} (writes to
 * {@code internal.spool}, parks what exceeds the memory window, reads it back);</li>
 * <li>sending, on the one sender thread: {@code PushSender} (the loop), {@code BatchAssembler}
 * (cuts {@code Slice}s of pushes, skipping user keys in flight), {@code HeldKeys},
 * {@code BlockedKeys} and {@code UserKey} (order per user key), {@code Dispatcher} (in-flight window, backoff, 413
 * halves, poison strikes), {@code Shipment} (one request's slices), {@code RequestShape} (the
 * transport switch), {@code MessageStamps}; {@code RequestOutlet} (where a request goes):
 * {@code HttpRequests} (VWO, the default) or {@code OutletRequests} (a public
 * {@code VwoOutlet} such as a Kafka topic, its answers judged as VWO's);</li>
 * <li>retry policy: {@code RetryPolicy} (what is retryable, backoff, {@code Retry-After}, when to
 * give up);</li>
 * <li>outcome: {@code Settlement} (each dimension final exactly once), {@code PushCompletion} and
 * {@code CallbackExecutor} ({@code pushAsync} futures off the sender thread),
 * {@code DeliveryListener} with {@code PushCounters}, {@code DeliveryStatus},
 * {@code CompositeDeliveryListener}; {@code ThrottledLogger};</li>
 * <li>configuration and test seams: {@code DeliveryConfig}, {@code RacePoints}, {@code SpoolOpener}.</li>
 * </ul>
 * <p>One dimension's path: {@code push("plan", "gold", "u")} is checked by
 * {@code DimensionValidator}, counted, wrapped in a {@code QueuedPush} and offered to the
 * {@code PushQueue}, which wakes the {@code PushSender}; the {@code Journal} moves it to the
 * {@code BatchAssembler}; when a batch is due the sender hands its slices to the
 * {@code Dispatcher} as a {@code Shipment}, {@code RequestShape} writes the request with
 * {@code internal.protocol.PushWireFormat} (the wire format) and {@code internal.http.VwoHttpClient}
 * sends it. The answer is queued on the HTTP event loop and settled on the sender thread: a 2xx
 * goes to {@code Settlement} as delivered; a failure {@code RetryPolicy} calls retryable waits
 * for its backoff and is sent again until the policy gives up (never, with the spool); any other
 * failure goes to {@code Settlement} as failed.
 */
@NullMarked
package io.github.vwopush.internal.delivery;

import org.jspecify.annotations.NullMarked;
