package io.github.vwopush.kafka;

import java.time.Duration;

import io.github.vwopush.VwoCredentials;
import io.github.vwopush.health.VwoHealthIndicator;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the Kafka relay ({@code vwoRelay}): {@code DOWN} when it is not consuming (not
 * started, or its consumers stopped by an error of their own),
 * {@link VwoHealthIndicator#CREDENTIALS_REJECTED} when VWO refuses its SDK key (records are
 * read again, not dead-lettered, until it is fixed),
 * {@link VwoHealthIndicator#DEGRADED} while VWO fails its requests (the records wait in the
 * topic), {@code UP} otherwise; with its lag, outage age and partitions as details. Never a
 * user id, a value or the SDK key.
 */
final class VwoKafkaRelayHealthIndicator extends AbstractHealthIndicator {

	private final KafkaRelay relay;

	VwoKafkaRelayHealthIndicator(KafkaRelay relay) {
		super("VWO Kafka relay health check failed");
		this.relay = relay;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Duration outage = this.relay.engineState().outageAge();
		if (!this.relay.isConsuming()) {
			builder.down();
		}
		else if (this.relay.engineState().credentials() == VwoCredentials.REJECTED) {
			builder.status(VwoHealthIndicator.CREDENTIALS_REJECTED);
		}
		else if (!outage.isZero()) {
			builder.status(VwoHealthIndicator.DEGRADED);
		}
		else {
			builder.up();
		}
		RelayProgress progress = this.relay.progress();
		builder.withDetail("lag", progress.lag())
			.withDetail("partitions", progress.partitions())
			.withDetail("outageAge", outage.toString())
			.withDetail("delivered", progress.deliveredRecords())
			.withDetail("deadLettered", progress.deadLetteredRecords())
			.withDetail("readAgain", progress.readAgainRecords());
	}

}
