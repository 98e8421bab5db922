package io.github.vwopush.kafka;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.vwopush.VwoCredentials;
import io.github.vwopush.health.VwoHealthReport;

/**
 * What the relay's {@code vwoRelay} health indicator reports, from in-memory state only; each
 * Spring Boot line's indicator publishes it. {@code DOWN} when the relay is not consuming
 * (not started, or its consumers stopped by an error of their own) or has been cut off from
 * Kafka for longer than its consumers' {@code session.timeout.ms} (no heartbeat to the group:
 * {@code kafkaSilence}),
 * {@value VwoHealthReport#CREDENTIALS_REJECTED} when VWO refuses its SDK key (records are read
 * again, not dead-lettered, until it is fixed), {@value VwoHealthReport#DEGRADED} while VWO
 * fails its requests (the records wait in the topic), {@code UP} otherwise; with its lag,
 * outage age and partitions as details. Never a user id, a value or the SDK key.
 */
final class RelayHealth {

	private RelayHealth() {
	}

	static VwoHealthReport of(KafkaRelay relay) {
		Duration outage = relay.engineState().outageAge();
		String status;
		Duration silence = relay.kafkaSilence();
		if (!relay.isConsuming() || relay.isCutOffFromKafka()) {
			status = "DOWN";
		}
		else if (relay.engineState().credentials() == VwoCredentials.REJECTED) {
			status = VwoHealthReport.CREDENTIALS_REJECTED;
		}
		else if (!outage.isZero()) {
			status = VwoHealthReport.DEGRADED;
		}
		else {
			status = "UP";
		}
		RelayProgress progress = relay.progress();
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("kafkaSilence", silence.toString());
		details.put("lag", progress.lag());
		details.put("partitions", progress.partitions());
		details.put("outageAge", outage.toString());
		details.put("delivered", progress.deliveredRecords());
		details.put("deadLettered", progress.deadLetteredRecords());
		details.put("readAgain", progress.readAgainRecords());
		return new VwoHealthReport(status, Collections.unmodifiableMap(details));
	}

}
