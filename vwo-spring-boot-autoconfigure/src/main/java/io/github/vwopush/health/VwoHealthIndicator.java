package io.github.vwopush.health;

import io.github.vwopush.VwoPushEngine;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of the VWO push service, as {@link VwoHealthReport} reads it:
 * {@link #CREDENTIALS_REJECTED} when VWO rejected the credentials ({@code DOWN} if asked),
 * {@link #DEGRADED} in a VWO outage, {@code UP} otherwise. The two custom statuses are not
 * in Spring Boot's default status order, so they leave the aggregate health as it is.
 */
public final class VwoHealthIndicator extends AbstractHealthIndicator {

	/** VWO is failing; the application keeps working and pushes are retried. */
	public static final Status DEGRADED = new Status(VwoHealthReport.DEGRADED, VwoHealthReport.DEGRADED_DESCRIPTION);

	/** VWO rejected the account id and SDK key; the application keeps working, nothing is delivered. */
	public static final Status CREDENTIALS_REJECTED = new Status(VwoHealthReport.CREDENTIALS_REJECTED,
			VwoHealthReport.CREDENTIALS_REJECTED_DESCRIPTION);

	private final VwoPushEngine service;

	private final boolean downOnRejectedCredentials;

	/**
	 * Create the indicator, reporting rejected credentials as {@link #CREDENTIALS_REJECTED}.
	 * @param service the push engine
	 */
	public VwoHealthIndicator(VwoPushEngine service) {
		this(service, false);
	}

	/**
	 * Create the indicator.
	 * @param service the push engine
	 * @param downOnRejectedCredentials whether rejected credentials are {@code DOWN}, which
	 * fails the aggregate health, rather than {@link #CREDENTIALS_REJECTED}
	 */
	public VwoHealthIndicator(VwoPushEngine service, boolean downOnRejectedCredentials) {
		super("VWO push health check failed");
		this.service = service;
		this.downOnRejectedCredentials = downOnRejectedCredentials;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		VwoHealthReport report = VwoHealthReport.of(this.service, this.downOnRejectedCredentials);
		builder.status(switch (report.status()) {
			case VwoHealthReport.DEGRADED -> DEGRADED;
			case VwoHealthReport.CREDENTIALS_REJECTED -> CREDENTIALS_REJECTED;
			default -> new Status(report.status());
		}).withDetails(report.details());
	}

}
