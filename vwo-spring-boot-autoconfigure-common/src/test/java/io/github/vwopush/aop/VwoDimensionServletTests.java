package io.github.vwopush.aop;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.vwopush.PushReason;
import io.github.vwopush.VwoDimension;
import io.github.vwopush.VwoPushService;
import io.github.vwopush.VwoUserIdResolver;
import io.github.vwopush.VwoWireMock;
import io.github.vwopush.autoconfigure.VwoAutoConfiguration;
import io.github.vwopush.autoconfigure.VwoDimensionAspectAutoConfiguration;
import io.github.vwopush.internal.delivery.DefaultVwoPushService;
import io.github.vwopush.internal.protocol.VisitorUuid;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

import static io.github.vwopush.VwoWireMock.body;
import static io.github.vwopush.VwoWireMock.pushRequests;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code @VwoDimension} on servlet controllers, called through MockMvc, with WireMock as VWO.
 */
@ExtendWith(OutputCaptureExtension.class)
class VwoDimensionServletTests {

	@RegisterExtension
	static WireMockExtension vwo = VwoWireMock.extension();

	private static final VisitorUuid UUIDS = VisitorUuid.forAccount(VwoWireMock.ACCOUNT_ID);

	@BeforeEach
	void vwoIsHealthy() {
		VwoWireMock.healthy(vwo);
	}

	private WebApplicationContextRunner runner(String... properties) {
		return new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, VwoAutoConfiguration.class,
					VwoDimensionAspectAutoConfiguration.class))
			.withPropertyValues("vwo.account-id=" + VwoWireMock.ACCOUNT_ID, "vwo.sdk-key=" + VwoWireMock.SDK_KEY,
					"vwo.base-url=" + vwo.baseUrl(), "vwo.batch.linger=20ms")
			.withPropertyValues(properties)
			.withUserConfiguration(Web.class);
	}

	private static Map<String, String> pushedFor(String user) {
		String uuid = UUIDS.of(user);
		Map<String, String> tags = new HashMap<>();
		VwoWireMock.batchEvents(vwo)
			.stream()
			.filter((event) -> event.visitor().equals(uuid))
			.forEach((event) -> assertThat(tags.put(event.key(), event.value())).as("pushed twice").isNull());
		return tags;
	}

	@Test
	void valueFromAPathVariableAndUserFromTheDefaultHeaderResolver() {
		runner().run((context) -> {
			MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
			mvc.perform(get("/prices/gold").header("X-User-Id", "alice"))
				.andExpect(status().isOk())
				.andExpect(content().string("49"));
			flush(context);
			assertThat(pushedFor("alice")).containsExactly(Map.entry("plan", "gold"));
		});
	}

	@Test
	void theRequestsUserAgentAndAddressGoWithThePushOnlyWhenTurnedOn() {
		runner("vwo.transport=event-arch").run((context) -> {
			MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
			mvc.perform(get("/prices/gold").header("X-User-Id", "alice").header("User-Agent", "Mozilla/5.0 (X11)"))
				.andExpect(status().isOk());
			flush(context);
			com.github.tomakehurst.wiremock.verification.LoggedRequest off = VwoWireMock.pushRequests(vwo).get(0);
			assertThat(off.containsHeader("X-Device-User-Agent")).isFalse();
			assertThat(off.containsHeader("VWO-X-Forwarded-For")).isFalse();
			assertThat(VwoWireMock.body(off).path("d").has("visitor_ua")).isFalse();
			assertThat(VwoWireMock.body(off).path("d").has("visitor_ip")).isFalse();
		});
		VwoWireMock.healthy(vwo);
		runner("vwo.transport=event-arch", "vwo.aspect.forward-user-agent-and-ip=true").run((context) -> {
			MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
			mvc.perform(get("/prices/gold").header("X-User-Id", "alice")
				.header("User-Agent", "Mozilla/5.0 (X11)")
				.with((request) -> {
					request.setRemoteAddr("203.0.113.7");
					return request;
				})).andExpect(status().isOk());
			flush(context);
			com.github.tomakehurst.wiremock.verification.LoggedRequest on = VwoWireMock.pushRequests(vwo).get(0);
			assertThat(on.getHeader("X-Device-User-Agent")).isEqualTo("Mozilla/5.0 (X11)");
			assertThat(on.getHeader("VWO-X-Forwarded-For")).isEqualTo("203.0.113.7");
			assertThat(VwoWireMock.body(on).path("d").path("visitor_ua").asText()).isEqualTo("Mozilla/5.0 (X11)");
			assertThat(VwoWireMock.body(on).path("d").path("visitor_ip").asText()).isEqualTo("203.0.113.7");
		});
	}

	@Test
	void valueFromTheRequestBodyAndTheResultWithARepeatedAnnotationInOnePush() {
		runner().run((context) -> {
			MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
			mvc.perform(post("/subscriptions").header("X-User-Id", "bob")
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"plan\":\"silver\",\"billing\":\"yearly\"}")).andExpect(status().isOk());
			flush(context);
			assertThat(pushRequests(vwo)).hasSize(1);
			assertThat(pushedFor("bob")).containsOnly(Map.entry("plan", "silver"), Map.entry("billing", "yearly"),
					Map.entry("subscription", "sub-silver"));
		});
	}

	@Test
	void numbersAndBooleansFromExpressionsKeepTheirType() {
		runner("vwo.transport=event-arch").run((context) -> {
			MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
			mvc.perform(get("/cart/12").header("X-User-Id", "erin")).andExpect(status().isOk());
			flush(context);
			// Any other type is pushed as its toString(), as before; NaN is rejected like any pushed NaN.
			assertThat(pushRequests(vwo)).singleElement()
				.satisfies((request) -> assertThat(request.getBodyAsString()).endsWith("\"vwo_fs_environment\":\""
						+ VwoWireMock.SDK_KEY + "\",\"seats\":12,\"large\":true,\"share\":3.0,\"unit\":\"DAYS\"}}}}"));
			assertThat(context.getBean(DefaultVwoPushService.class).counters().count(PushReason.NON_FINITE_NUMBER))
				.isEqualTo(1);
		});
	}

	@Test
	void falseConditionPushesNothingAndTrueConditionPushes() {
		runner().run((context) -> {
			MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
			mvc.perform(get("/trial/0").header("X-User-Id", "carol")).andExpect(status().isOk());
			mvc.perform(get("/trial/14").header("X-User-Id", "dave")).andExpect(status().isOk());
			flush(context);
			assertThat(pushedFor("carol")).isEmpty();
			assertThat(pushedFor("dave")).containsExactly(Map.entry("trial", "14"));
		});
	}

	@Test
	void beanReferencesWorkInExpressions() {
		runner().run((context) -> {
			MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
			mvc.perform(get("/tiers/gold").header("X-User-Id", "nina")).andExpect(status().isOk());
			flush(context);
			assertThat(pushedFor("nina")).containsExactly(Map.entry("tier", "TIER-GOLD"));
		});
	}

	@Test
	void authenticatedPrincipalWinsOverTheHeader() {
		runner().run((context) -> {
			MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
			org.springframework.security.core.context.SecurityContextHolder.getContext()
				.setAuthentication(org.springframework.security.authentication.UsernamePasswordAuthenticationToken
					.authenticated("principal-olga", null, List.of()));
			try {
				mvc.perform(get("/prices/gold").header("X-User-Id", "header-olga")).andExpect(status().isOk());
			}
			finally {
				org.springframework.security.core.context.SecurityContextHolder.clearContext();
			}
			flush(context);
			assertThat(pushedFor("principal-olga")).containsExactly(Map.entry("plan", "gold"));
			assertThat(pushedFor("header-olga")).isEmpty();
		});
	}

	@Test
	void anExceptionPushesNothingAndPropagatesUnchanged() {
		runner().run((context) -> {
			MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
			assertThatExceptionOfType(jakarta.servlet.ServletException.class)
				.isThrownBy(() -> mvc.perform(get("/broken").header("X-User-Id", "erin")))
				.havingRootCause()
				.isInstanceOf(IllegalStateException.class)
				.withMessage("out of stock");
			flush(context);
			assertThat(pushRequests(vwo)).isEmpty();
			assertThat(context.getBean(DefaultVwoPushService.class).counters().accepted()).isZero();
		});
	}

	@Test
	void completableFutureIsPushedWhenItCompletes() {
		runner().run((context) -> {
			MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
			MvcResult started = mvc.perform(get("/async/platinum").header("X-User-Id", "frank"))
				.andExpect(request().asyncStarted())
				.andReturn();
			mvc.perform(asyncDispatch(started)).andExpect(content().string("platinum"));
			flush(context);
			assertThat(pushedFor("frank")).containsExactly(Map.entry("async-plan", "platinum"));
		});
	}

	@Test
	void optionalResultIsUnwrapped() {
		runner().run((context) -> {
			MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
			mvc.perform(get("/coupon").header("X-User-Id", "gina")).andExpect(status().isOk());
			flush(context);
			assertThat(pushedFor("gina")).containsExactly(Map.entry("coupon", "SAVE10"));
		});
	}

	@Test
	void evaluationErrorIsCountedAsRejectedAndTheResponseIsUnaffected() {
		runner().run((context) -> {
			MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
			mvc.perform(get("/nulls").header("X-User-Id", "hank"))
				.andExpect(status().isOk())
				.andExpect(content().string("ok"));
			flush(context);
			DefaultVwoPushService service = context.getBean(DefaultVwoPushService.class);
			assertThat(service.counters().count(PushReason.EVALUATION_ERROR)).isEqualTo(1);
			assertThat(service.counters().count(PushReason.INVALID_VALUE)).isEqualTo(1);
			assertThat(pushRequests(vwo)).isEmpty();
		});
	}

	@Test
	void aFailingExpressionOrResolverNeverLogsTheRawUserId(CapturedOutput output) {
		String userId = "alice-raw-id-7731";
		runner().run((context) -> {
			MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
			// Integer.parseInt(userId) fails with a message that quotes its input: the user id.
			mvc.perform(get("/age").header("X-User-Id", userId)).andExpect(status().isOk());
			flush(context);
			assertThat(context.getBean(DefaultVwoPushService.class).counters().count(PushReason.EVALUATION_ERROR))
				.isEqualTo(1);
		});
		runner().withBean(VwoUserIdResolver.class, () -> () -> {
			throw new IllegalStateException("no session for user " + userId);
		}).run((context) -> {
			MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
			mvc.perform(get("/prices/gold")).andExpect(status().isOk());
			flush(context);
			assertThat(context.getBean(DefaultVwoPushService.class).counters().count(PushReason.MISSING_USER_ID))
				.isEqualTo(1);
		});
		assertThat(output).contains("evaluation_error")
			.contains("ShopController.price")
			.contains("java.lang.IllegalStateException")
			.doesNotContain(userId);
	}

	@Test
	void noUserIdIsCountedAsRejected(CapturedOutput output) {
		runner().run((context) -> {
			MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
			mvc.perform(get("/prices/gold")).andExpect(status().isOk());
			flush(context);
			assertThat(context.getBean(DefaultVwoPushService.class).counters().count(PushReason.MISSING_USER_ID))
				.isEqualTo(1);
			assertThat(pushRequests(vwo)).isEmpty();
		});
		// Where it looked: the annotation's userId attribute, the principal and the header.
		assertThat(output).contains("VWO push rejected [missing_user_id]: no user id for @VwoDimension(key=\"plan\") on "
				+ ShopController.class.getName() + ".price: it has no userId attribute (a SpEL expression for the user "
				+ "id), and the default VwoUserIdResolver found none: there is no authenticated principal")
			.contains(", and the request has no header X-User-Id (vwo.aspect.user-id-header)");
	}

	@Test
	void aResolverOfTheApplicationsThatFindsNoUserIdIsNamed(CapturedOutput output) {
		runner().withBean(VwoUserIdResolver.class, () -> () -> null).run((context) -> {
			MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
			mvc.perform(get("/prices/gold")).andExpect(status().isOk());
			flush(context);
			assertThat(context.getBean(DefaultVwoPushService.class).counters().count(PushReason.MISSING_USER_ID))
				.isEqualTo(1);
		});
		assertThat(output).contains("it has no userId attribute (a SpEL expression for the user id), and the "
				+ "application's VwoUserIdResolver (").contains(") returned null");
	}

	@Test
	void usersOwnResolverWins() {
		runner().withBean(VwoUserIdResolver.class, () -> () -> "from-resolver").run((context) -> {
			MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
			mvc.perform(get("/prices/silver").header("X-User-Id", "ignored")).andExpect(status().isOk());
			flush(context);
			assertThat(pushedFor("from-resolver")).containsExactly(Map.entry("plan", "silver"));
			assertThat(pushedFor("ignored")).isEmpty();
		});
	}

	@Test
	void transactionCommittedPushesAndRolledBackDoesNot() {
		runner().withUserConfiguration(Transactions.class).run((context) -> {
			Orders orders = context.getBean(Orders.class);
			orders.place("ivan", "kettle");
			try {
				orders.placeThenFail("judy", "toaster");
			}
			catch (IllegalStateException expected) {
				// rolled back
			}
			TransactionTemplate outer = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
			outer.executeWithoutResult((status) -> {
				orders.place("kim", "lamp");
				status.setRollbackOnly();
			});
			outer.executeWithoutResult((status) -> orders.place("leo", "mug"));
			flush(context);
			assertThat(pushedFor("ivan")).containsExactly(Map.entry("order", "kettle"));
			assertThat(pushedFor("judy")).isEmpty();
			assertThat(pushedFor("kim")).isEmpty();
			assertThat(pushedFor("leo")).containsExactly(Map.entry("order", "mug"));
		});
	}

	@Test
	void hundredConcurrentRequestsGiveHundredDistinctPushesNeverMixed() {
		runner("vwo.batch.max-events=5000").run((context) -> {
			MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
			ExecutorService pool = Executors.newFixedThreadPool(16);
			try {
				List<Future<?>> calls = new java.util.ArrayList<>();
				for (int i = 0; i < 100; i++) {
					String user = "user-" + i;
					calls.add(pool.submit(() -> {
						mvc.perform(get("/prices/plan-" + user).header("X-User-Id", user)).andExpect(status().isOk());
						return null;
					}));
				}
				for (Future<?> call : calls) {
					call.get();
				}
			}
			finally {
				pool.shutdown();
			}
			flush(context);
			int events = pushRequests(vwo).stream().mapToInt((request) -> body(request).path("ev").size()).sum();
			assertThat(events).isEqualTo(100);
			for (int i = 0; i < 100; i++) {
				assertThat(pushedFor("user-" + i)).containsExactly(Map.entry("plan", "plan-user-" + i));
			}
		});
	}

	static void flush(org.springframework.context.ApplicationContext context) {
		assertThat(context.getBean(VwoPushService.class).flush(Duration.ofSeconds(5))).isTrue();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebMvc
	static class Web {

		@Bean
		ShopController shopController() {
			return new ShopController();
		}

		@Bean
		Tiers tiers() {
			return new Tiers();
		}

	}

	@RestController
	static class ShopController {

		@GetMapping("/prices/{plan}")
		@VwoDimension(key = "plan", value = "#plan")
		int price(@PathVariable String plan) {
			return plan.equals("gold") ? 49 : 19;
		}

		@PostMapping("/subscriptions")
		@VwoDimension(key = "plan", value = "#request.plan()")
		@VwoDimension(key = "billing", value = "#p0.billing()", userId = "#userId")
		@VwoDimension(key = "subscription", value = "#result", userId = "#a1")
		String subscribe(@RequestBody SubscriptionRequest request, @RequestHeader("X-User-Id") String userId) {
			return "sub-" + request.plan();
		}

		@GetMapping("/cart/{seats}")
		@VwoDimension(key = "seats", value = "#seats")
		@VwoDimension(key = "large", value = "#seats > 10")
		@VwoDimension(key = "share", value = "#seats / 4.0")
		@VwoDimension(key = "unit", value = "T(java.util.concurrent.TimeUnit).DAYS")
		@VwoDimension(key = "ratio", value = "T(Double).NaN")
		int cart(@PathVariable int seats) {
			return seats;
		}

		@GetMapping("/trial/{days}")
		@VwoDimension(key = "trial", value = "#days", condition = "#result > 0")
		int trial(@PathVariable int days) {
			return days;
		}

		@GetMapping("/tiers/{plan}")
		@VwoDimension(key = "tier", value = "@tiers.of(#plan)")
		String tier(@PathVariable String plan) {
			return plan;
		}

		@GetMapping("/broken")
		@VwoDimension(key = "plan", value = "'never'")
		String broken() {
			throw new IllegalStateException("out of stock");
		}

		@GetMapping("/async/{plan}")
		@VwoDimension(key = "async-plan", value = "#result")
		CompletableFuture<String> async(@PathVariable String plan) {
			return CompletableFuture.supplyAsync(() -> plan);
		}

		@GetMapping("/coupon")
		@VwoDimension(key = "coupon", value = "#result")
		Optional<String> coupon() {
			return Optional.of("SAVE10");
		}

		@GetMapping("/age")
		@VwoDimension(key = "age", value = "T(java.lang.Integer).parseInt(#userId)")
		String age(@RequestHeader("X-User-Id") String userId) {
			return "ok";
		}

		@GetMapping("/nulls")
		@VwoDimension(key = "missing", value = "#root.target.noSuchProperty")
		@VwoDimension(key = "null-value", value = "null")
		String nulls() {
			return "ok";
		}

	}

	record SubscriptionRequest(String plan, String billing) {
	}

	static class Tiers {

		public String of(String plan) {
			return "TIER-" + plan.toUpperCase(java.util.Locale.ROOT);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableTransactionManagement
	static class Transactions {

		@Bean
		PlatformTransactionManager transactionManager() {
			return new InMemoryTransactionManager();
		}

		@Bean
		Orders orders() {
			return new Orders();
		}

	}

	static class Orders {

		@Transactional
		@VwoDimension(key = "order", value = "#item", userId = "#user")
		public String place(String user, String item) {
			return item;
		}

		@Transactional
		@VwoDimension(key = "order", value = "#item", userId = "#user")
		public String placeThenFail(String user, String item) {
			throw new IllegalStateException("payment declined");
		}

	}

	/** A transaction manager with real synchronization and no resource: commits and rollbacks are Spring's. */
	static class InMemoryTransactionManager extends AbstractPlatformTransactionManager {

		@Override
		protected Object doGetTransaction() {
			return new Object();
		}

		@Override
		protected void doBegin(Object transaction, org.springframework.transaction.TransactionDefinition definition) {
		}

		@Override
		protected void doCommit(DefaultTransactionStatus status) {
		}

		@Override
		protected void doRollback(DefaultTransactionStatus status) {
		}

	}

}
