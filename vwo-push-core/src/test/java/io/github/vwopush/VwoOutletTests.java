package io.github.vwopush;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An engine built with a {@link VwoOutlet} hands its batches to the outlet on the sender
 * thread instead of sending them to VWO, with the engine's retries and one outcome per
 * dimension, as for VWO's answers.
 */
class VwoOutletTests {

	private final WireMockServer vwo = new WireMockServer(wireMockConfig().dynamicPort());

	private final List<List<VwoOutboundDimension>> batches = new CopyOnWriteArrayList<>();

	private final List<String> threads = new CopyOnWriteArrayList<>();

	private final List<VwoOutlet.Answer> script = new CopyOnWriteArrayList<>();

	private final AtomicInteger calls = new AtomicInteger();

	private VwoPushEngine engine;

	@BeforeEach
	void start() {
		this.vwo.start();
		this.vwo.stubFor(get(urlPathEqualTo("/server-side/settings"))
			.willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{}")));
		// Records each batch and its thread, and answers as the test scripted, else accepted.
		this.engine = started(outlet("test outlet", (batch) -> {
			this.batches.add(new ArrayList<>(batch));
			this.threads.add(Thread.currentThread().getName());
			int call = this.calls.getAndIncrement();
			List<VwoOutlet.Answer> answers = this.script;
			return CompletableFuture.supplyAsync(
					() -> (call < answers.size()) ? answers.get(call) : VwoOutlet.Answer.accepted());
		}), 100);
	}

	@AfterEach
	void stop() {
		this.engine.stop(Duration.ofSeconds(1));
		this.vwo.stop();
	}

	@Test
	void acceptedDimensionsGoToTheOutletOnTheSenderThreadNotToVwo() throws Exception {
		PushResult result = this.engine
			.pushAsync(Map.of("plan", "gold"), VwoVisitor.of("user-42").withSessionId(7).withIpAddress("10.0.0.1"))
			.get(10, TimeUnit.SECONDS);
		PushResult typed = this.engine.pushAsync("visits", 12, "user-42").get(10, TimeUnit.SECONDS);

		// Handed off, not delivered: VWO has not seen it; a relay delivers it and counts that outcome.
		assertThat(result.isHandedOff()).isTrue();
		assertThat(result.isDelivered()).isFalse();
		assertThat(result.dimensions().get(0).outcome()).isEqualTo(PushOutcome.HANDED_OFF);
		assertThat(result.dimensions().get(0).message()).isEqualTo("handed to test outlet");
		assertThat(typed.isHandedOff()).isTrue();
		assertThat(this.threads).containsOnly("vwo-push-sender");
		VwoOutboundDimension first = this.batches.get(0).get(0);
		assertThat(first.visitor()).isEqualTo(new VwoVisitor("user-42", 7L, null, "10.0.0.1"));
		assertThat(first.key()).isEqualTo("plan");
		assertThat(first.value()).isEqualTo("gold");
		assertThat(first.type()).isEqualTo(VwoOutboundDimension.Type.STRING);
		assertThat(first.toString()).doesNotContain("user-42", "gold", "10.0.0.1");
		VwoOutboundDimension number = this.batches.get(this.batches.size() - 1).get(0);
		assertThat(number.type()).isEqualTo(VwoOutboundDimension.Type.NUMBER);
		assertThat(number.value()).isEqualTo("12");
		this.vwo.verify(0, postRequestedFor(urlPathEqualTo("/server-side/batch-events")));
		assertThat(this.engine.state().count(PushReason.OUTBOX)).isEqualTo(2);
	}

	/**
	 * A relay delivers what another instance accepted: VWO's event time must be when that
	 * instance accepted it, never later, and never in the future when its clock ran ahead.
	 */
	@Test
	void aPushAcceptedEarlierElsewhereKeepsItsAcceptedTimeButNeverAFutureOne() throws Exception {
		Instant anHourAgo = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
		Instant tomorrow = Instant.now().plus(Duration.ofDays(1));

		this.engine.pushAsync(Map.of("plan", "gold"), VwoVisitor.of("user-1"), anHourAgo).get(10, TimeUnit.SECONDS);
		this.engine.pushAsync(Map.of("plan", "gold"), VwoVisitor.of("user-2"), tomorrow).get(10, TimeUnit.SECONDS);
		Instant afterBoth = Instant.now();

		List<VwoOutboundDimension> sent = this.batches.stream().flatMap(List::stream).toList();
		assertThat(sent).hasSize(2);
		assertThat(sent.get(0).acceptedAt()).isEqualTo(anHourAgo);
		assertThat(sent.get(1).acceptedAt()).isBeforeOrEqualTo(afterBoth);
	}

	@Test
	void aBatchTheOutletCannotTakeNowIsRetriedWithTheEnginesBackoff() throws Exception {
		this.script.add(VwoOutlet.Answer.retry("BrokerDown"));
		this.script.add(VwoOutlet.Answer.retry("BrokerDown"));

		PushResult result = this.engine.pushAsync("plan", "gold", "user-42").get(10, TimeUnit.SECONDS);

		assertThat(result.isHandedOff()).isTrue();
		assertThat(this.calls).hasValue(3);
		assertThat(this.batches).allSatisfy((batch) -> assertThat(batch).hasSize(1));
	}

	@Test
	void aBatchTheOutletRefusesForGoodFailsWithItsReason() throws Exception {
		this.script.add(VwoOutlet.Answer.rejected("RecordTooLargeException"));

		PushResult result = this.engine.pushAsync("plan", "gold", "user-42").get(10, TimeUnit.SECONDS);

		assertThat(result.isHandedOff()).isFalse();
		assertThat(result.dimensions().get(0).reason()).isEqualTo(PushReason.HTTP_4XX);
		assertThat(result.dimensions().get(0).message()).isEqualTo("test outlet refused it: RecordTooLargeException");
		assertThat(this.calls).hasValue(1);
	}

	@Test
	void anOutletThatThrowsIsRetriedNotLost() throws Exception {
		VwoPushEngine throwing = started(outlet("throwing outlet", (batch) -> {
			if (VwoOutletTests.this.calls.getAndIncrement() == 0) {
				throw new IllegalStateException("not yet");
			}
			return CompletableFuture.completedFuture(VwoOutlet.Answer.accepted());
		}), 100);
		try {
			assertThat(throwing.pushAsync("plan", "gold", "user-42").get(10, TimeUnit.SECONDS).isHandedOff()).isTrue();
			assertThat(this.calls).hasValue(2);
		}
		finally {
			throwing.stop(Duration.ofSeconds(1));
		}
	}

	/**
	 * An outlet's retryable answer is never a sign of poison: a Kafka partition without a
	 * leader refuses the batches for it while others go through. Refused 60 times while every
	 * other batch was taken (with VWO, 10 such strikes fail a request as poison), it is still
	 * handed off once the outlet takes it.
	 */
	@Test
	void aBatchTheOutletRefusesWhileItTakesOthersIsRetriedNotFailedAsPoison() throws Exception {
		AtomicInteger refusals = new AtomicInteger();
		// One dimension a request, so that the stuck one is alone in its batches.
		VwoPushEngine engine = started(outlet("partly available outlet", (batch) -> {
			boolean leaderless = batch.stream().anyMatch((dimension) -> dimension.value().equals("stuck"));
			return CompletableFuture.completedFuture(
					(leaderless && refusals.incrementAndGet() <= 60) ? VwoOutlet.Answer.retry("NotLeaderOrFollowerException")
							: VwoOutlet.Answer.accepted());
		}), 1);
		try {
			CompletableFuture<PushResult> stuck = engine.pushAsync("plan", "stuck", "user-stuck");
			for (int i = 0; !stuck.isDone() && i < 2000; i++) {
				// Other traffic, which the outlet takes: what makes each refusal look like a strike.
				engine.pushAsync("plan", "v" + i, "user-" + i).get(10, TimeUnit.SECONDS);
			}
			PushResult result = stuck.get(10, TimeUnit.SECONDS);
			assertThat(refusals.get()).isGreaterThan(60);
			assertThat(result.dimensions().get(0).reason()).isEqualTo(PushReason.OUTBOX);
		}
		finally {
			engine.stop(Duration.ofSeconds(1));
		}
	}


	/** An engine handing batches of at most {@code maxEvents} to the outlet, started. */
	private VwoPushEngine started(VwoOutlet outlet, int maxEvents) {
		VwoPushEngine engine = VwoPushEngine.builder(123456, "outlet-sdk-key")
			.baseUrl(this.vwo.baseUrl())
			.batching(maxEvents, Duration.ofMillis(10))
			.retryBackoff(Duration.ofMillis(5), Duration.ofMillis(50))
			.outlet(outlet)
			.build();
		engine.start();
		return engine;
	}

	private static VwoOutlet outlet(String description,
			Function<List<VwoOutboundDimension>, CompletableFuture<VwoOutlet.Answer>> send) {
		return new VwoOutlet() {

			@Override
			public CompletableFuture<Answer> send(List<VwoOutboundDimension> batch) {
				return send.apply(batch);
			}

			@Override
			public String description() {
				return description;
			}

		};
	}
}
