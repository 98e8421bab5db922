package io.github.vwopush.sample.pricing;

import io.github.vwopush.PushOutcome;
import io.github.vwopush.PushReason;
import io.github.vwopush.test.AutoConfigureVwoPushRecorder;
import io.github.vwopush.test.RecordedPush;
import io.github.vwopush.test.VwoPushRecorder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * What the controller pushes, asserted with the starter's test support: no network, no
 * collector, no WireMock.
 */
@SpringBootTest
@AutoConfigureVwoPushRecorder
class PriceControllerTests {

	@Autowired
	private WebApplicationContext context;

	@Autowired
	private VwoPushRecorder vwo;

	private MockMvc mvc;

	@BeforeEach
	void mockMvc() {
		this.mvc = MockMvcBuilders.webAppContextSetup(this.context).build();
	}

	@Test
	void aQuoteTagsTheUserWithThePlan() throws Exception {
		this.mvc.perform(get("/prices/gold").header("X-User-Id", "alice")).andExpect(status().isOk());
		this.vwo.assertPushed("alice", "plan", "gold");
	}

	@Test
	void aSubscriptionPushesPlanBillingAndPriceBand() throws Exception {
		this.mvc
			.perform(post("/subscriptions").header("X-User-Id", "bob")
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"plan\":\"silver\",\"billing\":\"yearly\"}"))
			.andExpect(status().isOk());
		assertThat(this.vwo.pushes()).extracting(RecordedPush::userId, RecordedPush::key, RecordedPush::value,
				RecordedPush::outcome)
			.containsExactly(tuple("bob", "plan", "silver", PushOutcome.DELIVERED),
					tuple("bob", "billing", "yearly", PushOutcome.DELIVERED),
					tuple("bob", "price-band", "standard", PushOutcome.DELIVERED));
	}

	@Test
	void aSubscriptionWithoutAPlanPushesNothing() throws Exception {
		this.mvc
			.perform(post("/subscriptions").header("X-User-Id", "dora")
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"plan\":null,\"billing\":\"yearly\"}"))
			.andExpect(status().isBadRequest());
		this.vwo.assertNothingPushed();
	}

	@Test
	void aBlankSegmentValueIsRejectedAndTheOthersPushed() throws Exception {
		this.mvc
			.perform(post("/users/carol/segment").contentType(MediaType.APPLICATION_JSON)
				.content("{\"cohort\":\"2026-q4\",\"bad\":\"\"}"))
			.andExpect(status().isOk())
			.andExpect(content().json("{\"cohort\":true,\"bad\":false,\"tenant\":true}"));
		this.vwo.assertPushed("carol", "cohort", "2026-q4");
		this.vwo.assertPushed("carol", "tenant", "default");
		this.vwo.assertRejected("bad", PushReason.INVALID_VALUE);
	}

}
