package io.github.vwopush.health;

import io.github.vwopush.delivery.DefaultVwoPushService;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/**
 * Health of the VWO push service, as {@link VwoHealthReport} reads it: {@code DOWN} when VWO
 * rejected the credentials, {@link #DEGRADED} in a VWO outage, {@code UP} otherwise.
 */
public final class VwoHealthIndicator extends AbstractHealthIndicator {

	/** VWO is failing; the application keeps working and pushes are retried. */
	public static final Status DEGRADED = new Status(VwoHealthReport.DEGRADED, VwoHealthReport.DEGRADED_DESCRIPTION);

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
		VwoHealthReport report = VwoHealthReport.of(this.service);
		builder.status(report.status().equals(VwoHealthReport.DEGRADED) ? DEGRADED : new Status(report.status()))
			.withDetails(report.details());
	}

}
