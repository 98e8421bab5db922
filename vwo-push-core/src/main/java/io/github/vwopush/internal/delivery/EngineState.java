package io.github.vwopush.internal.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.github.vwopush.PushOutcome;
import io.github.vwopush.PushReason;
import io.github.vwopush.VwoCredentials;
import io.github.vwopush.VwoPushState;
import io.github.vwopush.internal.settings.CredentialsStatus;
import io.github.vwopush.internal.settings.SettingsSnapshot;
import org.jspecify.annotations.Nullable;

/**
 * The public, read-only view of a {@link DefaultVwoPushService}: every call reads the
 * service's current value.
 */
final class EngineState implements VwoPushState {

	private final DefaultVwoPushService service;

	EngineState(DefaultVwoPushService service) {
		this.service = service;
	}

	@Override
	public long accepted() {
		return this.service.counters().accepted();
	}

	@Override
	public long recovered() {
		return this.service.counters().recovered();
	}

	@Override
	public long count(PushReason reason) {
		return this.service.counters().count(reason);
	}

	@Override
	public long count(PushOutcome outcome) {
		return this.service.counters().count(outcome);
	}

	@Override
	public Map<PushReason, Long> byReason() {
		return this.service.counters().byReason();
	}

	@Override
	public int pending() {
		return this.service.pending();
	}

	@Override
	public @Nullable Duration oldestPendingAge() {
		return this.service.oldestPendingAge();
	}

	@Override
	public int queueSize() {
		return this.service.queueSize();
	}

	@Override
	public long queueBytes() {
		return this.service.queueBytes();
	}

	@Override
	public long spooledDimensions() {
		return this.service.spooledDimensions();
	}

	@Override
	public long spoolBytes() {
		return this.service.spoolBytes();
	}

	@Override
	public int requestsInFlight() {
		return this.service.requestsInFlight();
	}

	@Override
	public @Nullable Instant lastSuccess() {
		return this.service.status().lastSuccess();
	}

	@Override
	public @Nullable Instant lastFailure() {
		return this.service.status().lastFailure();
	}

	@Override
	public @Nullable String lastError() {
		return this.service.status().lastError();
	}

	@Override
	public Duration outageAge() {
		return this.service.status().outageAge();
	}

	@Override
	public boolean isFailing() {
		return this.service.status().isFailing();
	}

	@Override
	public VwoCredentials credentials() {
		SettingsSnapshot settings = this.service.settings();
		if (this.service.status().credentialsRejected()
				|| (settings != null && settings.credentials() == CredentialsStatus.REJECTED)) {
			return VwoCredentials.REJECTED;
		}
		return (settings != null) ? credentials(settings.credentials()) : VwoCredentials.UNKNOWN;
	}

	@Override
	public @Nullable Settings settings() {
		SettingsSnapshot settings = this.service.settings();
		if (settings == null) {
			return null;
		}
		return new Settings(credentials(settings.credentials()), settings.collectionPrefix(),
				settings.prefixOverridden(), settings.eventArchEnabled(), settings.lastSuccess(), settings.lastError(),
				settings.webConnectivityEnabled());
	}

	private static VwoCredentials credentials(CredentialsStatus status) {
		return VwoCredentials.valueOf(status.name());
	}

	@Override
	public String toString() {
		return "VwoPushState[accepted=" + accepted() + ", pending=" + pending() + ", credentials=" + credentials()
				+ "]";
	}

}
