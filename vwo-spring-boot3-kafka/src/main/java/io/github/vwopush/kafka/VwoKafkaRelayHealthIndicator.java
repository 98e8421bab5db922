package io.github.vwopush.kafka;

import io.github.vwopush.health.VwoHealthIndicator;
import io.github.vwopush.health.VwoHealthReport;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/**
 * Health of the Kafka relay ({@code vwoRelay}) on Spring Boot 3.5's health API, as
 * {@link RelayHealth} reads it.
 */
final class VwoKafkaRelayHealthIndicator extends AbstractHealthIndicator {

	private final KafkaRelay relay;

	VwoKafkaRelayHealthIndicator(KafkaRelay relay) {
		super("VWO Kafka relay health check failed");
		this.relay = relay;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		VwoHealthReport report = RelayHealth.of(this.relay);
		builder.status(switch (report.status()) {
			case VwoHealthReport.DEGRADED -> VwoHealthIndicator.DEGRADED;
			case VwoHealthReport.CREDENTIALS_REJECTED -> VwoHealthIndicator.CREDENTIALS_REJECTED;
			default -> new Status(report.status());
		}).withDetails(report.details());
	}

}
