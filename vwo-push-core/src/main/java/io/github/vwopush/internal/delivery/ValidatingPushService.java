package io.github.vwopush.internal.delivery;

import java.time.Duration;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.github.vwopush.DimensionResult;
import io.github.vwopush.PushReason;
import io.github.vwopush.PushResult;
import io.github.vwopush.VwoPushService;
import io.github.vwopush.VwoVisitor;
import org.jspecify.annotations.Nullable;

/**
 * A {@link VwoPushService} that validates, counts and logs every push exactly as the
 * starter's own service does, then hands each dimension and its outcome to a {@link Sink}
 * instead of delivering it: the seam for test doubles (the {@code vwo-spring-boot-test}
 * recorder). Nothing is queued or sent and no thread is started.
 * <p>
 * The validation is not a copy: every call runs through a {@link DefaultVwoPushService} in
 * development mode, so a rejected dimension has the same {@link PushReason} and message as
 * in production, and the user's map is read once, the same way. A valid dimension ends as
 * {@link PushReason#DELIVERED}; {@code pushAsync} futures are complete when returned.
 */
public final class ValidatingPushService implements VwoPushService, RejectionSink {

	private static final String ACCEPTED = "valid; handed to the sink, not sent";

	private final DefaultVwoPushService validator;

	private final Sink sink;

	/**
	 * Create the service.
	 * @param validator a service in development mode (no HTTP client, no settings: no
	 * sender, no callback pool, no thread), which validates and counts each push with the
	 * production code, then finishes it at once ({@code DEV_MODE}) on the caller's thread
	 * @param sink receives every dimension and its outcome, on the caller's thread
	 */
	public ValidatingPushService(DefaultVwoPushService validator, Sink sink) {
		if (!validator.config().devMode()) {
			throw new IllegalArgumentException("The validator must be in development mode: it would send");
		}
		this.validator = validator;
		this.sink = sink;
	}

	@Override
	public boolean push(String customDimensionKey, String customDimensionValue, String userId) {
		return record(Collections.singletonMap(customDimensionKey, customDimensionValue), userId).single()
			.isDelivered();
	}

	@Override
	public Map<String, Boolean> push(Map<String, ?> customDimensionMap, String userId) {
		return push(customDimensionMap, userId, null);
	}

	@Override
	public Map<String, Boolean> push(Map<String, ?> customDimensionMap, VwoVisitor visitor) {
		return push(customDimensionMap, (visitor != null) ? visitor.userId() : null, visitor);
	}

	private Map<String, Boolean> push(Map<String, ?> customDimensionMap, @Nullable String userId,
			@Nullable VwoVisitor visitor) {
		if (customDimensionMap == null) {
			return Collections.emptyMap();
		}
		ReadOnce read = new ReadOnce(customDimensionMap);
		PushResult result = record(read, userId, visitor);
		if (read.entries.isEmpty()) {
			// As DefaultVwoPushService: a map that failed before its first entry has no key to answer for.
			return Collections.emptyMap();
		}
		Map<String, Boolean> queued = new LinkedHashMap<>();
		for (DimensionResult dimension : result.dimensions()) {
			queued.put(dimension.key(), dimension.isDelivered());
		}
		return queued;
	}

	@Override
	public CompletableFuture<PushResult> pushAsync(String customDimensionKey, String customDimensionValue,
			String userId) {
		return CompletableFuture
			.completedFuture(record(Collections.singletonMap(customDimensionKey, customDimensionValue), userId));
	}

	@Override
	public CompletableFuture<PushResult> pushAsync(Map<String, ?> customDimensionMap, String userId) {
		return pushAsync(customDimensionMap, userId, null);
	}

	@Override
	public CompletableFuture<PushResult> pushAsync(Map<String, ?> customDimensionMap, VwoVisitor visitor) {
		return pushAsync(customDimensionMap, (visitor != null) ? visitor.userId() : null, visitor);
	}

	private CompletableFuture<PushResult> pushAsync(Map<String, ?> customDimensionMap, @Nullable String userId,
			@Nullable VwoVisitor visitor) {
		if (customDimensionMap == null) {
			return CompletableFuture.completedFuture(new PushResult(List.of()));
		}
		return CompletableFuture.completedFuture(record(new ReadOnce(customDimensionMap), userId, visitor));
	}

	/**
	 * Nothing is ever pending.
	 * @param timeout not used
	 * @return {@code true}
	 */
	@Override
	public boolean flush(Duration timeout) {
		return true;
	}

	@Override
	public void reject(String key, PushReason reason, String message) {
		this.validator.reject(key, reason, message);
		this.sink.dimension(null, key, null, new DimensionResult(key, reason, message));
	}

	private PushResult record(Map<String, ?> map, @Nullable String userId) {
		return record(map, userId, null);
	}

	/** Validated by production's own code, the visitor's context included (a bad one rejects the push there too). */
	private PushResult record(Map<String, ?> map, @Nullable String userId, @Nullable VwoVisitor visitor) {
		PushResult validated = ((visitor != null) ? this.validator.pushAsync(map, visitor)
				: this.validator.pushAsync(map, userId)).getNow(null);
		if (validated == null) {
			throw new IllegalStateException("DefaultVwoPushService no longer completes development-mode pushes at once");
		}
		List<DimensionResult> results = new ArrayList<>(validated.dimensions().size());
		for (DimensionResult dimension : validated.dimensions()) {
			DimensionResult result = (dimension.reason() == PushReason.DEV_MODE)
					? new DimensionResult(dimension.key(), PushReason.DELIVERED, ACCEPTED) : dimension;
			Object value = (map instanceof ReadOnce read) ? read.valueOf(dimension.key()) : map.get(dimension.key());
			this.sink.dimension(userId, dimension.key(), value, result);
			results.add(result);
		}
		return new PushResult(results);
	}

	/**
	 * Receives each dimension handed to a {@link ValidatingPushService} with its outcome.
	 */
	@FunctionalInterface
	public interface Sink {

		/**
		 * One dimension and its outcome.
		 * @param userId the user id as given; {@code null} for a {@code @VwoDimension}
		 * whose expression failed (its user id is never known then)
		 * @param key the custom dimension key as given
		 * @param value the value as given, with its type (a {@code String}, a
		 * {@code Number}, a {@code Boolean}, or for a rejected push any object); {@code null}
		 * when it was null, or for a {@code @VwoDimension} whose expression failed
		 * @param result {@link PushReason#DELIVERED} when valid, else the rejection's
		 * reason and message
		 */
		void dimension(@Nullable String userId, @Nullable String key, @Nullable Object value, DimensionResult result);

	}

	/**
	 * The caller's map as the validator reads it: every entry is noted as it is read, so
	 * the values recorded are the ones that were validated, and the map is read once.
	 */
	private static final class ReadOnce extends AbstractMap<String, Object> {

		private final Map<String, ?> map;

		private final List<Map.Entry<String, Object>> entries = new ArrayList<>();

		ReadOnce(Map<String, ?> map) {
			this.map = map;
		}

		@Override
		public int size() {
			return this.map.size();
		}

		@Override
		public Set<Map.Entry<String, Object>> entrySet() {
			return new AbstractSet<>() {

				@Override
				public Iterator<Map.Entry<String, Object>> iterator() {
					Iterator<? extends Map.Entry<String, ?>> iterator = ReadOnce.this.map.entrySet().iterator();
					return new Iterator<>() {

						@Override
						public boolean hasNext() {
							return iterator.hasNext();
						}

						@Override
						public Map.Entry<String, Object> next() {
							Map.Entry<String, ?> entry = iterator.next();
							Map.Entry<String, Object> read = new SimpleImmutableEntry<>(entry.getKey(), entry.getValue());
							ReadOnce.this.entries.add(read);
							return read;
						}

					};
				}

				@Override
				public int size() {
					return ReadOnce.this.map.size();
				}

			};
		}

		/** The first value read for the key: a key seen twice is pushed once, with its first value. */
		@Nullable Object valueOf(@Nullable String key) {
			for (Map.Entry<String, Object> entry : this.entries) {
				if (Objects.equals(entry.getKey(), key)) {
					return entry.getValue();
				}
			}
			return null;
		}

	}

}
