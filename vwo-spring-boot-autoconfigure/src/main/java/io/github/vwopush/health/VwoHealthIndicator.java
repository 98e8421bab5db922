package io.github.vwopush.health;

import java.time.Duration;

import io.github.vwopush.delivery.DefaultVwoPushService;
import io.github.vwopush.delivery.DeliveryStatus;
import io.github.vwopush.settings.CredentialsStatus;
import io.github.vwopush.settings.SettingsSnapshot;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of the VWO push service, from in-memory state only (no request per probe).
 * <ul>
 * <li>{@code DOWN}: VWO rejected the account id and SDK key (401 or 403).</li>
 * <li>{@link #DEGRADED}: the last request to VWO failed. Dimensions are queued and retried,
 * so a VWO outage does not take the application down; Boot's default status order ignores
 * this status when it aggregates.</li>
 * <li>{@code UP}: otherwise.</li>
 * </ul>
 */
public final class VwoHealthIndicator extends AbstractHealthIndicator {

	/** VWO is failing; the application keeps working and pushes are retried. */
	public static final Status DEGRADED = new Status("DEGRADED",
			"VWO is not accepting pushes right now; dimensions are queued and retried");

	private final DefaultVwoPushService service;

	/**
	 * Create the indicator.
	 * @param service the push service
	 */
	public VwoHealthIndicator(DefaultVwoPushService service) {
		super("VWO push health check failed");
		this.service = service;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		DeliveryStatus delivery = this.service.status();
		SettingsSnapshot settings = this.service.settings();
		boolean rejected = delivery.credentialsRejected()
				|| (settings != null && settings.credentials() == CredentialsStatus.REJECTED);
		if (rejected) {
			builder.down();
		}
		else if (delivery.isFailing()) {
			builder.status(DEGRADED);
		}
		else {
			builder.up();
		}
		builder.withDetail("platform", this.service.platform().tagValue())
			.withDetail("transport", this.service.config().transport().tagValue())
			.withDetail("devMode", this.service.config().devMode())
			.withDetail("queueSize", this.service.queueSize())
			.withDetail("pending", this.service.pending())
			.withDetail("credentials", rejected ? CredentialsStatus.REJECTED
					: (settings != null) ? settings.credentials() : CredentialsStatus.UNKNOWN);
		Duration oldest = this.service.oldestPendingAge();
		if (oldest != null) {
			builder.withDetail("oldestPendingAge", oldest.toString());
		}
		if (delivery.lastSuccess() != null) {
			builder.withDetail("lastSuccess", delivery.lastSuccess());
		}
		if (delivery.lastFailure() != null) {
			builder.withDetail("lastFailure", delivery.lastFailure());
			builder.withDetail("lastError", delivery.lastError());
		}
		if (settings != null && settings.lastError() != null) {
			builder.withDetail("settingsError", settings.lastError());
		}
	}

}
