package io.github.vwopush.kafka;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.github.vwopush.DimensionResult;
import io.github.vwopush.PushReason;
import io.github.vwopush.VwoPushEngine;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** The outbox while Kafka is away: the engine keeps and retries what it accepted, and counts what it gives up. */
class KafkaOutletTests {

	@Test
	void whileKafkaIsAwayADimensionIsRetriedThenCountedAsNotDeliveredNeverDroppedSilently() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		new ApplicationContextRunner()
			.withConfiguration(RunningKafkaLine.kafkaAndVwo())
			.withPropertyValues("vwo.account-id=123456", "vwo.sdk-key=outlet-test-sdk-key",
					"vwo.base-url=http://127.0.0.1:" + closedPort, "vwo.batch.linger=20ms", "vwo.shutdown.timeout=1s",
					"vwo.retry.initial-backoff=50ms", "vwo.retry.max-backoff=100ms", "vwo.retry.max-elapsed=2s",
					"spring.kafka.bootstrap-servers=127.0.0.1:" + closedPort,
					"spring.kafka.producer.properties.max.block.ms=300", "vwo.kafka.enabled=true",
					"vwo.kafka.role=producer")
			.run((context) -> {
				VwoPushEngine engine = context.getBean(VwoPushEngine.class);

				DimensionResult result = engine.pushAsync("plan", "gold", "user-42")
					.get(30, TimeUnit.SECONDS)
					.dimensions()
					.get(0);

				assertThat(result.reason()).isEqualTo(PushReason.IO_ERROR);
				assertThat(result.message()).startsWith("gave up after ").contains("TimeoutException");
				assertThat(engine.state().count(PushReason.IO_ERROR)).isEqualTo(1);
				assertThat(engine.state().count(PushReason.OUTBOX)).isZero();
			});
	}

}
