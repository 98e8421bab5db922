package io.github.vwopush.spool;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.vwopush.PushOutcome;
import io.github.vwopush.PushReason;
import io.github.vwopush.PushResult;
import io.github.vwopush.VwoPushService;
import io.github.vwopush.VwoWireMock;
import io.github.vwopush.VwoWireMock.ReceivedEvent;
import io.github.vwopush.delivery.DefaultVwoPushService;
import io.github.vwopush.delivery.PushCounters;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The spool through the public API: outages, restarts, a memory window smaller than the
 * backlog, a full spool, and a child JVM killed with SIGKILL.
 */
class SpoolCrashTests {

	@RegisterExtension
	static WireMockExtension vwo = VwoWireMock.extension();

	@TempDir
	Path spoolDirectory;

	@BeforeEach
	void vwoIsHealthy() {
		VwoWireMock.healthy(vwo);
	}

	private ApplicationContextRunner runner(String... properties) {
		return VwoWireMock.runner(vwo, "vwo.spool.enabled=true", "vwo.spool.directory=" + this.spoolDirectory,
				"vwo.spool.sync-interval=20ms", "vwo.retry.max-attempts=2")
			.withPropertyValues(properties);
	}

	private static void vwoDown() {
		vwo.stubFor(post(urlPathEqualTo("/server-side/batch-events")).willReturn(aResponse().withStatus(503)));
	}

	private static void vwoUp() {
		vwo.stubFor(post(urlPathEqualTo("/server-side/batch-events")).willReturn(aResponse().withStatus(200)));
	}

	@Test
	void anOutageLongerThanTheRetryBudgetLosesNothing() {
		vwoDown();
		runner().run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			List<CompletableFuture<PushResult>> results = new ArrayList<>();
			for (int i = 0; i < 50; i++) {
				results.add(service.pushAsync("k" + i, "v", "u" + i));
			}
			Thread.sleep(500);
			assertThat(VwoWireMock.pushRequests(vwo).size()).isGreaterThan(2);
			assertThat(results).noneMatch(CompletableFuture::isDone);
			vwoUp();
			for (CompletableFuture<PushResult> result : results) {
				assertThat(result.get(20, TimeUnit.SECONDS).isDelivered()).isTrue();
			}
			assertThat(VwoWireMock.acceptedEvents(vwo)).hasSize(50);
		});
	}

	@Test
	void whatShutdownCannotDeliverIsDeliveredByTheNextStart() {
		vwoDown();
		List<CompletableFuture<PushResult>> results = new ArrayList<>();
		runner("vwo.shutdown.timeout=300ms").run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			for (int i = 0; i < 20; i++) {
				results.add(service.pushAsync("k" + i, "v" + i, "user-" + i));
			}
			Thread.sleep(100);
		});
		for (CompletableFuture<PushResult> result : results) {
			assertThat(result).isDone();
			assertThat(result.join().single().reason()).isEqualTo(PushReason.SPOOLED);
		}
		vwoUp();
		runner().run((context) -> {
			DefaultVwoPushService service = context.getBean(DefaultVwoPushService.class);
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(service.counters().count(PushReason.DELIVERED)).isEqualTo(20));
			assertThat(service.counters().recovered()).isEqualTo(20);
			assertThat(VwoWireMock.acceptedEvents(vwo)).extracting(ReceivedEvent::key)
				.containsExactlyInAnyOrder(java.util.stream.IntStream.range(0, 20).mapToObj((i) -> "k" + i).toArray(String[]::new));
		});
		runner().run((context) -> assertThat(context.getBean(DefaultVwoPushService.class).counters().recovered())
			.as("acknowledged records are not replayed again").isZero());
	}

	@Test
	void aBacklogBeyondTheMemoryWindowIsParkedOnDiskAndReadBack() {
		vwoDown();
		runner("vwo.queue.capacity=200", "vwo.batch.max-events=20").run((context) -> {
			DefaultVwoPushService service = context.getBean(DefaultVwoPushService.class);
			int accepted = 0;
			for (int i = 0; i < 2000; i++) {
				accepted += service.push("k" + i, "v", "u" + (i % 10)) ? 1 : 0;
				if (i % 50 == 49) {
					Thread.sleep(30);
				}
			}
			assertThat(accepted).isEqualTo(2000);
			await().atMost(Duration.ofSeconds(5)).until(() -> service.spooledDimensions() > 1000);
			assertThat(service.pending()).isLessThanOrEqualTo(200);
			vwoUp();
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(service.counters().count(PushReason.DELIVERED)).isEqualTo(2000));
			assertThat(service.spooledDimensions()).isZero();
			assertThat(VwoWireMock.acceptedEvents(vwo).stream().map(ReceivedEvent::key).distinct()).hasSize(2000);
		});
	}

	@Test
	void aFullSpoolDropsAndCounts() {
		vwoDown();
		runner("vwo.spool.max-size=1MB", "vwo.shutdown.timeout=0s").run((context) -> {
			DefaultVwoPushService service = context.getBean(DefaultVwoPushService.class);
			String value = "v".repeat(255);
			for (int i = 0; i < 6000; i++) {
				service.push("k" + i, value, "user");
				if (i % 100 == 99) {
					Thread.sleep(25);
				}
			}
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(service.counters().count(PushReason.SPOOL_FULL)).isPositive());
			assertThat(service.spoolBytes()).isLessThanOrEqualTo(1024 * 1024);
		});
	}

	@Test
	void aChildKilledWithSigkillLosesNothingItAccepted() throws Exception {
		vwoDown();
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-cp", System.getProperty("java.class.path"), SpoolCrashChild.class.getName(), "300",
				"--vwo.account-id=" + VwoWireMock.ACCOUNT_ID, "--vwo.sdk-key=" + VwoWireMock.SDK_KEY,
				"--vwo.base-url=" + vwo.baseUrl(), "--vwo.spool.enabled=true",
				"--vwo.spool.directory=" + this.spoolDirectory, "--vwo.spool.sync-interval=50ms",
				"--vwo.retry.initial-backoff=50ms", "--vwo.retry.max-backoff=100ms", "--vwo.batch.max-events=50"));
		Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
		int accepted = -1;
		List<String> output = new ArrayList<>();
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = lines.readLine()) != null) {
				output.add(line);
				if (line.startsWith("ACCEPTED ")) {
					accepted = Integer.parseInt(line.substring(9).trim());
				}
				if (line.equals("READY")) {
					break;
				}
			}
			assertThat(accepted).as("child output: %s", output).isEqualTo(300);
			child.destroyForcibly();
			assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
			assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);
		}
		finally {
			child.destroyForcibly();
		}
		assertThat(VwoWireMock.acceptedEvents(vwo)).isEmpty();
		vwoUp();
		runner().run((context) -> {
			DefaultVwoPushService service = context.getBean(DefaultVwoPushService.class);
			await().atMost(Duration.ofSeconds(15))
				.untilAsserted(() -> assertThat(service.counters().count(PushReason.DELIVERED)).isEqualTo(300));
			assertThat(service.counters().recovered()).isEqualTo(300);
			PushCounters counters = service.counters();
			assertThat(counters.count(PushOutcome.FAILED) + counters.count(PushOutcome.DROPPED)).isZero();
		});
		List<String> keys = VwoWireMock.acceptedEvents(vwo).stream().map(ReceivedEvent::key).toList();
		assertThat(keys).doesNotHaveDuplicates().hasSize(300);
		assertThat(keys).contains("crash-0", "crash-299");
	}

}
