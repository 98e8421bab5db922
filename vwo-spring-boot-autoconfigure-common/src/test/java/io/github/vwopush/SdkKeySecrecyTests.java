package io.github.vwopush;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reactivestreams.Publisher;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.client.reactive.ClientHttpRequestDecorator;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientRequestObservationContext;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.github.vwopush.VwoWireMock.SDK_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SDK key reaches VWO, and nothing else: not an observation (so neither a trace nor a
 * metric), not a user's WebClient filter, not a log line of Spring's or Reactor Netty's
 * HTTP client even at DEBUG. Boot's own observation, metrics and WebClient
 * auto-configuration are active, as in an application.
 */
@ExtendWith(OutputCaptureExtension.class)
class SdkKeySecrecyTests {

	@RegisterExtension
	static WireMockExtension vwo = VwoWireMock.extension();

	private static final String[] VERBOSE_LOGGERS = { "reactor.netty",
			"org.springframework.web.reactive.function.client", "org.springframework.http.codec" };

	@BeforeEach
	void vwoIsHealthyAndClientsLogEverything() {
		VwoWireMock.healthy(vwo);
		for (String name : VERBOSE_LOGGERS) {
			((Logger) LoggerFactory.getLogger(name)).setLevel(Level.TRACE);
		}
	}

	@AfterEach
	void quietAgain() {
		for (String name : VERBOSE_LOGGERS) {
			((Logger) LoggerFactory.getLogger(name)).setLevel(null);
		}
	}

	private ApplicationContextRunner runner(String transport) {
		return VwoWireMock.runner(vwo, "vwo.transport=" + transport, "spring.http.codecs.log-request-details=true")
			.withConfiguration(RunningBootLine.metrics())
			.withConfiguration(RunningBootLine.observedWebClient())
			.withUserConfiguration(Recorders.class);
	}

	@ParameterizedTest
	@ValueSource(strings = { "batch", "event-arch", "legacy" })
	void observationsMetricsAndLogsNeverCarryTheKey(String transport, CapturedOutput output) {
		runner(transport).run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			assertThat(service.pushAsync("plan", "gold", "Ashley").get().isDelivered()).isTrue();
			ObservationRecorder observations = context.getBean(ObservationRecorder.class);
			List<String> seen = observations.seen;
			assertThat(seen).isNotEmpty().noneMatch((entry) -> entry.contains(SDK_KEY));
			// The requests were observed, with the key redacted rather than the observation missing.
			assertThat(seen).anyMatch((entry) -> entry.contains("/server-side/settings?")
					&& entry.contains("i=" + io.github.vwopush.internal.protocol.WireRequest.REDACTED));
			assertThat(seen).anyMatch((entry) -> entry.contains(pushPath(transport) + "?")
					&& entry.contains("env=" + io.github.vwopush.internal.protocol.WireRequest.REDACTED));
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.find("http.client.requests").timers()).isNotEmpty();
			assertThat(registry.getMeters()).noneMatch((meter) -> meter.getId().toString().contains(SDK_KEY));
			assertWireMockGotTheKey(transport);
		});
		assertThat(output).contains("HTTP GET").doesNotContain(SDK_KEY);
	}

	@ParameterizedTest
	@ValueSource(strings = { "batch", "event-arch", "legacy" })
	void aUsersExchangeFilterSeesTheRequestRedacted(String transport) {
		runner(transport).run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			assertThat(service.pushAsync("plan", "gold", "Ashley").get().isDelivered()).isTrue();
			List<String> seen = context.getBean(RecordingFilter.class).seen;
			assertThat(seen).anyMatch((entry) -> entry.contains("/server-side/settings?"))
				.anyMatch((entry) -> entry.contains(pushPath(transport) + "?"))
				.noneMatch((entry) -> entry.contains(SDK_KEY));
			if (!transport.equals("legacy")) {
				assertThat(seen).anyMatch((entry) -> entry.startsWith("body: ") && entry.contains("plan"));
			}
			assertWireMockGotTheKey(transport);
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "event-arch", "batch-v2" })
	void theVisitorsUserAgentAndAddressReachVwoAndNothingElse(String transport, CapturedOutput output) {
		String userAgent = "Mozilla/5.0 (PrivateAgent 7)";
		String address = "203.0.113.77";
		runner(transport).withPropertyValues("vwo.platform=fme").run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			VwoVisitor visitor = VwoVisitor.of("Ashley").withUserAgent(userAgent).withIpAddress(address);
			assertThat(service.pushAsync(java.util.Map.of("plan", "gold"), visitor).get().isDelivered()).isTrue();
			List<String> filtered = context.getBean(RecordingFilter.class).seen;
			List<String> observed = context.getBean(ObservationRecorder.class).seen;
			// Seen, redacted: the filter read the body and its headers, and the observation the request.
			assertThat(filtered).anyMatch((entry) -> entry.startsWith("body: ") && entry.contains("visitor_ip"));
			assertThat(filtered).noneMatch((entry) -> entry.contains(userAgent) || entry.contains(address));
			assertThat(observed).isNotEmpty().noneMatch((entry) -> entry.contains(userAgent) || entry.contains(address));
			LoggedRequest push = VwoWireMock.pushRequests(vwo).get(0);
			String received = push.getBodyAsString();
			assertThat(received).contains(userAgent).contains(address);
			if (transport.equals("event-arch")) {
				assertThat(push.getHeader("X-Device-User-Agent")).isEqualTo(userAgent);
				assertThat(push.getHeader("VWO-X-Forwarded-For")).isEqualTo(address);
			}
		});
		assertThat(output).contains("HTTP POST").doesNotContain(userAgent).doesNotContain(address);
	}

	private static String pushPath(String transport) {
		return switch (transport) {
			case "batch" -> "/server-side/batch-events";
			case "event-arch" -> "/events/t";
			default -> "/server-side/push";
		};
	}

	private static void assertWireMockGotTheKey(String transport) {
		LoggedRequest settings = vwo.findAll(getRequestedFor(urlPathEqualTo("/server-side/settings"))).get(0);
		assertThat(VwoWireMock.query(settings)).containsEntry("i", SDK_KEY);
		LoggedRequest push = VwoWireMock.pushRequests(vwo).get(0);
		assertThat(VwoWireMock.query(push)).containsEntry("env", SDK_KEY);
		if (transport.equals("batch")) {
			assertThat(push.getHeader("Authorization")).isEqualTo(SDK_KEY);
		}
		if (transport.equals("event-arch")) {
			assertThat(VwoWireMock.body(push).path("d").path("visitor").path("props").path("vwo_fs_environment")
				.asText()).isEqualTo(SDK_KEY);
			assertThat(VwoWireMock.body(push).path("d").path("event").path("props").path("vwo_envKey").asText())
				.isEqualTo(SDK_KEY);
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Recorders {

		@Bean
		ObservationRecorder observationRecorder() {
			return new ObservationRecorder();
		}

		@Bean
		RecordingFilter recordingFilter() {
			return new RecordingFilter();
		}

		@Bean
		Object recordingFilterCustomizer(RecordingFilter filter) {
			return RunningBootLine.webClientCustomizer((builder) -> builder.filter(filter));
		}

	}

	/** Everything an observation handler (a tracer, a meter registry) is given. */
	static class ObservationRecorder implements ObservationHandler<Observation.Context> {

		final List<String> seen = new CopyOnWriteArrayList<>();

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

		@Override
		public void onStart(Observation.Context context) {
			record(context);
		}

		@Override
		public void onError(Observation.Context context) {
			record(context);
		}

		@Override
		public void onStop(Observation.Context context) {
			record(context);
		}

		private void record(Observation.Context context) {
			this.seen.add("name: " + context.getName());
			this.seen.add("contextual name: " + context.getContextualName());
			context.getLowCardinalityKeyValues().forEach((kv) -> this.seen.add(kv.getKey() + "=" + kv.getValue()));
			context.getHighCardinalityKeyValues().forEach((kv) -> this.seen.add(kv.getKey() + "=" + kv.getValue()));
			if (context.getError() != null) {
				this.seen.add("error: " + context.getError());
			}
			if (context instanceof ClientRequestObservationContext client && client.getRequest() != null) {
				this.seen.add("request: " + client.getRequest().url() + " " + client.getRequest().headers());
			}
		}

	}

	/** A user's filter on the application's WebClient.Builder: what it sees, body included. */
	static class RecordingFilter implements ExchangeFilterFunction {

		final List<String> seen = new CopyOnWriteArrayList<>();

		@Override
		public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
			this.seen.add("url: " + request.url());
			this.seen.add("headers: " + request.headers());
			ClientRequest capturing = ClientRequest.from(request)
				.body((message, context) -> request.body().insert(new ClientHttpRequestDecorator(message) {

					@Override
					public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
						return super.writeWith(Flux.from(body)
							.doOnNext((buffer) -> RecordingFilter.this.seen
								.add("body: " + buffer.toString(StandardCharsets.UTF_8))));
					}

				}, context))
				.build();
			return next.exchange(capturing);
		}

	}

}
