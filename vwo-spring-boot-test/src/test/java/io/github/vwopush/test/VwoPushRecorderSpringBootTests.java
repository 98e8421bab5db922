package io.github.vwopush.test;

import java.util.concurrent.CompletableFuture;

import io.github.vwopush.PushOutcome;
import io.github.vwopush.PushReason;
import io.github.vwopush.PushResult;
import io.github.vwopush.VwoDimension;
import io.github.vwopush.VwoPushService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A user's test: an annotated controller in a full application context, with the real
 * auto-configuration and a VWO account configured, and no network.
 */
@SpringBootTest(properties = { "vwo.account-id=123456", "vwo.sdk-key=not-used-by-the-recorder" })
@AutoConfigureVwoPushRecorder
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VwoPushRecorderSpringBootTests {

	@Autowired
	private WebApplicationContext context;

	@Autowired
	private VwoPushRecorder recorder;

	private MockMvc mvc;

	@BeforeEach
	void mockMvc() {
		this.mvc = MockMvcBuilders.webAppContextSetup(this.context).build();
	}

	@Test
	@Order(1)
	void annotatedEndpointPushesForTheUserOfTheRequest() throws Exception {
		this.mvc.perform(get("/prices/gold").header("X-User-Id", "alice"))
			.andExpect(status().isOk())
			.andExpect(content().string("49"));
		this.recorder.assertPushed("alice", "plan", "gold");
		assertThat(this.recorder.pushes()).extracting(RecordedPush::userId, RecordedPush::key, RecordedPush::value,
				RecordedPush::outcome)
			.containsExactly(tuple("alice", "plan", "gold", PushOutcome.DELIVERED),
					tuple("alice", "band", "premium", PushOutcome.DELIVERED));
	}

	@Test
	@Order(2)
	void eachTestSeesOnlyItsOwnPushes() throws Exception {
		this.recorder.assertNothingPushed();
		this.mvc.perform(get("/prices/silver").header("X-User-Id", "bob")).andExpect(status().isOk());
		assertThat(this.recorder.pushes()).extracting(RecordedPush::userId).containsOnly("bob");
	}

	@Test
	@Order(3)
	void invalidAnnotatedPushesAreRecordedAsRejectedWithProductionsReasons() throws Exception {
		this.mvc.perform(get("/prices/gold")).andExpect(status().isOk());
		this.mvc.perform(get("/prices/{plan}", "bad\u0007").header("X-User-Id", "carol")).andExpect(status().isOk());
		this.mvc.perform(post("/broken")).andExpect(status().isOk()).andExpect(content().string("ok"));
		assertThat(this.recorder.rejected()).extracting(RecordedPush::key, RecordedPush::reason)
			.containsExactly(tuple("plan", PushReason.MISSING_USER_ID), tuple("band", PushReason.MISSING_USER_ID),
					tuple("plan", PushReason.INVALID_CHARACTER), tuple("cohort", PushReason.EVALUATION_ERROR));
		assertThat(this.recorder.rejected().get(3).message())
			.isEqualTo("could not evaluate the value of @VwoDimension(key=\"cohort\") on "
					+ PriceController.class.getName() + ".broken (org.springframework.expression.spel.SpelEvaluationException)");
		assertThat(this.recorder.delivered()).extracting(RecordedPush::key).containsExactly("band");
	}

	@Test
	@Order(4)
	void injectedServiceCanFollowPushesToTheirOutcome() throws Exception {
		MvcResult started = this.mvc.perform(post("/users/dora/segment")).andExpect(request().asyncStarted()).andReturn();
		this.mvc.perform(asyncDispatch(started)).andExpect(status().isOk()).andExpect(content().string("true"));
		this.recorder.assertPushed("dora", "cohort", "2026-q4");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(PriceController.class)
	static class PricingApp {

	}

	@RestController
	static class PriceController {

		private final VwoPushService vwo;

		PriceController(VwoPushService vwo) {
			this.vwo = vwo;
		}

		@GetMapping("/prices/{plan}")
		@VwoDimension(key = "plan", value = "#plan")
		@VwoDimension(key = "band", value = "#result > 20 ? 'premium' : 'standard'")
		int price(@PathVariable String plan) {
			return plan.equals("gold") ? 49 : 19;
		}

		@PostMapping("/broken")
		@VwoDimension(key = "cohort", value = "#result.noSuchMethod()", userId = "'erin'")
		String broken() {
			return "ok";
		}

		@PostMapping("/users/{userId}/segment")
		CompletableFuture<Boolean> segment(@PathVariable String userId) {
			return this.vwo.pushAsync("cohort", "2026-q4", userId).thenApply(PushResult::isDelivered);
		}

	}

}
